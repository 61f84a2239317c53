import { startVismaSandbox, VISMA_DEMO, VISMA_FAULT_CODES, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, VISMA_EXCEPTION_KEYS, VismaSchemaValidator } from './visma-sandbox.helpers';

const MAX_PAGE_SIZE = 2;
const NORWAY = VISMA_DEMO.companies.norway;

type Line = { item: string; quantity?: number; unitPrice?: number; discountPercent?: number; discountAmount?: number; taxCategory?: string };

const wrapLine = (l: Line): Record<string, unknown> => ({
  operation: 'Insert',
  inventoryNumber: { value: l.item },
  ...(l.quantity !== undefined ? { quantity: { value: l.quantity } } : {}),
  ...(l.unitPrice !== undefined ? { unitPrice: { value: l.unitPrice } } : {}),
  ...(l.discountPercent !== undefined ? { discountPercent: { value: l.discountPercent } } : {}),
  ...(l.discountAmount !== undefined ? { discountAmount: { value: l.discountAmount } } : {}),
  ...(l.taxCategory !== undefined ? { taxCategory: { value: l.taxCategory } } : {}),
});

/** A value-wrapped SalesOrderUpdateDto. */
const orderBody = (lines: Line[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  orderType: { value: 'SO' },
  customer: { value: '10000' },
  date: { value: '2025-05-02T00:00:00Z' },
  customerRefNo: { value: 'bc:store-1:1001' },
  customerOrder: { value: '1001' },
  lines: lines.map(wrapLine),
  ...extra,
});

