import { startVismaSandbox, VISMA_DEMO, VISMA_FAULT_CODES, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, type HttpAnswer, VISMA_EXCEPTION_KEYS, VismaSchemaValidator } from './visma-sandbox.helpers';

const NORWAY = VISMA_DEMO.companies.norway;
const SWEDEN = VISMA_DEMO.companies.sweden;

type WarehouseDetail = { isDefault: boolean; warehouse: string; quantityOnHand: number; available: number; availableForShipment: number; lastModifiedDateTime: string };
type Item = {
  inventoryId: number; inventoryNumber: string; status: string; type: string; description: string; defaultPrice: number; baseUnit: string; salesUnit: string; stockItem: boolean;
  lastModifiedDateTime: string; timestamp: string; vatCode: { id: string }; defaultWarehouse?: { id: string; description: string }; warehouseDetails?: WarehouseDetail[]; metadata?: unknown;
};
type SummaryRow = { warehouse: { id: string; description: string }; location: { id: number; name: string }; onHand: number; available: number; availableForShipment: number; soBooked: number; inventory: { number: string } };

const CT_SKUS = ['CT-MUG-01', 'CT-COFFEE-500', 'CT-TEE-M', 'CT-BOOK-01'];
const NORWAY_ORDER_ITEMS = ['KAFFE-1KG', 'KOPP-01', 'KVERN-02', 'FRAKT', 'RABATT', 'GEBYR', 'AVRUNDING', 'WS12-M-Orange', 'MH01-S-Gray', 'NO-SUCH-SKU-1'];

