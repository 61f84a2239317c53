import {
  ConnectorConflictError,
  ConnectorError,
  ConnectorNotFoundError,
  ConnectorTransientError,
  ConnectorValidationError,
  FenceExpiredError,
  createVismaClient,
  type Clock,
  type VismaClient,
  type VismaInventoryCreateDocument,
  type VismaInventoryItem,
} from '@mlc/connectors';
import { startVismaSandbox, VISMA_DEMO, type RunningVismaSandbox } from '@mlc/sandbox';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';

const NORWAY = VISMA_DEMO.companies.norway;
const instantClock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

/** The value-wrapped InventoryUpdateDto a commercetools product push would build (price as a decimal string). */
const capDocument = (inventoryNumber = 'CT-CAP-01'): VismaInventoryCreateDocument => ({
  inventoryNumber: { value: inventoryNumber },
  description: { value: 'Caps, navy' },
  itemClass: { value: 'VARER' },
  type: { value: 'FinishedGoodItem' },
  vatCode: { value: '3' },
  defaultPrice: { value: '249.50' },
  baseUnit: { value: 'STK' },
  salesUnit: { value: 'STK' },
  purchaseUnit: { value: 'STK' },
});

describe('VismaInventoryClient writes against the Visma sandbox', () => {
  const START = Date.parse('2025-06-02T08:00:00.000Z');
  let now = START;
  const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };
  let sandbox: RunningVismaSandbox;
  const make = (): VismaClient =>
    createVismaClient(
      { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: NORWAY.tenantId },
      { companyId: NORWAY.companyId, apiBaseUrl: sandbox.url, tokenUrl: `${sandbox.url}/connect/token`, clock },
    );
  const posts = () => sandbox.log.list({ method: 'POST', pathContains: '/v1/inventory' });
  const puts = (number: string) => sandbox.log.list({ method: 'PUT', pathContains: `/v1/inventory/${number}` });
  const lease = () => Promise.resolve(Date.now() + 5_000);
  /** Someone edits the item in Visma's UI: a new row version and modification time. */
  const editInVisma = (number: string, description: string): void => {
    const company = sandbox.store(NORWAY.tenantId);
    const current = company.inventory.get(number);
    if (!current) throw new Error(`no item ${number}`);
    company.inventory.set(number, { ...current, description, rowVersion: company.nextRowVersion(), lastModifiedMs: company.now() });
  };

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: () => now, maxPageSize: 100 });
  });
  beforeEach(() => {
    now = START;
    sandbox.reset();
    sandbox.faults.clear();
    sandbox.log.clear();
  });
  afterAll(async () => sandbox.close());

  it('should create an item behind the fence, get it back with the same ETag, and see it in the delta listing', async () => {
    const client = make();
    const created = await client.inventory.create(capDocument(), { fence: lease });
    expect(created).toEqual({ id: 'CT-CAP-01', etag: expect.stringMatching(/^".+"$/) as unknown });
    expect(posts().map((e) => e.status)).toEqual([201]);
    expect(sandbox.store(NORWAY.tenantId).inventory.get('CT-CAP-01')?.defaultPriceMinor).toBe(24950);

    const { record, etag } = await client.inventory.get(created.id);
    expect(etag).toBe(created.etag);
    expect([record.inventoryNumber, record.description, record.type, record.status, record.defaultPrice, record.vatCode?.id, record.itemClass?.id, record.postingClass?.id, record.stockItem]).toEqual([
      'CT-CAP-01', 'Caps, navy', 'FinishedGoodItem', 'Active', '249.5', '3', 'VARER', 'HV', true,
    ]);
    expect(etag).toBe(`"${record.timestamp ?? ''}"`);

    const found: VismaInventoryItem[] = [];
    for await (const page of client.inventory.list({ lastModifiedSince: new Date(START) })) found.push(...page.items);
    expect(found.map((i) => i.inventoryNumber)).toEqual(['CT-CAP-01']);
  });

  it('should raise a validation error naming inventoryNumber for a taken number, after exactly one POST', async () => {
    const client = make();
    const err: unknown = await client.inventory.create(capDocument('CT-MUG-01')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorValidationError);
    expect((err as ConnectorValidationError).fieldErrors.map((f) => f.field)).toEqual(['inventoryNumber']);
    expect([(err as ConnectorValidationError).retryable, (err as ConnectorValidationError).status]).toEqual([false, 400]);
    expect(posts()).toHaveLength(1);

    const unknownClass: unknown = await client.inventory.create({ ...capDocument('CT-CAP-02'), itemClass: { value: 'KLAER' } }).catch((e: unknown) => e);
    expect((unknownClass as ConnectorValidationError).fieldErrors.map((f) => f.field)).toEqual(['itemClass']);
    expect(await client.inventory.tryGet('CT-CAP-02')).toBeUndefined();
  });

  it('should refuse a document outside the DTO subset or without a mandatory field before any request', async () => {
    const client = make();
    const { itemClass: _omit, ...withoutClass } = capDocument();
    await expect(client.inventory.create(withoutClass as VismaInventoryCreateDocument)).rejects.toThrow(/itemClass/);
    await expect(client.inventory.create({ ...capDocument(), defaultPrice: { value: '249,50' } })).rejects.toThrow(/defaultPrice/);
    await expect(client.inventory.create({ ...capDocument(), inventoryNumber: { value: ' CT-CAP-01' } })).rejects.toThrow(/inventoryNumber/);
    await expect(client.inventory.update('CT-MUG-01', { inventoryNumber: { value: 'CT-MUG-02' } } as never, undefined)).rejects.toThrow(/inventoryNumber/);
    expect(sandbox.log.list({})).toHaveLength(0);
  });

  it('should raise a conflict for a stale ETag, and updateWithRetry should re-read, re-apply and succeed', async () => {
    const client = make();
    const { etag: stale } = await client.inventory.get('CT-MUG-01');
    now += 60_000;
    editInVisma('CT-MUG-01', 'Keramisk krus (UI)');
    const conflict: unknown = await client.inventory.update('CT-MUG-01', { defaultPrice: { value: '219.00' } }, stale).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConnectorConflictError);
    expect((conflict as ConnectorConflictError).status).toBe(412);

    sandbox.log.clear();
    const seen: string[] = [];
    const result = await client.inventory.updateWithRetry('CT-MUG-01', (fresh) => {
      seen.push(fresh.description ?? '');
      if (seen.length === 1) editInVisma('CT-MUG-01', 'Keramisk krus, blå');
      return fresh.defaultPrice === '219' ? undefined : { defaultPrice: { value: '219.00' } };
    });
    expect(result).toEqual({ status: 'updated', result: { etag: expect.stringMatching(/^".+"$/) as unknown }, attempts: 2 });
    expect(seen).toEqual(['Keramisk krus (UI)', 'Keramisk krus, blå']);
    expect(puts('CT-MUG-01').map((e) => e.status)).toEqual([412, 204]);
    expect(puts('CT-MUG-01').map((e) => typeof e.headers['if-match'])).toEqual(['string', 'string']);

    const { record, etag } = await client.inventory.get('CT-MUG-01');
    expect([record.description, record.defaultPrice, record.lastModifiedDateTime, etag]).toEqual(['Keramisk krus, blå', '219', '2025-06-02T08:01:00.000Z', result.status === 'updated' ? result.result.etag : '']);
    sandbox.log.clear();
    expect(await client.inventory.updateWithRetry('CT-MUG-01', (fresh) => (fresh.defaultPrice === '219' ? undefined : { defaultPrice: { value: '219.00' } }))).toEqual({ status: 'unchanged', attempts: 1 });
    expect(sandbox.log.list({ method: 'PUT' })).toHaveLength(0);
  });

  it('should give up with the last conflict after maxAttempts when every PUT is overtaken', async () => {
    const client = make();
    let n = 0;
    const attempt = client.inventory.updateWithRetry('CT-TEE-M', () => {
      n += 1;
      editInVisma('CT-TEE-M', `edit ${n}`);
      return { status: { value: 'NoSales' } };
    }, 2);
    await expect(attempt).rejects.toBeInstanceOf(ConnectorConflictError);
    expect(puts('CT-TEE-M').map((e) => e.status)).toEqual([412, 412]);
    expect((await client.inventory.get('CT-TEE-M')).record.status).toBe('Active');
  });

  it('should raise not-found for an unknown item on get, update and updateWithRetry', async () => {
    const client = make();
    await expect(client.inventory.get('NO-SUCH-ITEM')).rejects.toBeInstanceOf(ConnectorNotFoundError);
    await expect(client.inventory.update('NO-SUCH-ITEM', { description: { value: 'x' } }, undefined)).rejects.toBeInstanceOf(ConnectorNotFoundError);
    await expect(client.inventory.updateWithRetry('NO-SUCH-ITEM', () => ({ description: { value: 'x' } }))).rejects.toBeInstanceOf(ConnectorNotFoundError);
    expect(await client.inventory.tryGet('NO-SUCH-ITEM')).toBeUndefined();
  });

  it('should not send the POST or PUT when the write fence refuses an expired lease', async () => {
    const client = make();
    await expect(client.inventory.create(capDocument(), { fence: () => Promise.reject(new Error('lease lost')) })).rejects.toThrow('lease lost');
    await expect(client.inventory.create(capDocument(), { fence: () => Promise.resolve(Date.now() - 1) })).rejects.toBeInstanceOf(FenceExpiredError);
    await expect(client.inventory.update('CT-MUG-01', { description: { value: 'x' } }, undefined, { fence: () => Promise.reject(new Error('lease lost')) })).rejects.toThrow('lease lost');
    expect(posts()).toHaveLength(0);
    expect(sandbox.log.list({ method: 'PUT' })).toHaveLength(0);
    expect(await client.inventory.tryGet('CT-CAP-01')).toBeUndefined();
    expect((await client.inventory.get('CT-MUG-01')).record.description).toBe('Keramisk krus');
  });

  it('should leave the item created when the POST reply is lost, so the caller adopts it by GET instead of posting twice', async () => {
    const client = make();
    sandbox.faults.arm({ kind: 'lose-reply', count: 1, method: 'POST', pathContains: '/v1/inventory' });
    await expect(client.inventory.create(capDocument(), { fence: lease })).rejects.toBeInstanceOf(ConnectorTransientError);
    expect(posts().map((e) => [e.status, e.fault])).toEqual([[201, 'lose-reply']]);

    sandbox.log.clear();
    const adopted = await client.inventory.tryGet('CT-CAP-01');
    expect([adopted?.record.description, adopted?.etag]).toEqual(['Caps, navy', expect.stringMatching(/^".+"$/) as unknown]);
    expect(sandbox.log.list({})).toHaveLength(1);
    expect(posts()).toHaveLength(0);
  });
});

describe('VismaInventoryClient create with an unexpected Location (counting server)', () => {
  let server: CountingServer;
  beforeEach(async () => {
    server = await startCountingServer();
    server.route('POST', '/connect/token', () => ({ status: 200, body: { access_token: 'tok', expires_in: 3600, token_type: 'Bearer' } }));
  });
  afterEach(async () => server.close());
  const make = () => createVismaClient({ clientId: 'c', clientSecret: 's', tenantId: 't' }, { companyId: '1', apiBaseUrl: server.url, tokenUrl: `${server.url}/connect/token`, clock: instantClock });

  it('should raise unexpected_status when Location names another item, and take the sent number when there is no Location', async () => {
    let location: string | undefined = 'http://erp.example/v1/inventory/OTHER-1';
    server.route('POST', '/v1/inventory', () => ({ status: 201, headers: location === undefined ? {} : { location } }));
    const err: unknown = await make().inventory.create(capDocument()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).code).toBe('unexpected_status');
    location = undefined;
    expect(await make().inventory.create(capDocument())).toEqual({ id: 'CT-CAP-01', etag: undefined });
    expect(server.count('POST', '/v1/inventory')).toBe(2);
  });
});