describe('Visma sandbox: sales orders', () => {
  const clock = fakeClock('2025-05-02T12:00:00.000Z');
  const schemas = new VismaSchemaValidator();
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now, maxPageSize: MAX_PAGE_SIZE });
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  beforeEach(() => sandbox.reset());
  afterAll(async () => sandbox.close());

  const post = (body: Record<string, unknown>) => {
    expect(schemas.errors('SalesOrderUpdateDto', body)).toEqual([]);
    return http('POST', `${sandbox.url}/v1/salesorder`, { headers: auth, json: body });
  };
  const get = (path: string) => http('GET', `${sandbox.url}${path}`, { headers: auth });

  it('should create with 201 + Location + ETag from the number series and compute totals in minor units per VAT category', async () => {
    const created = await post(orderBody([
      { item: 'KOPP-01', quantity: 3, unitPrice: 99.5, discountPercent: 10 },
      { item: 'KAFFE-1KG', quantity: 2 },
      { item: 'FRAKT', unitPrice: 79 },
    ], { note: { value: 'Ring før levering' } }));
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    expect(created.headers['location']).toBe(`${sandbox.url}/v1/salesorder/SO/000001`);
    expect(created.headers['etag']).toMatch(/^".+"$/);

    const one = await get('/v1/salesorder/SO/000001');
    expect(one.status).toBe(200);
    expect(one.headers['etag']).toBe(created.headers['etag']);
    expect(schemas.errors('SalesOrderDto', one.json)).toEqual([]);
    const dto = one.json as Record<string, unknown> & { lines: Array<Record<string, unknown>> };
    // 3 × 99.50 = 298.50 − 10 % (29.85) = 268.65 @25 %; 2 × 249.00 (item price) = 498.00 @15 %; 79.00 @25 %
    expect(dto.lines.map((l) => [l['lineNbr'], l['extPrice'], l['discountAmount'], l['taxCategory'], l['uom']])).toEqual([
      [1, 298.5, 29.85, '3', 'STK'], [2, 498, 0, '31', 'STK'], [3, 79, 0, '3', 'STK'],
    ]);
    // VAT 25 % of 347.65 = 86.9125 → 86.91; 15 % of 498 = 74.70
    expect([dto['vatTaxableTotal'], dto['taxTotal'], dto['orderTotal'], dto['status'], dto['orderNo'], dto['customerRefNo'], dto['note']]).toEqual([
      845.65, 161.61, 1007.26, 'Open', '000001', 'bc:store-1:1001', 'Ring før levering',
    ]);
    expect((dto['customer'] as { number: string }).number).toBe('10000');
    expect(dto['lastModifiedDateTime']).toBe('2025-05-02T12:00:00.000Z');
    expect((await get('/v1/salesorder/000001')).json).toEqual(one.json);
  });

  it('should take our order number with overrideNumberSeries, refuse it twice, and ignore it without the override', async () => {
    const own = await post(orderBody([{ item: 'KOPP-01' }], { orderNumber: { value: 'BC1001' }, overrideNumberSeries: { value: true } }));
    expect([own.status, own.headers['location']]).toEqual([201, `${sandbox.url}/v1/salesorder/SO/BC1001`]);
    const again = await post(orderBody([{ item: 'KOPP-01' }], { orderNumber: { value: 'BC1001' }, overrideNumberSeries: { value: true } }));
    expect([again.status, (again.json as Record<string, string>)['ExceptionFaultCode']]).toEqual([400, VISMA_FAULT_CODES.duplicate]);
    const quote = await post(orderBody([{ item: 'KOPP-01' }], { orderType: { value: 'QT' }, orderNumber: { value: 'BC1001' }, overrideNumberSeries: { value: true } }));
    expect(quote.headers['location']).toBe(`${sandbox.url}/v1/salesorder/QT/BC1001`);
    const ignored = await post(orderBody([{ item: 'KOPP-01' }], { orderNumber: { value: 'BC2002' } }));
    expect(ignored.headers['location']).toBe(`${sandbox.url}/v1/salesorder/SO/000001`);
    const missing = await post(orderBody([{ item: 'KOPP-01' }], { overrideNumberSeries: { value: true } }));
    expect(missing.status).toBe(400);
    expect((await get('/v1/salesorder/SO/BC2002')).status).toBe(404);
  });

  it.each([
    ['no order type', { orderType: undefined }, VISMA_FAULT_CODES.validation],
    ['an unknown order type', { orderType: { value: 'ZZ' } }, VISMA_FAULT_CODES.unknownReference],
    ['no customer', { customer: undefined }, VISMA_FAULT_CODES.validation],
    ['an inactive customer', { customer: { value: '10003' } }, VISMA_FAULT_CODES.validation],
    ['an unknown currency', { currency: { value: 'XYZ' } }, VISMA_FAULT_CODES.unknownReference],
    ['a line without inventory number', { lines: [{ operation: 'Insert', quantity: { value: 1 } }] }, VISMA_FAULT_CODES.validation],
    ['an unknown item', { lines: [wrapLine({ item: 'NOPE' })] }, VISMA_FAULT_CODES.unknownReference],
    ['an inactive item', { lines: [wrapLine({ item: 'KVERN-02' })] }, VISMA_FAULT_CODES.validation],
    ['an unknown VAT category', { lines: [wrapLine({ item: 'KOPP-01', taxCategory: '99' })] }, VISMA_FAULT_CODES.unknownReference],
    ['a negative quantity', { lines: [wrapLine({ item: 'KOPP-01', quantity: -1 })] }, VISMA_FAULT_CODES.validation],
  ] as const)('should answer 400 in the Visma error shape for %s', async (_name, patch, fault) => {
    const body: Record<string, unknown> = { ...orderBody([{ item: 'KOPP-01' }]), ...patch };
    for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
    const answer = await http('POST', `${sandbox.url}/v1/salesorder`, { headers: auth, json: body });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    expect((answer.json as Record<string, string>)['ExceptionFaultCode']).toBe(fault);
    expect(sandbox.store(NORWAY.tenantId).salesOrders.size).toBe(0);
  });

  it('should find the customer by vatRegistrationId when no customer number is sent (spec: customer "Mandatory field if GLN or VatRegistrationId is not specified")', async () => {
    const created = await post(orderBody([{ item: 'KOPP-01' }], { customer: undefined, vatRegistrationId: { value: 'NO912345678MVA' } }));
    expect(created.status).toBe(201);
    const dto = (await get('/v1/salesorder/SO/000001')).json as { customer: { number: string } };
    expect(dto.customer.number).toBe('10000');
  });

  it('should list with metadata on every item, filter by type, status, greaterThanValue and lastModifiedDateTime, and page', async () => {
    await post(orderBody([{ item: 'KOPP-01' }]));
    await post(orderBody([{ item: 'KOPP-01' }], { hold: { value: true } }));
    const cursor = clock.now();
    clock.advance(2000);
    await post(orderBody([{ item: 'KOPP-01' }], { note: { value: 'hidden in lists' } }));
    await post(orderBody([{ item: 'KOPP-01' }], { orderType: { value: 'QT' } }));

    const page1 = await get('/v1/salesorder?pageNumber=1&pageSize=5');
    expect(schemas.listErrors('SalesOrderDto', page1.json)).toEqual([]);
    const items = page1.json as Array<{ orderType: string; orderNo: string; metadata: unknown; note?: string }>;
    expect(items.map((o) => `${o.orderType}/${o.orderNo}`)).toEqual(['QT/000001', 'SO/000001']);
    expect(items[0]?.metadata).toEqual({ totalCount: 4, maxPageSize: MAX_PAGE_SIZE });
    const page2 = (await get('/v1/salesorder?pageNumber=2&pageSize=2')).json as Array<{ orderNo: string; note?: string }>;
    expect(page2.map((o) => [o.orderNo, o.note])).toEqual([['000002', undefined], ['000003', undefined]]);
    const noted = (await get('/v1/salesorder?orderType=SO&greaterThanValue=000002&showNotes=true')).json as Array<{ orderNo: string; note?: string }>;
    expect(noted.map((o) => [o.orderNo, o.note])).toEqual([['000003', 'hidden in lists']]);
    expect(((await get('/v1/salesorder?status=Hold')).json as Array<{ orderNo: string }>).map((o) => o.orderNo)).toEqual(['000002']);
    const q = new URLSearchParams({ lastModifiedDateTime: new Date(cursor).toISOString().replace('Z', ''), lastModifiedDateTimeCondition: '>', pageNumber: '1', pageSize: '2' });
    expect(((await get(`/v1/salesorder?${q.toString()}`)).json as Array<{ orderType: string; orderNo: string }>).map((o) => `${o.orderType}/${o.orderNo}`)).toEqual([
      'QT/000001', 'SO/000003',
    ]);
    for (const bad of ['status=Sleeping', 'lastModifiedDateTime=2025-01-01', 'showNotes=yes', 'pageSize=0']) {
      const answer = await get(`/v1/salesorder?${bad}`);
      expect([bad, answer.status, (answer.json as Record<string, string>)['ExceptionFaultCode']]).toEqual([bad, 400, VISMA_FAULT_CODES.badFilter]);
    }
  });

  it('should answer 404 for an unknown order and keep companies apart', async () => {
    await post(orderBody([{ item: 'KOPP-01' }]));
    const missing = await get('/v1/salesorder/SO/999999');
    expect([missing.status, (missing.json as Record<string, string>)['ExceptionFaultCode']]).toEqual([404, VISMA_FAULT_CODES.notFound]);
    const se = await accessToken(sandbox.url, { tenantId: VISMA_DEMO.companies.sweden.tenantId });
    const seList = await http('GET', `${sandbox.url}/v1/salesorder`, { headers: { authorization: `Bearer ${se}` } });
    expect(seList.json).toEqual([]);
  });
});
