import { startVismaSandbox, VISMA_DEMO, VISMA_FAULT_CODES, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, VISMA_EXCEPTION_KEYS, VismaSchemaValidator } from './visma-sandbox.helpers';

const NORWAY = VISMA_DEMO.companies.norway;

type Item = {
  inventoryNumber: string; status: string; type: string; description: string; defaultPrice: number; baseUnit: string; salesUnit: string; purchaseUnit: string; stockItem: boolean;
  itemClass: { id: string; description: string; type: string }; postingClass: { id: string; description: string }; vatCode: { id: string }; note?: string;
  defaultWarehouse?: { id: string }; warehouseDetails?: Array<{ warehouse: string; quantityOnHand: number }>; lastModifiedDateTime: string; timestamp: string;
};

const w = (value: unknown) => ({ value });
/** A value-wrapped InventoryUpdateDto for a new Norwegian stock item (as a commercetools product push would send it). */
const capBody = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  inventoryNumber: w('CT-CAP-01'),
  description: w('Caps, navy'),
  itemClass: w('VARER'),
  vatCode: w('3'),
  defaultPrice: w(249.5),
  salesUnit: w('STK'),
  ...extra,
});

describe('Visma sandbox: inventory item writes (POST /v1/inventory, PUT /v1/inventory/{inventoryNumber})', () => {
  const clock = fakeClock('2025-06-02T08:00:00.000Z');
  const validator = new VismaSchemaValidator();
  const schema = (name: string, data: unknown): string[] => validator.errors(name, data);
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now, maxPageSize: 50 });
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.faults.clear();
    sandbox.log.clear();
  });
  afterAll(async () => sandbox.close());

  const get = (path: string) => http('GET', `${sandbox.url}${path}`, { headers: auth });
  const item = async (number: string): Promise<Item> => {
    const answer = await get(`/v1/inventory/${encodeURIComponent(number)}`);
    expect(answer.status).toBe(200);
    expect(schema('InventoryDto', answer.json)).toEqual([]);
    return answer.json as Item;
  };
  const post = (body: Record<string, unknown>, headers: Record<string, string> = auth) => http('POST', `${sandbox.url}/v1/inventory`, { headers, json: body });
  const put = (number: string, json: Record<string, unknown>, ifMatch?: string) =>
    http('PUT', `${sandbox.url}/v1/inventory/${encodeURIComponent(number)}`, { headers: { ...auth, ...(ifMatch !== undefined ? { 'if-match': ifMatch } : {}) }, json });
  const inventorySize = () => sandbox.store(NORWAY.tenantId).inventory.size;

  it('should create a spec-valid item with 201, an empty body, Location and ETag, and list it in the delta run', async () => {
    const body = capBody({ note: w('Pushed from commercetools') });
    expect(schema('InventoryUpdateDto', body)).toEqual([]);
    const created = await post(body);
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    expect(created.headers['location']).toBe(`${sandbox.url}/v1/inventory/CT-CAP-01`);

    const read = await get('/v1/inventory/CT-CAP-01');
    expect(read.headers['etag']).toBe(created.headers['etag']);
    const cap = await item('CT-CAP-01');
    expect(read.headers['etag']).toBe(`"${cap.timestamp}"`);
    expect([cap.type, cap.status, cap.stockItem, cap.description, cap.defaultPrice, cap.baseUnit, cap.salesUnit, cap.purchaseUnit, cap.vatCode.id, cap.note]).toEqual([
      'FinishedGoodItem', 'Active', true, 'Caps, navy', 249.5, 'STK', 'STK', 'STK', '3', 'Pushed from commercetools',
    ]);
    expect([cap.itemClass, cap.postingClass, cap.defaultWarehouse?.id, cap.warehouseDetails, cap.lastModifiedDateTime]).toEqual([
      { id: 'VARER', description: 'Handelsvarer', type: 'FinishedGoodItem' }, { id: 'HV', description: 'Handelsvarer' }, 'MAIN', [], '2025-06-02T08:00:00.000Z',
    ]);
    const delta = await get('/v1/inventory?lastModifiedDateTime=2025-06-02%2008:00:00&lastModifiedDateTimeCondition=%3E%3D&pageNumber=1&pageSize=50');
    expect((delta.json as Item[]).map((i) => i.inventoryNumber)).toEqual(['CT-CAP-01']);
  });

  it('should take type and posting class from a non-stock item class, and keep a chosen posting class', async () => {
    expect((await post({ inventoryNumber: w('MONTERING'), description: w('Montering per time'), itemClass: w('TJENESTE') })).status).toBe(201);
    const service = await item('MONTERING');
    expect([service.type, service.stockItem, service.postingClass.id, service.defaultPrice, service.defaultWarehouse, service.vatCode.id]).toEqual(['NonStockItem', false, 'TJ', 0, undefined, '3']);
    expect((await post(capBody({ inventoryNumber: w('CT-KIT-01'), type: w('ComponentPartItem'), postingClass: w('EGEN') }))).status).toBe(201);
    const part = await item('CT-KIT-01');
    expect([part.type, part.itemClass.id, part.postingClass]).toEqual(['ComponentPartItem', 'VARER', { id: 'EGEN', description: 'Egenproduserte varer' }]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a taken inventory number', capBody({ inventoryNumber: w('CT-MUG-01') }), VISMA_FAULT_CODES.duplicate, "Error: 'inventoryNumber'"],
    ['a missing inventory number', capBody({ inventoryNumber: undefined }), VISMA_FAULT_CODES.validation, "'inventoryNumber'"],
    ['a missing item class', capBody({ itemClass: undefined }), VISMA_FAULT_CODES.validation, "'itemClass'"],
    ['a missing description', capBody({ description: w('  ') }), VISMA_FAULT_CODES.validation, "'description'"],
    ['an unknown item class', capBody({ itemClass: w('KLÆR') }), VISMA_FAULT_CODES.unknownReference, "Error: 'itemClass': item class 'KLÆR'"],
    ['an unknown VAT category', capBody({ vatCode: w('X9') }), VISMA_FAULT_CODES.unknownReference, "Error: 'vatCode': VAT category 'X9'"],
    ['an unknown posting class', capBody({ postingClass: w('NOPE') }), VISMA_FAULT_CODES.unknownReference, "Error: 'postingClass'"],
    ['an unknown warehouse', capBody({ defaultWarehouse: w('TROMSO') }), VISMA_FAULT_CODES.unknownReference, "Error: 'defaultWarehouse'"],
    ['a type that does not fit the item class', capBody({ type: w('ServiceItem') }), VISMA_FAULT_CODES.validation, "Error: 'type' ServiceItem does not fit item class 'VARER'"],
    ['the read-only status Unknown', capBody({ status: w('Unknown') }), VISMA_FAULT_CODES.validation, "Error: 'status'"],
    ['a price with three decimals', capBody({ defaultPrice: w(1.999) }), VISMA_FAULT_CODES.validation, "Error: 'defaultPrice'"],
    ['a negative price', capBody({ defaultPrice: w(-1) }), VISMA_FAULT_CODES.validation, "Error: 'defaultPrice'"],
    ['a price sent as text', capBody({ defaultPrice: w('249.50') }), VISMA_FAULT_CODES.validation, "Error: 'defaultPrice' must be a number"],
    ['an unwrapped value', capBody({ description: 'Caps' }), VISMA_FAULT_CODES.validation, "'description' must be an object"],
    ['a declared field the sandbox does not simulate', capBody({ salesAccount: w('3000') }), VISMA_FAULT_CODES.validation, "Error: 'salesAccount' is not simulated"],
  ])('should refuse %s on POST with a Visma 400 naming the field and store nothing', async (_name, body, faultCode, text) => {
    const before = inventorySize();
    const answer = await post(JSON.parse(JSON.stringify(body)) as Record<string, unknown>);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    expect(answer.json).toMatchObject({ ExceptionFaultCode: faultCode, ExceptionMessage: expect.stringContaining(text) as unknown });
    expect(inventorySize()).toBe(before);
    expect(answer.headers['location']).toBeUndefined();
  });

  it('should update with the current ETag (204 + new ETag), bump lastModifiedDateTime and timestamp, and keep what was not sent', async () => {
    const before = await get('/v1/inventory/CT-MUG-01');
    const etag = before.headers['etag'] ?? '';
    const old = before.json as Item;
    clock.advance(60_000);
    const body = { description: w('Keramisk krus, blå'), defaultPrice: w(219) };
    expect(schema('InventoryUpdateDto', body)).toEqual([]);
    const answer = await put('CT-MUG-01', body, etag);
    expect([answer.status, answer.text]).toEqual([204, '']);
    expect(answer.headers['etag']).toMatch(/^".+"$/);
    expect(answer.headers['etag']).not.toBe(etag);

    const after = await get('/v1/inventory/CT-MUG-01');
    expect(after.headers['etag']).toBe(answer.headers['etag']);
    const mug = after.json as Item;
    expect([mug.description, mug.defaultPrice, mug.lastModifiedDateTime, mug.timestamp === old.timestamp]).toEqual(['Keramisk krus, blå', 219, '2025-06-02T08:01:00.000Z', false]);
    expect([mug.vatCode.id, mug.itemClass.id, mug.postingClass.id, mug.baseUnit, mug.type]).toEqual([old.vatCode.id, old.itemClass.id, old.postingClass.id, old.baseUnit, old.type]);
    expect(mug.warehouseDetails?.map((d) => [d.warehouse, d.quantityOnHand])).toEqual([['MAIN', 96], ['BERGEN', 24]]);
    const delta = await get('/v1/inventory?lastModifiedDateTime=2025-06-02%2008:01:00&lastModifiedDateTimeCondition=%3E%3D&pageNumber=1&pageSize=50');
    expect((delta.json as Item[]).map((i) => i.inventoryNumber)).toEqual(['CT-MUG-01']);
  });

  it('should refuse a stale If-Match with 412 and change nothing, and accept none or * with 204', async () => {
    const stale = (await get('/v1/inventory/CT-TEE-M')).headers['etag'] ?? '';
    expect((await put('CT-TEE-M', { status: w('NoSales') })).status).toBe(204);
    const current = await get('/v1/inventory/CT-TEE-M');

    const refused = await put('CT-TEE-M', { description: w('Overwritten') }, stale);
    expect(refused.status).toBe(412);
    expect(refused.json).toMatchObject({ ExceptionFaultCode: VISMA_FAULT_CODES.preconditionFailed });
    const unchanged = await get('/v1/inventory/CT-TEE-M');
    expect([unchanged.headers['etag'], (unchanged.json as Item).description, (unchanged.json as Item).status]).toEqual([current.headers['etag'], 'T-skjorte, str. M', 'NoSales']);

    expect((await put('CT-TEE-M', { description: w('T-skjorte M') }, '*')).status).toBe(204);
    expect((await item('CT-TEE-M')).description).toBe('T-skjorte M');
  });

  it.each<[string, string, Record<string, unknown>, number, string]>([
    ['an unknown item', 'NO-SUCH-ITEM', { description: w('x') }, 404, VISMA_FAULT_CODES.notFound],
    ['another inventory number', 'CT-BOOK-01', { inventoryNumber: w('CT-BOOK-02') }, 400, VISMA_FAULT_CODES.validation],
    ['an unknown VAT category', 'CT-BOOK-01', { vatCode: w('X9') }, 400, VISMA_FAULT_CODES.unknownReference],
    ['turning a stocked item into a non-stock class', 'CT-BOOK-01', { itemClass: w('TJENESTE') }, 400, VISMA_FAULT_CODES.validation],
    ['an empty description', 'CT-BOOK-01', { description: w('') }, 400, VISMA_FAULT_CODES.validation],
  ])('should refuse a PUT for %s and change nothing', async (_name, number, body, status, faultCode) => {
    const before = (await get('/v1/inventory/CT-BOOK-01')).headers['etag'];
    const answer = await put(number, body);
    expect([answer.status, (answer.json as { ExceptionFaultCode?: string }).ExceptionFaultCode]).toEqual([status, faultCode]);
    expect((await get('/v1/inventory/CT-BOOK-01')).headers['etag']).toBe(before);
  });

  it('should commit the item on a lost POST reply, so a GET adopts it and a second POST is the duplicate 400', async () => {
    sandbox.faults.arm({ kind: 'lose-reply', count: 1, method: 'POST', pathContains: '/v1/inventory' });
    await expect(post(capBody())).rejects.toMatchObject({ code: expect.stringMatching(/^UND_ERR_SOCKET$|^ECONNRESET$/) as unknown });
    expect(sandbox.log.list({ method: 'POST', pathContains: '/v1/inventory' }).map((e) => [e.status, e.fault])).toEqual([[201, 'lose-reply']]);
    expect((await item('CT-CAP-01')).description).toBe('Caps, navy');
    const again = await post(capBody());
    expect([again.status, (again.json as { ExceptionFaultCode?: string }).ExceptionFaultCode]).toEqual([400, VISMA_FAULT_CODES.duplicate]);
  });

  it('should need the create and update scopes for the writes', async () => {
    const readOnly = { authorization: `Bearer ${await accessToken(sandbox.url, { scope: 'vismanet_erp_service_api:read' })}` };
    expect((await post(capBody(), readOnly)).status).toBe(403);
    expect((await http('PUT', `${sandbox.url}/v1/inventory/CT-MUG-01`, { headers: readOnly, json: { description: w('x') } })).status).toBe(403);
    expect((await http('POST', `${sandbox.url}/v1/inventory`, { json: capBody() })).status).toBe(401);
    expect(inventorySize()).toBe(14);
  });
});