describe('Visma sandbox: inventory items and warehouse quantities', () => {
  const clock = fakeClock('2025-06-02T08:00:00.000Z');
  const validator = new VismaSchemaValidator();
  const schema = (name: string, data: unknown): string[] => validator.errors(name, data);
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;
  const control = async (method: 'POST' | 'PATCH' | 'PUT', path: string, json: unknown, company: string = NORWAY.companyId): Promise<HttpAnswer> => {
    const res = await fetch(`${sandbox.url}/_sandbox/visma/companies/${company}/inventory${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
    const text = await res.text();
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), text, json: text ? (JSON.parse(text) as unknown) : undefined };
  };

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now, maxPageSize: 5 });
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.faults.clear();
  });
  afterAll(async () => sandbox.close());

  const get = (path: string, headers: Record<string, string> = auth) => http('GET', `${sandbox.url}${path}`, { headers });
  const list = async (query: string): Promise<Item[]> => {
    const answer = await get(`/v1/inventory?${query}`);
    expect(answer.status).toBe(200);
    return answer.json as Item[];
  };
  const numbers = async (query: string) => (await list(query)).map((i) => i.inventoryNumber);

  it('should seed the order items and the commercetools SKUs as spec-valid InventoryDtos, paged with metadata and ordered by inventoryId', async () => {
    const pages = [await list('pageNumber=1&pageSize=5'), await list('pageNumber=2&pageSize=5'), await list('pageNumber=3&pageSize=5')];
    const all = pages.flat();
    for (const item of all) expect(schema('InventoryDto', item)).toEqual([]);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 4]);
    expect(pages[0]?.[0]?.metadata).toEqual({ totalCount: 14, maxPageSize: 5 });
    expect(all.map((i) => i.inventoryNumber)).toEqual([...NORWAY_ORDER_ITEMS, ...CT_SKUS]);
    expect(all.map((i) => i.inventoryId)).toEqual(all.map((_, n) => n + 1));
    expect(await list('pageNumber=4&pageSize=5')).toEqual([]);

    const ct = all.filter((i) => CT_SKUS.includes(i.inventoryNumber));
    expect(ct.map((i) => [i.inventoryNumber, i.type, i.stockItem, i.status, i.defaultPrice, i.baseUnit, i.salesUnit, i.vatCode.id, i.defaultWarehouse?.id])).toEqual([
      ['CT-MUG-01', 'FinishedGoodItem', true, 'Active', 199, 'STK', 'STK', '3', 'MAIN'],
      ['CT-COFFEE-500', 'FinishedGoodItem', true, 'Active', 149, 'STK', 'STK', '31', 'MAIN'],
      ['CT-TEE-M', 'FinishedGoodItem', true, 'Active', 299, 'STK', 'STK', '3', 'MAIN'],
      ['CT-BOOK-01', 'FinishedGoodItem', true, 'Active', 349, 'STK', 'STK', '5', 'MAIN'],
    ]);
    expect(ct[0]?.warehouseDetails).toEqual([
      { isDefault: true, warehouse: 'MAIN', quantityOnHand: 96, available: 92, availableForShipment: 92, lastModifiedDateTime: '2025-03-05T07:00:00.000Z' },
      { isDefault: false, warehouse: 'BERGEN', quantityOnHand: 24, available: 24, availableForShipment: 24, lastModifiedDateTime: '2025-03-05T07:30:00.000Z' },
    ]);
    const frakt = all.find((i) => i.inventoryNumber === 'FRAKT');
    expect([frakt?.type, frakt?.stockItem, frakt?.warehouseDetails, frakt?.defaultWarehouse]).toEqual(['NonStockItem', false, undefined, undefined]);
    expect(all.find((i) => i.inventoryNumber === 'KVERN-02')?.status).toBe('Inactive');
  });

  it('should seed the same SKUs in the Swedish company with its own prices, VAT categories and quantities', async () => {
    const se = { authorization: `Bearer ${await accessToken(sandbox.url, { tenantId: SWEDEN.tenantId })}` };
    const answer = await get('/v1/inventory?lastModifiedDateTime=2025-01-01&lastModifiedDateTimeCondition=%3E', se);
    const items = answer.json as Item[];
    expect(items.map((i) => [i.inventoryNumber, i.defaultPrice, i.vatCode.id, i.baseUnit, i.warehouseDetails?.map((w) => [w.warehouse, w.quantityOnHand, w.available])])).toEqual([
      ['CT-MUG-01', 229, 'MP25', 'ST', [['MAIN', 60, 57]]],
      ['CT-COFFEE-500', 169, 'MP12', 'ST', [['MAIN', 40, 40]]],
      ['CT-TEE-M', 329, 'MP25', 'ST', [['MAIN', 30, 30]]],
      ['CT-BOOK-01', 379, 'MP6', 'ST', [['MAIN', 15, 15]]],
    ]);
  });

  it('should read one item with its ETag and its warehouse summary, and answer 404 for an unknown item', async () => {
    const one = await get('/v1/inventory/CT-MUG-01');
    expect(one.status).toBe(200);
    expect(schema('InventoryDto', one.json)).toEqual([]);
    expect(one.headers['etag']).toBe(`"${(one.json as Item).timestamp}"`);
    expect((one.json as Item).warehouseDetails).toHaveLength(2);

    const summary = await get('/v1/inventorysummary/CT-MUG-01');
    expect(summary.status).toBe(200);
    const rows = summary.json as SummaryRow[];
    for (const row of rows) expect(schema('InventorySummaryDto', row)).toEqual([]);
    expect(rows.map((r) => [r.inventory.number, r.warehouse.id, r.warehouse.description, r.location.name, r.onHand, r.soBooked, r.available, r.availableForShipment])).toEqual([
      ['CT-MUG-01', 'MAIN', 'Hovedlager Oslo', 'R1', 96, 4, 92, 92],
      ['CT-MUG-01', 'BERGEN', 'Butikklager Bergen', 'B1', 24, 0, 24, 24],
    ]);
    expect(((await get('/v1/inventorysummary/CT-MUG-01?warehouse=BERGEN')).json as SummaryRow[]).map((r) => r.warehouse.id)).toEqual(['BERGEN']);
    expect(((await get('/v1/inventorysummary/CT-MUG-01?location=R1')).json as SummaryRow[]).map((r) => r.warehouse.id)).toEqual(['MAIN']);
    expect((await get('/v1/inventorysummary/FRAKT')).json).toEqual([]);

    for (const path of ['/v1/inventory/NOPE-1', '/v1/inventorysummary/NOPE-1']) {
      const missing = await get(path);
      expect([path, missing.status]).toEqual([path, 404]);
      expect(Object.keys(missing.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
      expect(missing.json).toMatchObject({ ExceptionFaultCode: VISMA_FAULT_CODES.notFound });
    }
  });

  it('should filter by lastModifiedDateTime, availabilityLastModifiedDateTime, status, inventoryTypes and expandWarehouseDetail, refusing bad filters', async () => {
    expect(await numbers('lastModifiedDateTime=2025-03-02%2009:00:00&lastModifiedDateTimeCondition=%3E%3D')).toEqual(['CT-COFFEE-500', 'CT-TEE-M', 'CT-BOOK-01']);
    expect(await numbers('lastModifiedDateTime=2025-03-02T09:00:00.000&lastModifiedDateTimeCondition=%3E')).toEqual(['CT-TEE-M', 'CT-BOOK-01']);
    expect(await numbers('lastModifiedDateTime=2025-03-02&lastModifiedDateTimeCondition=%3C')).toEqual([...NORWAY_ORDER_ITEMS, 'CT-MUG-01'].slice(0, 5));
    expect(await numbers('availabilityLastModifiedDateTime=2025-03-04%2009:00:00&availabilityLastModifiedDateTimeCondition=%3E%3D')).toEqual(['CT-MUG-01', 'CT-BOOK-01']);
    expect(await numbers('status=Inactive')).toEqual(['KVERN-02']);
    expect(await numbers('inventoryTypes=NonStockItem')).toEqual(['FRAKT', 'RABATT', 'GEBYR', 'AVRUNDING']);
    expect(await numbers('inventoryTypes=NonStockItem,ServiceItem&inventoryTypes=LaborItem&pageSize=2&pageNumber=2')).toEqual(['GEBYR', 'AVRUNDING']);
    expect(await numbers('inventoryNumber=CT-TEE-M')).toEqual(['CT-TEE-M']);
    expect((await list('inventoryNumber=CT-TEE-M&expandWarehouseDetail=false'))[0]?.warehouseDetails).toBeUndefined();
    expect((await list('inventoryNumber=CT-TEE-M&expandWarehouseDetail=True'))[0]?.warehouseDetails).toHaveLength(1);
    for (const bad of ['status=Gone', 'inventoryTypes=StockItem', 'lastModifiedDateTime=2025-03-01', 'availabilityLastModifiedDateTimeCondition=%3E', 'description=krus', 'expandWarehouseDetail=maybe', 'pageSize=0']) {
      const answer = await get(`/v1/inventory?${bad}`);
      expect([bad, answer.status, (answer.json as { ExceptionFaultCode?: string }).ExceptionFaultCode]).toEqual([bad, 400, VISMA_FAULT_CODES.badFilter]);
    }
  });

  it('should set a warehouse quantity through the control route: the warehouse detail and the availability filter move, the item timestamp and ETag stay', async () => {
    const before = await get('/v1/inventory/CT-COFFEE-500');
    clock.advance(10 * 60_000);
    const set = await control('PUT', '/CT-COFFEE-500/warehouses/MAIN', { onHand: '57.5', soBooked: 2 });
    expect(set.status).toBe(200);
    const body = set.json as { item: Item; summary: SummaryRow[] };
    expect(schema('InventoryDto', body.item)).toEqual([]);
    expect(body.item.warehouseDetails).toEqual([{ isDefault: true, warehouse: 'MAIN', quantityOnHand: 57.5, available: 55.5, availableForShipment: 55.5, lastModifiedDateTime: '2025-06-02T08:10:00.000Z' }]);
    expect(body.summary.map((r) => [r.warehouse.id, r.onHand, r.available])).toEqual([['MAIN', 57.5, 55.5]]);

    const after = await get('/v1/inventory/CT-COFFEE-500');
    expect((after.json as Item).lastModifiedDateTime).toBe((before.json as Item).lastModifiedDateTime);
    expect(after.headers['etag']).toBe(before.headers['etag']);
    expect(await numbers('availabilityLastModifiedDateTime=2025-06-02%2008:05:00&availabilityLastModifiedDateTimeCondition=%3E%3D')).toEqual(['CT-COFFEE-500']);
    expect(await numbers('lastModifiedDateTime=2025-06-02%2008:05:00&lastModifiedDateTimeCondition=%3E%3D')).toEqual([]);

    clock.advance(60_000);
    const added = await control('PUT', '/CT-BOOK-01/warehouses/BERGEN', { onHand: '3' });
    expect((added.json as { summary: SummaryRow[] }).summary.map((r) => [r.warehouse.id, r.onHand])).toEqual([['MAIN', 20], ['BERGEN', 3]]);
    expect((await control('PUT', '/CT-COFFEE-500/warehouses/MAIN', { onHand: '50' })).json).toMatchObject({ summary: [{ soBooked: 2, available: 48 }] });
  });

  it('should create and update items through the control routes: each write bumps lastModifiedDateTime and the ETag and feeds order lines', async () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const filterText = (ms: number) => encodeURIComponent(iso(ms).replace('T', ' ').replace('Z', ''));
    const t0 = clock.now();
    const created = await control('POST', '', { inventoryNumber: 'CT-CAP-01', description: 'Caps', defaultPrice: '99.50' });
    expect(created.status).toBe(201);
    expect(schema('InventoryDto', created.json)).toEqual([]);
    expect(created.json).toMatchObject({ inventoryId: 15, inventoryNumber: 'CT-CAP-01', type: 'FinishedGoodItem', status: 'Active', baseUnit: 'STK', defaultPrice: 99.5, vatCode: { id: '3' }, lastModifiedDateTime: iso(t0), warehouseDetails: [] });
    expect((await get('/v1/inventorysummary/CT-CAP-01')).json).toEqual([]);

    const etag = (await get('/v1/inventory/CT-MUG-01')).headers['etag'];
    clock.advance(5 * 60_000);
    const patched = await control('PATCH', '/CT-MUG-01', { description: 'Keramisk krus, blå', defaultPrice: 189 });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ description: 'Keramisk krus, blå', defaultPrice: 189, lastModifiedDateTime: iso(t0 + 5 * 60_000), warehouseDetails: [{ quantityOnHand: 96 }, { quantityOnHand: 24 }] });
    expect((await get('/v1/inventory/CT-MUG-01')).headers['etag']).not.toBe(etag);
    expect(await numbers(`lastModifiedDateTime=${filterText(t0 + 60_000)}&lastModifiedDateTimeCondition=%3E%3D`)).toEqual(['CT-MUG-01']);
    expect(await numbers('pageNumber=3&pageSize=5')).toEqual([...CT_SKUS, 'CT-CAP-01']);
    expect((await control('PATCH', '/CT-BOOK-01', {})).status).toBe(200);
    expect(sandbox.store(NORWAY.tenantId).inventoryItem('CT-MUG-01')).toMatchObject({ type: 'StockItem', defaultPriceMinor: 18900, uom: 'STK', vatCategoryId: '3', active: true });

    expect((await control('PATCH', '/CT-TEE-M', { status: 'Inactive' })).status).toBe(200);
    const order = await http('POST', `${sandbox.url}/v1/salesorder`, {
      headers: auth,
      json: { orderType: { value: 'SO' }, customer: { value: '10000' }, date: { value: '2025-06-02T00:00:00Z' }, lines: [{ operation: 'Insert', inventoryNumber: { value: 'CT-TEE-M' }, quantity: { value: 1 } }] },
    });
    expect([order.status, (order.json as { ExceptionMessage?: string }).ExceptionMessage]).toEqual([400, expect.stringContaining('inactive') as unknown]);

    sandbox.reset();
    expect(sandbox.store(NORWAY.tenantId).inventory.has('CT-CAP-01')).toBe(false);
    expect((await get('/v1/inventory/CT-MUG-01')).json).toMatchObject({ description: 'Keramisk krus', defaultPrice: 199, lastModifiedDateTime: '2025-03-01T09:00:00.000Z' });
  });

  it.each<[string, 'POST' | 'PATCH' | 'PUT', string, Record<string, unknown>, string, string]>([
    ['a taken inventory number', 'POST', '', { inventoryNumber: 'CT-MUG-01', description: 'x', defaultPrice: '1' }, VISMA_FAULT_CODES.duplicate, "'CT-MUG-01'"],
    ['a missing description', 'POST', '', { inventoryNumber: 'CT-X', defaultPrice: '1' }, VISMA_FAULT_CODES.validation, "'description'"],
    ['an unknown type', 'POST', '', { inventoryNumber: 'CT-X', description: 'x', defaultPrice: '1', type: 'StockItem' }, VISMA_FAULT_CODES.validation, "'type'"],
    ['a price with three decimals', 'POST', '', { inventoryNumber: 'CT-X', description: 'x', defaultPrice: '1.999' }, VISMA_FAULT_CODES.validation, "'defaultPrice'"],
    ['an unknown VAT category', 'PATCH', '/CT-MUG-01', { vatCategoryId: 'X9' }, VISMA_FAULT_CODES.unknownReference, "'X9'"],
    ['turning a stocked item into a non-stock item', 'PATCH', '/CT-MUG-01', { type: 'ServiceItem' }, VISMA_FAULT_CODES.validation, 'non-stock'],
    ['an unknown warehouse', 'PUT', '/CT-MUG-01/warehouses/TROMSO', { onHand: '1' }, VISMA_FAULT_CODES.unknownReference, "'TROMSO'"],
    ['a quantity for a non-stock item', 'PUT', '/FRAKT/warehouses/MAIN', { onHand: '1' }, VISMA_FAULT_CODES.validation, 'non-stock'],
    ['a malformed quantity', 'PUT', '/CT-MUG-01/warehouses/MAIN', { onHand: '1,5' }, VISMA_FAULT_CODES.validation, "'onHand'"],
    ['a missing quantity', 'PUT', '/CT-MUG-01/warehouses/MAIN', { soBooked: '1' }, VISMA_FAULT_CODES.validation, "'onHand'"],
  ])('should refuse %s on the control routes with a Visma 400 and change nothing', async (_name, method, path, body, faultCode, text) => {
    const before = JSON.stringify((await get('/v1/inventory?pageSize=5&pageNumber=3')).json);
    const answer = await control(method, path, body);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    expect(answer.json).toMatchObject({ ExceptionFaultCode: faultCode, ExceptionMessage: expect.stringContaining(text) as unknown });
    expect(JSON.stringify((await get('/v1/inventory?pageSize=5&pageNumber=3')).json)).toBe(before);
    expect((await get('/v1/inventory/CT-X')).status).toBe(404);
  });

  it('should answer 404 on the control routes for unknown companies and items, and guard the ERP routes', async () => {
    expect((await control('PATCH', '/NOPE-1', {})).status).toBe(404);
    expect((await control('PUT', '/NOPE-1/warehouses/MAIN', { onHand: '1' })).status).toBe(404);
    expect((await control('POST', '', { inventoryNumber: 'X', description: 'x', defaultPrice: '1' }, '9999999')).status).toBe(404);
    expect((await control('PUT', '/CT-MUG-01/warehouses/MAIN', { onHand: '1' }, SWEDEN.tenantId)).status).toBe(200);
    expect((await http('GET', `${sandbox.url}/v1/inventory`)).status).toBe(401);
    expect((await get('/v1/inventory')).headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
    sandbox.faults.arm({ kind: 'http-500', count: 1, method: 'GET', pathContains: '/v1/inventorysummary' });
    expect((await get('/v1/inventorysummary/CT-MUG-01')).status).toBe(500);
    expect((await get('/v1/inventorysummary/CT-MUG-01')).status).toBe(200);
  });
});
