import {
  ConnectorError,
  ConnectorNotFoundError,
  createVismaClient,
  isVismaStockItem,
  type Clock,
  type VismaClient,
  type VismaInventoryCursor,
  type VismaInventoryItem,
  type VismaInventoryListOptions,
} from '@mlc/connectors';
import { startVismaSandbox, VISMA_DEMO, type RunningVismaSandbox } from '@mlc/sandbox';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';

const NORWAY = VISMA_DEMO.companies.norway;
const CT_SKUS = ['CT-MUG-01', 'CT-COFFEE-500', 'CT-TEE-M', 'CT-BOOK-01'];

/** Reads every page of a run, recording the items and the cursor after each page. */
async function drain(pages: AsyncIterable<{ items: readonly VismaInventoryItem[]; nextCursor: VismaInventoryCursor | undefined }>, onPage?: (n: number) => Promise<void>) {
  const items: VismaInventoryItem[] = [];
  const cursors: Array<VismaInventoryCursor | undefined> = [];
  for await (const page of pages) {
    items.push(...page.items);
    cursors.push(page.nextCursor);
    if (onPage) await onPage(cursors.length);
  }
  return { numbers: items.map((i) => i.inventoryNumber), items, cursors };
}

describe('VismaInventoryClient against the Visma sandbox', () => {
  const START = Date.parse('2025-06-02T08:00:00.000Z');
  let now = START;
  const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };
  let sandbox: RunningVismaSandbox;
  const make = (): VismaClient =>
    createVismaClient(
      { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: NORWAY.tenantId },
      { companyId: NORWAY.companyId, apiBaseUrl: sandbox.url, tokenUrl: `${sandbox.url}/connect/token`, clock },
    );
  const control = async (method: 'POST' | 'PATCH' | 'PUT', path: string, json: unknown): Promise<number> => {
    const res = await fetch(`${sandbox.url}/_sandbox/visma/companies/${NORWAY.tenantId}/inventory${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
    await res.text();
    return res.status;
  };
  const gets = (pathContains = '/v1/inventory') => sandbox.log.list({ method: 'GET', pathContains });
  const lastQuery = (pathContains = '/v1/inventory') => Object.fromEntries(new URLSearchParams(gets(pathContains).at(-1)?.query ?? ''));

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

  it('should page every item with pageNumber/pageSize and a JSON cursor, reading prices and quantities as decimal strings', async () => {
    const run = await drain(make().inventory.list({ pageSize: 5 }));
    expect(run.numbers).toHaveLength(14);
    expect(run.numbers.slice(-4)).toEqual(CT_SKUS);
    expect(run.cursors.map((c) => c?.pageNumber)).toEqual([2, 3, undefined]);
    expect(JSON.parse(JSON.stringify(run.cursors[0]))).toEqual(run.cursors[0]);
    expect(gets().map((r) => new URLSearchParams(r.query).get('pageNumber'))).toEqual(['1', '2', '3']);
    expect(Object.fromEntries(new URLSearchParams(gets()[0]?.query ?? ''))).toEqual({ pageNumber: '1', pageSize: '5', expandWarehouseDetail: 'true' });

    const mug = run.items.find((i) => i.inventoryNumber === 'CT-MUG-01');
    expect([mug?.description, mug?.status, mug?.type, mug?.stockItem, mug?.baseUnit, mug?.salesUnit, mug?.defaultPrice, mug?.vatCode?.id, mug?.lastModifiedDateTime]).toEqual([
      'Keramisk krus', 'Active', 'FinishedGoodItem', true, 'STK', 'STK', '199', '3', '2025-03-01T09:00:00.000Z',
    ]);
    expect(mug?.warehouseDetails?.map((w) => [w.warehouse, w.isDefault, w.quantityOnHand, w.available, w.availableForShipment])).toEqual([
      ['MAIN', true, '96', '92', '92'],
      ['BERGEN', false, '24', '24', '24'],
    ]);
    const frakt = run.items.find((i) => i.inventoryNumber === 'FRAKT');
    expect([mug && isVismaStockItem(mug), frakt && isVismaStockItem(frakt), frakt?.type]).toEqual([true, false, 'NonStockItem']);
  });

  it('should list only the items changed since a time, with the condition >=, and drop items changed after the window', async () => {
    const client = make();
    const since = await drain(client.inventory.list({ lastModifiedSince: new Date('2025-03-02T09:00:00.000Z') }));
    expect(since.numbers).toEqual(['CT-COFFEE-500', 'CT-TEE-M', 'CT-BOOK-01']);
    expect(lastQuery()).toMatchObject({ lastModifiedDateTime: '2025-03-02 09:00:00.000', lastModifiedDateTimeCondition: '>=' });

    const window = await drain(client.inventory.list({ lastModifiedSince: new Date('2025-03-01T00:00:00.000Z'), until: new Date('2025-03-03T09:00:00.000Z') }));
    expect(window.numbers).toEqual(['CT-MUG-01', 'CT-COFFEE-500', 'CT-TEE-M']);
    expect(window.cursors).toEqual([undefined]);

    const inactive = await drain(client.inventory.list({ status: 'Inactive', inventoryType: 'FinishedGoodItem' }));
    expect(inactive.numbers).toEqual(['KVERN-02']);
    expect(lastQuery()).toMatchObject({ status: 'Inactive', inventoryTypes: 'FinishedGoodItem' });
  });

  it('should show a quantity change in the next availability delta (not the item delta), and an item change in the item delta', async () => {
    const client = make();
    now += 60_000;
    expect(await control('PUT', '/CT-TEE-M/warehouses/MAIN', { onHand: '44' })).toBe(200);
    const since = new Date(START);

    expect((await drain(client.inventory.list({ lastModifiedSince: since }))).numbers).toEqual([]);
    const stock = await drain(client.inventory.list({ availabilitySince: since, expandWarehouseDetail: false }));
    expect(stock.numbers).toEqual(['CT-TEE-M']);
    expect(stock.items[0]?.warehouseDetails?.map((w) => [w.warehouse, w.quantityOnHand, w.available, w.lastModifiedDateTime])).toEqual([['MAIN', '44', '39', '2025-06-02T08:01:00.000Z']]);
    expect(lastQuery()).toEqual({
      pageNumber: '1', pageSize: '100', expandWarehouseDetail: 'true', availabilityLastModifiedDateTime: '2025-06-02 08:00:00.000', availabilityLastModifiedDateTimeCondition: '>=',
    });

    now += 60_000;
    expect(await control('PATCH', '/CT-BOOK-01', { defaultPrice: '339.00' })).toBe(200);
    const items = await drain(client.inventory.list({ lastModifiedSince: since }));
    expect(items.items.map((i) => [i.inventoryNumber, i.defaultPrice, i.lastModifiedDateTime])).toEqual([['CT-BOOK-01', '339', '2025-06-02T08:02:00.000Z']]);
    expect((await drain(client.inventory.list({ availabilitySince: new Date(START + 90_000) }))).numbers).toEqual([]);
  });

  it("should freeze the upper bound: quantities changed mid-run wait for the next run, which starts at this run's bound", async () => {
    const client = make();
    const first = await drain(client.inventory.list({ availabilitySince: new Date('2025-03-01T00:00:00.000Z'), pageSize: 2 }), async (page) => {
      if (page !== 1) return;
      now += 60_000;
      expect(await control('PUT', '/CT-MUG-01/warehouses/BERGEN', { onHand: '23' })).toBe(200);
      expect(await control('PUT', '/CT-BOOK-01/warehouses/MAIN', { onHand: '19' })).toBe(200);
    });
    expect(first.numbers).toEqual(['CT-MUG-01', 'CT-COFFEE-500', 'CT-TEE-M']);
    expect(first.cursors.map((c) => c?.pageNumber)).toEqual([2, undefined]);
    expect(first.cursors[0]?.filter.until).toBe('2025-06-02 08:00:00.000');

    const second = await drain(client.inventory.list({ availabilitySince: new Date(START), pageSize: 2 }));
    expect(second.numbers).toEqual(['CT-MUG-01', 'CT-BOOK-01']);
    expect(second.items.map((i) => i.warehouseDetails?.map((w) => w.quantityOnHand))).toEqual([['96', '23'], ['19']]);
  });

  it('should resume from a saved cursor without re-reading earlier pages', async () => {
    const pages = make().inventory.list({ pageSize: 5, lastModifiedSince: new Date('2024-01-01T00:00:00.000Z') });
    const firstPage = await pages.next();
    const saved = JSON.parse(JSON.stringify(firstPage.done ? undefined : firstPage.value.nextCursor)) as VismaInventoryCursor | undefined;
    await pages.return(undefined);
    expect(saved).toMatchObject({ pageNumber: 2, pageSize: 5, filter: { field: 'lastModifiedDateTime', since: '2024-01-01 00:00:00.000', expandWarehouseDetail: true }, previousKeys: ['KAFFE-1KG', 'KOPP-01', 'KVERN-02', 'FRAKT', 'RABATT'] });
    sandbox.log.clear();
    const rest = await drain(make().inventory.list({ resume: saved }));
    expect(rest.numbers).toEqual(['GEBYR', 'AVRUNDING', 'WS12-M-Orange', 'MH01-S-Gray', 'NO-SUCH-SKU-1', ...CT_SKUS]);
    expect(gets().map((r) => new URLSearchParams(r.query).get('pageNumber'))).toEqual(['2', '3']);
  });

  it('should read one item with its ETag, and raise ConnectorNotFoundError for an unknown one', async () => {
    const client = make();
    const { record, etag } = await client.inventory.get('CT-MUG-01');
    expect(etag).toBe(`"${record.timestamp ?? ''}"`);
    expect([record.inventoryNumber, record.defaultPrice, record.defaultWarehouse?.id, record.warehouseDetails?.length]).toEqual(['CT-MUG-01', '199', 'MAIN', 2]);
    expect(gets().at(-1)?.path).toBe('/v1/inventory/CT-MUG-01');
    await expect(client.inventory.get('NOPE-1')).rejects.toBeInstanceOf(ConnectorNotFoundError);
    await expect(client.inventory.summary('NOPE-1')).rejects.toBeInstanceOf(ConnectorNotFoundError);
  });

  it('should return the quantities per warehouse and their exact totals from the summary', async () => {
    const client = make();
    const mug = await client.inventory.summary('CT-MUG-01');
    expect(mug.rows).toHaveLength(2);
    expect(mug.warehouses).toEqual([
      { warehouseId: 'MAIN', description: 'Hovedlager Oslo', onHand: '96', available: '92', availableForShipment: '92' },
      { warehouseId: 'BERGEN', description: 'Butikklager Bergen', onHand: '24', available: '24', availableForShipment: '24' },
    ]);
    expect(mug.total).toEqual({ onHand: '120', available: '116', availableForShipment: '116' });
    expect(mug.rows[0]?.soBooked).toBe('4');

    expect((await client.inventory.summary('CT-MUG-01', { warehouse: 'BERGEN' })).total.onHand).toBe('24');
    expect(lastQuery('/v1/inventorysummary')).toEqual({ warehouse: 'BERGEN' });

    expect(await control('PUT', '/CT-MUG-01/warehouses/MAIN', { onHand: '0.1', soBooked: '0' })).toBe(200);
    expect(await control('PUT', '/CT-MUG-01/warehouses/BERGEN', { onHand: '0.2' })).toBe(200);
    expect((await client.inventory.summary('CT-MUG-01')).total).toEqual({ onHand: '0.3', available: '0.3', availableForShipment: '0.3' });

    const frakt = await client.inventory.summary('FRAKT');
    expect(frakt).toEqual({ inventoryNumber: 'FRAKT', rows: [], warehouses: [], total: { onHand: '0', available: '0', availableForShipment: '0' } });
  });
});

describe('VismaInventoryClient sequences (counting server)', () => {
  let server: CountingServer;
  const clock: Clock = { now: () => Date.parse('2025-06-02T08:00:00.000Z'), sleep: () => Promise.resolve() };
  const item = (n: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ inventoryNumber: n, type: 'FinishedGoodItem', status: 'Active', stockItem: true, lastModifiedDateTime: '2025-06-01T10:00:00', ...extra });
  const page = (numbers: string[], totalCount?: number) => numbers.map((n) => ({ ...item(n), metadata: { totalCount: totalCount ?? null, maxPageSize: 2 } }));
  const make = () =>
    createVismaClient({ clientId: 'c1', clientSecret: 's', tenantId: 't1' }, { companyId: '5100001', apiBaseUrl: server.url, tokenUrl: `${server.url}/connect/token`, clock });
  const inventoryGets = () => server.requests.filter((r) => r.path === '/v1/inventory');

  beforeEach(async () => {
    server = await startCountingServer();
    server.route('POST', '/connect/token', () => ({ status: 200, body: { access_token: 'tok', expires_in: 3600, token_type: 'Bearer' } }));
  });
  afterEach(async () => server.close());

  it('should drop an item that slid across the page boundary and follow the capped page size', async () => {
    server.route('GET', '/v1/inventory', (req) => {
      const pages: Record<string, string[]> = { '1': ['A1', 'A2'], '2': ['A2', 'A3'], '3': ['A4'] };
      return { status: 200, body: page(pages[req.query.get('pageNumber') ?? ''] ?? []) };
    });
    const run = await drain(make().inventory.list({ pageSize: 5 }));
    expect(run.numbers).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(inventoryGets().map((r) => [r.query.get('pageNumber'), r.query.get('pageSize')])).toEqual([['1', '5'], ['2', '2'], ['3', '2']]);
  });

  it('should stop with an error instead of looping when the server ignores pageNumber', async () => {
    server.route('GET', '/v1/inventory', () => ({ status: 200, body: page(['B1', 'B2']) }));
    await expect(drain(make().inventory.list({ pageSize: 2 }))).rejects.toMatchObject({ code: 'unexpected_status', message: expect.stringContaining('repeated the previous page') as unknown });
    expect(server.count('GET', '/v1/inventory')).toBe(2);
  });

  it('should send the availability filter with expandWarehouseDetail=true, keep items without readable timestamps and stop at totalCount', async () => {
    server.route('GET', '/v1/inventory', () => ({
      status: 200,
      body: [
        { ...item('C1', { warehouseDetails: [{ warehouse: 'MAIN', quantityOnHand: 3, lastModifiedDateTime: '2025-06-02T07:00:00' }] }), metadata: { totalCount: 3, maxPageSize: 2 } },
        { ...item('C2', { warehouseDetails: [{ warehouse: 'MAIN', quantityOnHand: 1, lastModifiedDateTime: '2025-06-02T09:00:00' }] }), metadata: { totalCount: 3, maxPageSize: 2 } },
        { ...item('C3', { warehouseDetails: [] }), metadata: { totalCount: 3, maxPageSize: 2 } },
      ],
    }));
    const run = await drain(make().inventory.list({ availabilitySince: new Date('2025-06-01T00:00:00Z'), pageSize: 3, status: 'Active', inventoryType: 'FinishedGoodItem', expandWarehouseDetail: false }));
    expect(run.numbers).toEqual(['C1', 'C3']);
    expect(server.count('GET', '/v1/inventory')).toBe(1);
    expect(Object.fromEntries(inventoryGets()[0]?.query ?? [])).toEqual({
      pageNumber: '1', pageSize: '3', expandWarehouseDetail: 'true', availabilityLastModifiedDateTime: '2025-06-01 00:00:00.000', availabilityLastModifiedDateTimeCondition: '>=', status: 'Active', inventoryTypes: 'FinishedGoodItem',
    });
  });

  it('should refuse both deltas in one run before any request', async () => {
    const both = { lastModifiedSince: new Date(), availabilitySince: new Date() } as unknown as VismaInventoryListOptions;
    await expect(drain(make().inventory.list(both))).rejects.toMatchObject({ code: 'configuration' });
    expect(server.requests).toHaveLength(0);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a type outside the spec enum', { type: 'StockItem' }],
    ['a status outside the spec enum', { status: 'Deleted' }],
    ['a missing inventoryNumber', { inventoryNumber: undefined }],
    ['a price sent as text', { defaultPrice: '199.00' }],
  ])('should raise a schema mismatch for %s', async (_name, patch) => {
    server.route('GET', '/v1/inventory/X1', () => ({ status: 200, body: { ...item('X1'), ...patch } }));
    const error: unknown = await make().inventory.get('X1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'schema_mismatch', retryable: false });
  });

  it('should sum the summary per warehouse over locations and leave rows without a warehouse out', async () => {
    server.route('GET', '/v1/inventorysummary/S1', () => ({
      status: 200,
      body: [
        { warehouse: { id: 'MAIN', description: 'Main' }, location: { id: 1, name: 'R1' }, onHand: 1.1, available: 1.1, availableForShipment: 1 },
        { warehouse: { id: 'MAIN', description: 'Main' }, location: { id: 2, name: 'R2' }, onHand: 2.2, available: 2, availableForShipment: 2 },
        { warehouse: { id: 'EAST', description: 'East' }, location: { id: 3, name: 'E1' }, onHand: -0.3, available: -0.3 },
        { warehouse: null, onHand: 99, available: 99, availableForShipment: 99 },
      ],
    }));
    const summary = await make().inventory.summary('S1', { location: 'R1' });
    expect(summary.warehouses).toEqual([
      { warehouseId: 'MAIN', description: 'Main', onHand: '3.3', available: '3.1', availableForShipment: '3' },
      { warehouseId: 'EAST', description: 'East', onHand: '-0.3', available: '-0.3', availableForShipment: '0' },
    ]);
    expect(summary.total).toEqual({ onHand: '3', available: '2.8', availableForShipment: '3' });
    expect(summary.rows).toHaveLength(4);
    expect(Object.fromEntries(server.requests.find((r) => r.path === '/v1/inventorysummary/S1')?.query ?? [])).toEqual({ location: 'R1' });
  });
});
