import {
  ConnectorConflictError,
  ConnectorValidationError,
  createVismaClient,
  type Clock,
  type VismaClient,
  type VismaClientOptions,
  type VismaCredentials,
} from '@mlc/connectors';
import { startVismaSandbox, VISMA_DEMO, type RunningVismaSandbox } from '@mlc/sandbox';

const NORWAY = VISMA_DEMO.companies.norway;
/** Sleeps resolve at once (the sandbox's faults do not depend on time). */
const instantClock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

describe('VismaClient against the Visma sandbox', () => {
  let sandbox: RunningVismaSandbox;
  const credentials: VismaCredentials = { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: NORWAY.tenantId };
  const make = (creds: Partial<VismaCredentials> = {}, options: Partial<VismaClientOptions> = {}): VismaClient =>
    createVismaClient({ ...credentials, ...creds }, { companyId: NORWAY.companyId, apiBaseUrl: sandbox.url, tokenUrl: `${sandbox.url}/connect/token`, clock: instantClock, ...options });

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ maxPageSize: 2 });
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.faults.clear();
    sandbox.log.clear();
  });
  afterAll(async () => sandbox.close());

  it('should create, read, find and update a customer with its ETag', async () => {
    const client = make();
    const email = `ola.${Date.now()}@kunde.example`;
    const created = await client.customers.create({ name: 'Ola Kunde', corporateId: '999888777', mainContact: { email } });
    const { record, etag } = await client.customers.get(created.id);
    expect(record).toMatchObject({ number: created.id, name: 'Ola Kunde', corporateId: '999888777' });
    expect(etag).toBeDefined();
    expect((await client.customers.findByEmail(email)).map((c) => c.number)).toEqual([created.id]);
    expect((await client.customers.findByCorporateId('999888777')).map((c) => c.number)).toEqual([created.id]);
    const updated = await client.customers.update(created.id, { name: 'Ola Kunde AS' }, etag);
    expect(updated.etag).not.toBe(etag);
    expect((await client.customers.get(created.id)).record.name).toBe('Ola Kunde AS');
  });

  it('should raise a conflict on a stale ETag and succeed with updateWithRetry when someone else wrote first', async () => {
    const client = make();
    const { id } = await client.customers.create({ name: 'Race AS' });
    const stale = (await client.customers.get(id)).etag;
    await client.customers.update(id, { name: 'Race AS (other writer)' }, stale);
    await expect(client.customers.update(id, { name: 'mine' }, stale)).rejects.toBeInstanceOf(ConnectorConflictError);
    const result = await client.customers.updateWithRetry(id, (c) => ({ name: `${c.name ?? ''} + mine` }));
    expect(result.status).toBe('updated');
    expect((await client.customers.get(id)).record.name).toBe('Race AS (other writer) + mine');
  });

  it('should create an invoice via v2 and find it by externalReference', async () => {
    const client = make();
    const { id: customer } = await client.customers.create({ name: 'Faktura Kunde' });
    const ref = `ORD-${Date.now()}`;
    const created = await client.customerInvoices.create({
      customerNumber: customer,
      documentDate: '2025-03-01',
      externalReference: ref,
      invoiceText: 'Webshop order',
      invoiceLines: [{ description: 'Kaffekopp', quantity: '2', unitPriceInCurrency: '99.50' }],
    });
    const found = await client.customerInvoices.findByExternalReference(ref);
    expect(found.map((i) => i.referenceNumber)).toEqual([created.id]);
    const { record } = await client.customerInvoices.get(created.id);
    expect(record.customer?.number).toBe(customer);
    expect(typeof record.amount).toBe('string');
    expect(record.invoiceLines?.[0]?.amountInCurrency).toBe('199');
    expect(await client.customerInvoices.findByExternalReference(`${ref}-none`)).toEqual([]);
  });

  it('should create a credit note and find it by externalReference', async () => {
    const client = make();
    const { id: customer } = await client.customers.create({ name: 'Kreditt Kunde' });
    const ref = `RMA-${Date.now()}`;
    const created = await client.customerCreditNotes.create({ customerNumber: customer, documentDate: '2025-03-02', externalReference: ref, lines: [{ description: 'Retur', quantity: '1', unitPriceInCurrency: '50' }] });
    expect((await client.customerCreditNotes.findByExternalReference(ref)).map((n) => n.referenceNumber)).toEqual([created.id]);
  });

  it('should map a rejected invoice to a validation error with Visma message', async () => {
    const err: unknown = await make()
      .customerInvoices.create({ customerNumber: 'NO-SUCH', documentDate: '2025-03-01', externalReference: 'x', invoiceLines: [{ description: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorValidationError);
    expect((err as ConnectorValidationError).providerMessage).toContain('NO-SUCH');
    expect((err as ConnectorValidationError).requestId).toBeDefined();
  });

  it('should page a delta across several pages when maxPageSize is small', async () => {
    const client = make();
    const since = new Date();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await client.customers.create({ name: `Delta ${i}` })).id);
    const pages = [];
    for await (const page of client.customers.listModifiedSince({ since: new Date(since.getTime() - 1000), pageSize: 10 })) pages.push(page);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((p) => p.items.length <= 2)).toBe(true);
    const seen = pages.flatMap((p) => p.items.map((c) => c.number));
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages.at(-1)?.nextCursor).toBeUndefined();
  });

  it('should list reference data', async () => {
    const client = make();
    const [accounts, vatCodes, categories, branches, dimensions] = await Promise.all([
      client.ledgerAccounts.list(),
      client.vat.listCodes(),
      client.vat.listCategories(),
      client.branches.list(),
      client.dimensions.list(),
    ]);
    expect(accounts.length).toBeGreaterThan(5);
    expect(vatCodes.length).toBeGreaterThan(0);
    expect(categories.length).toBeGreaterThan(0);
    expect(branches.length).toBeGreaterThan(0);
    expect(dimensions.every((d) => typeof d.id === 'string')).toBe(true);
    const subaccounts = [];
    for await (const page of client.dimensions.listSubaccounts()) subaccounts.push(...page.items);
    expect(subaccounts.every((s) => typeof s.subaccountNumber === 'string')).toBe(true);
  });

  it('should retry through injected 503 and 429 faults', async () => {
    const client = make();
    sandbox.faults.arm({ kind: 'http-503', count: 1, method: 'GET', pathContains: '/v1/account' });
    sandbox.faults.arm({ kind: 'http-429', count: 1, method: 'GET', pathContains: '/v1/vat', retryAfterSeconds: 1 });
    await client.ledgerAccounts.list();
    await client.vat.listCodes();
    expect(sandbox.log.list({ method: 'GET', pathContains: '/v1/account' })).toHaveLength(2);
    expect(sandbox.log.list({ method: 'GET', pathContains: '/v1/vat' })).toHaveLength(2);
  });

  describe('ping', () => {
    it('should report OK with the company name when everything is right', async () => {
      const report = await make().ping();
      expect(report.ok).toBe(true);
      expect(report.companyName).toBe(NORWAY.name);
      expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['reachable:ok', 'auth:ok', 'tenant:ok', 'company:ok', 'permissions:ok', 'rate-limit:ok']);
    });

    it.each([
      ['a wrong client secret', { clientSecret: 'wrong' }, {}, 'auth', 'invalid_client'],
      ['a tenant that has not approved the client', { clientId: VISMA_DEMO.limitedClientId, clientSecret: VISMA_DEMO.limitedClientSecret, tenantId: VISMA_DEMO.companies.sweden.tenantId }, {}, 'tenant', 'tenant_not_approved'],
      ['a customer tenant instead of the company tenant', { tenantId: VISMA_DEMO.customerTenantId }, {}, 'tenant', 'not_an_erp_company'],
      ['a wrong company id', {}, { companyId: '9999999' }, 'company', 'company_mismatch'],
      ['a scope the app may not use', { scopes: ['vismanet_erp_service_api:read', 'visma.net.erp.salesorder:write'] }, {}, 'permissions', 'missing_scope'],
    ] as const)('should diagnose %s', async (_name, creds, options, step, code) => {
      const report = await make(creds, options).ping();
      expect(report.ok).toBe(false);
      const failed = report.steps.filter((s) => s.status === 'failed');
      expect(failed.map((s) => [s.step, s.code])).toEqual([[step, code]]);
      expect(report.summary).toBe(failed[0]?.hint);
      expect(JSON.stringify(report)).not.toContain(VISMA_DEMO.clientSecret);
    });

    it('should diagnose an unreachable network', async () => {
      const report = await make({}, { tokenUrl: 'http://127.0.0.1:9/connect/token', retry: { maxAttempts: 1 } }).ping();
      expect(report.steps[0]).toMatchObject({ step: 'reachable', status: 'failed', code: 'connection_refused' });
      expect(report.steps.slice(1).every((s) => s.status === 'skipped')).toBe(true);
    });
  });
});
