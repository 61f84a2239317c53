import { ConnectorConflictError, FenceExpiredError, createVismaClient, type Clock, type VismaClient } from '@mlc/connectors';
import { parseVismaSupplierSettings, toVismaSupplier, toVismaSupplierUpdate, type SalesCustomer } from '@mlc/mapping';
import { startVismaSandbox, VISMA_DEMO, type RunningVismaSandbox } from '@mlc/sandbox';

const NORWAY = VISMA_DEMO.companies.norway;
const instantClock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };
const SETTINGS = parseVismaSupplierSettings({ supplierClassId: 'NO', creditTermsId: '30' });
const MAX_PAGE_SIZE = 2;

const customer = (email: string, extra: Partial<SalesCustomer> = {}): SalesCustomer => ({
  email,
  name: 'Kari Leverandør',
  company: 'Fjordtre AS',
  vatNumber: 'NO923000111MVA',
  shopCustomerId: '42',
  billingAddress: { name: 'Kari Leverandør', line1: 'Kaia 3', postalCode: '5004', city: 'Bergen', countryCode: 'NO' },
  ...extra,
});

function draft(c: SalesCustomer) {
  const result = toVismaSupplier(c, SETTINGS, { currencyId: 'NOK' });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.document;
}

describe('VismaSupplierClient against the Visma sandbox', () => {
  let sandbox: RunningVismaSandbox;
  const make = (): VismaClient =>
    createVismaClient(
      { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: NORWAY.tenantId },
      { companyId: NORWAY.companyId, apiBaseUrl: sandbox.url, tokenUrl: `${sandbox.url}/connect/token`, clock: instantClock },
    );
  const lease = () => Promise.resolve(Date.now() + 5_000);
  const gets = () => sandbox.log.list({ method: 'GET', pathContains: '/v1/supplier' }).length;
  /** Someone edits the supplier in Visma's UI right now: a new row version (ETag), note and phone changed. */
  const editInVisma = (number: string, note: string): void => {
    const company = sandbox.store(NORWAY.tenantId);
    const current = company.suppliers.get(number);
    if (!current) throw new Error(`no supplier ${number}`);
    company.suppliers.set(number, { ...current, note, mainContact: { ...current.mainContact, phone1: '+47 55 00 00 00' }, rowVersion: company.nextRowVersion(), lastModifiedMs: company.now() });
  };

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ maxPageSize: MAX_PAGE_SIZE });
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.faults.clear();
    sandbox.log.clear();
  });
  afterAll(async () => sandbox.close());

  it('should create a mapped supplier behind the fence and read it with its ETag', async () => {
    const client = make();
    const created = await client.suppliers.create(draft(customer('kari@fjordtre.example')), { fence: lease });
    expect(created.id).toBe('50002');
    const { record, etag } = await client.suppliers.get(created.id);
    expect(etag).toBe(created.etag);
    expect([record.name, record.status, record.supplierClass?.id, record.creditTerms?.id, record.currencyId, record.vatRegistrationId]).toEqual([
      'Fjordtre AS', 'Active', 'NO', '30', 'NOK', 'NO923000111MVA',
    ]);
    expect([record.mainContact?.email, record.mainContact?.attention, record.mainAddress?.city]).toEqual(['kari@fjordtre.example', 'Kari Leverandør', 'Bergen']);
    expect(await client.suppliers.tryGet('99999')).toBeUndefined();
    expect((await client.suppliers.listClasses()).map((c) => c.id)).toEqual(['NO', 'UTL']);
  });

  it('should match by e-mail through the VAT number filter in one GET, through the name, or only by an opted-in full scan', async () => {
    const client = make();
    await client.suppliers.create(draft(customer('kari@fjordtre.example')));
    sandbox.log.clear();

    const byVat = await client.suppliers.findByEmail('KARI@fjordtre.example', { vatRegistrationId: 'NO923000111MVA', name: 'Fjordtre AS' });
    expect([byVat.stage, byVat.requests, byVat.matches.map((m) => m.record.number)]).toEqual(['vatRegistrationId', 1, ['50002']]);
    expect(byVat.matches[0]?.etag).toBe((await client.suppliers.get('50002')).etag);

    const byName = await client.suppliers.findByEmail('kari@fjordtre.example', { vatRegistrationId: 'NO000MVA', name: 'fjordtre as' });
    expect([byName.stage, byName.requests]).toEqual(['name', 2]);

    sandbox.log.clear();
    expect(await client.suppliers.findByEmail('post@emballasje.example', {})).toEqual({ matches: [], stage: undefined, requests: 0 });
    expect(gets()).toBe(0);
    const scan = await client.suppliers.findByEmail('post@emballasje.example', { allowFullScan: true });
    const total = sandbox.store(NORWAY.tenantId).suppliers.size;
    expect([scan.stage, scan.requests, scan.matches.map((m) => m.record.number)]).toEqual(['full-scan', Math.ceil(total / MAX_PAGE_SIZE), ['50001']]);
    expect(gets()).toBe(Math.ceil(total / MAX_PAGE_SIZE));
  });

  it('should refuse a stale ETag with a conflict carrying no overwrite', async () => {
    const client = make();
    const other = make();
    const { id } = await client.suppliers.create(draft(customer('kari@fjordtre.example')));
    const stale = (await client.suppliers.get(id)).etag;
    await other.suppliers.update(id, { note: { value: 'changed in Visma' } }, stale);
    await expect(client.suppliers.update(id, { name: { value: 'mine' } }, stale)).rejects.toBeInstanceOf(ConnectorConflictError);
    expect((await client.suppliers.get(id)).record.name).toBe('Fjordtre AS');
  });

  it('should meet 412 when someone edits the supplier between our read and our PUT, then re-read, re-apply and keep both changes', async () => {
    const client = make();
    const { id } = await client.suppliers.create(draft(customer('kari@fjordtre.example')));
    sandbox.log.clear();
    const moved = customer('kari@fjordtre.example', { billingAddress: { name: 'Kari Leverandør', line1: 'Nygata 9', postalCode: '5015', city: 'Bergen', countryCode: 'NO' } });
    const seen: string[] = [];
    const result = await client.suppliers.updateWithRetry(id, (fresh) => {
      seen.push(fresh.note ?? '');
      if (seen.length === 1) editInVisma(id, 'checked by accounting');
      return toVismaSupplierUpdate(moved, fresh);
    });

    expect(result).toEqual({ status: 'updated', result: { etag: expect.stringMatching(/^".+"$/) as unknown }, attempts: 2 });
    expect(seen).toEqual(['', 'checked by accounting']);
    expect(sandbox.log.list({ method: 'PUT', pathContains: `/v1/supplier/${id}` }).map((e) => e.status)).toEqual([412, 204]);
    const { record } = await client.suppliers.get(id);
    expect([record.note, record.mainContact?.phone1, record.mainAddress?.addressLine1, record.mainAddress?.postalCode]).toEqual([
      'checked by accounting', '+47 55 00 00 00', 'Nygata 9', '5015',
    ]);
    sandbox.log.clear();
    expect(await client.suppliers.updateWithRetry(id, (fresh) => toVismaSupplierUpdate(moved, fresh))).toEqual({ status: 'unchanged', attempts: 1 });
    expect(sandbox.log.list({ method: 'PUT' })).toHaveLength(0);
  });

  it('should give up with the last conflict after maxAttempts when every PUT is overtaken', async () => {
    const client = make();
    const { id } = await client.suppliers.create(draft(customer('kari@fjordtre.example')));
    sandbox.log.clear();
    let n = 0;
    const attempt = client.suppliers.updateWithRetry(id, () => {
      n += 1;
      editInVisma(id, `edit ${n}`);
      return { name: { value: 'Fjordtre Vest AS' } };
    }, 2);
    await expect(attempt).rejects.toBeInstanceOf(ConnectorConflictError);
    expect(sandbox.log.list({ method: 'PUT' }).map((e) => e.status)).toEqual([412, 412]);
    expect((await client.suppliers.get(id)).record.name).toBe('Fjordtre AS');
  });

  it('should not send the POST when the write fence refuses an expired lease', async () => {
    const client = make();
    const doc = draft(customer('fence@fjordtre.example'));
    await expect(client.suppliers.create(doc, { fence: () => Promise.reject(new Error('lease lost')) })).rejects.toThrow('lease lost');
    await expect(client.suppliers.create(doc, { fence: () => Promise.resolve(Date.now() - 1) })).rejects.toBeInstanceOf(FenceExpiredError);
    expect(sandbox.log.list({ method: 'POST', pathContains: '/v1/supplier' })).toHaveLength(0);
    expect(sandbox.store(NORWAY.tenantId).suppliers.size).toBe(sandbox.store(NORWAY.tenantId).seed.suppliers.length);
  });

  it('should reject a document without the mandatory supplier class before any request', async () => {
    const client = make();
    const { supplierClassId: _omit, ...withoutClass } = draft(customer('x@fjordtre.example'));
    await expect(client.suppliers.create(withoutClass)).rejects.toThrow(/supplierClassId/);
    expect(sandbox.log.list({})).toHaveLength(0);
  });
});
