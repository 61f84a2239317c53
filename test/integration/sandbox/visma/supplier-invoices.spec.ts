import { startVismaSandbox, VISMA_DEMO, VISMA_FAULT_CODES, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, VISMA_EXCEPTION_KEYS, VismaSchemaValidator } from './visma-sandbox.helpers';

const NORWAY = VISMA_DEMO.companies.norway;

type Line = { lineNumber: number; inventoryNumber?: string; quantity: number; unitCost: number; unitCostInCurrency: number; cost: number; costInCurrency: number; poNumber?: string; poLineNr?: number; poReceiptNbr?: string; poReceiptLineNbr?: number };
type SupplierInvoice = {
  referenceNumber: string; documentType: string; status: string; currencyId: string; supplier: { number: string }; lastModifiedDateTime: string; timeStamp: string;
  amount: number; detailTotal: number; detailTotalInCurrency: number; vatTotalInCurrency: number; balance: number; balanceInCurrency: number; description?: string; invoiceLines: Line[];
};

describe('Visma sandbox: supplier invoices', () => {
  const clock = fakeClock('2025-06-02T08:00:00.000Z');
  const validator = new VismaSchemaValidator();
  const schema = (name: string, data: unknown): string[] => validator.errors(name, data);
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;
  const control = (method: 'POST' | 'PATCH', path: string, json: unknown) =>
    http(method as 'POST', `${sandbox.url}/_sandbox/visma/companies/${NORWAY.companyId}/supplier-invoices${path}`, { json });

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now, maxPageSize: 2 });
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.faults.clear();
  });
  afterAll(async () => sandbox.close());

  const get = (path: string) => http('GET', `${sandbox.url}${path}`, { headers: auth });
  const numbers = async (query: string) => ((await get(`/v1/supplierInvoice?${query}`)).json as SupplierInvoice[]).map((i) => i.referenceNumber);

  it('should seed three invoices tied to purchase orders, with Commerce SKUs, a non-Commerce item and a SEK invoice in both currencies', async () => {
    const first = await get('/v1/supplierInvoice?pageNumber=1&pageSize=2');
    const second = await get('/v1/supplierInvoice?pageNumber=2&pageSize=2');
    const all = [...(first.json as SupplierInvoice[]), ...(second.json as SupplierInvoice[])];
    for (const item of all) expect(schema('SupplierInvoiceDto', item)).toEqual([]);
    expect((first.json as Array<{ metadata: unknown }>)[0]?.metadata).toEqual({ totalCount: 3, maxPageSize: 2 });
    expect(all.map((i) => [i.referenceNumber, i.documentType, i.supplier.number, i.currencyId, i.status])).toEqual([
      ['100001', 'Invoice', '50000', 'NOK', 'Open'], ['100002', 'Invoice', '50001', 'SEK', 'Open'], ['100003', 'Invoice', '50000', 'NOK', 'Balanced'],
    ]);
    expect(all.flatMap((i) => i.invoiceLines.map((l) => [i.referenceNumber, l.inventoryNumber, l.poNumber ?? null, l.poLineNr ?? null, l.poReceiptNbr ?? null]))).toEqual([
      ['100001', 'WS12-M-Orange', 'PO000101', 1, 'PR000101'], ['100001', 'MH01-S-Gray', 'PO000101', 2, 'PR000101'],
      ['100002', 'MH01-S-Gray', 'PO000102', 1, 'PR000102'], ['100002', 'NO-SUCH-SKU-1', 'PO000102', 2, 'PR000102'],
      ['100003', 'WS12-M-Orange', 'PO000103', 1, null], ['100003', 'FRAKT', null, null, null],
    ]);
    const nok = all[0];
    expect(nok).toMatchObject({ detailTotal: 4235, detailTotalInCurrency: 4235, vatTotalInCurrency: 1058.75, amount: 5293.75, balance: 5293.75 });
    expect(nok?.invoiceLines[0]).toMatchObject({ quantity: 20, unitCost: 89, unitCostInCurrency: 89, cost: 1780, costInCurrency: 1780 });
    const sek = all[1];
    expect(sek).toMatchObject({ exchangeRate: 1.0215, detailTotalInCurrency: 1500, detailTotal: 1532.25, balanceInCurrency: 1875, balance: 1915.31 });
    expect(sek?.invoiceLines.map((l) => [l.unitCostInCurrency, l.unitCost, l.costInCurrency, l.cost])).toEqual([[240, 245.16, 1200, 1225.8], [150, 153.23, 300, 306.45]]);
  });

  it('should read one invoice by number and by type and number with its ETag, and answer 404 for unknown ones', async () => {
    const byNumber = await get('/v1/supplierInvoice/100002');
    const byType = await get('/v1/supplierInvoice/Invoice/100002');
    expect([byNumber.status, byType.status]).toEqual([200, 200]);
    expect(schema('SupplierInvoiceDto', byType.json)).toEqual([]);
    expect(byType.json).toEqual(byNumber.json);
    expect(byType.headers['etag']).toBe(`"${(byType.json as SupplierInvoice).timeStamp}"`);
    const missing = await get('/v1/supplierInvoice/DebitAdj/100002');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ ExceptionFaultCode: VISMA_FAULT_CODES.notFound });
    expect((await get('/v1/supplierInvoice/999999')).status).toBe(404);
  });

  it('should filter by status, supplier, documentType, item, released and lastModifiedDateTime, refusing bad filters', async () => {
    expect(await numbers('status=Open&pageSize=5')).toEqual(['100001', '100002']);
    expect(await numbers('supplier=50000')).toEqual(['100001', '100003']);
    expect(await numbers('documentType=Invoice&item=NO-SUCH-SKU-1')).toEqual(['100002']);
    expect(await numbers('documentType=CreditAdj')).toEqual([]);
    expect(await numbers('released=0')).toEqual(['100003']);
    expect(await numbers('lastModifiedDateTime=2025-02-11%2010:30:00&lastModifiedDateTimeCondition=%3E%3D')).toEqual(['100002', '100003']);
    expect(await numbers('lastModifiedDateTime=2025-02-11T10:30:00&lastModifiedDateTimeCondition=%3E')).toEqual(['100003']);
    for (const bad of ['documentType=Bill', 'status=Paid', 'lastModifiedDateTime=2025-02-11', 'project=P1', 'pageSize=0']) {
      const answer = await get(`/v1/supplierInvoice?${bad}`);
      expect([bad, answer.status, (answer.json as { ExceptionFaultCode?: string }).ExceptionFaultCode]).toEqual([bad, 400, VISMA_FAULT_CODES.badFilter]);
    }
  });

  it('should create and modify invoices through the control routes: a PATCH bumps lastModifiedDateTime and keeps the list order', async () => {
    const created = await control('POST', '', {
      supplierNumber: '50000', date: '2025-06-01T00:00:00.000Z', description: 'Rest av PO000103',
      lines: [{ inventoryNumber: 'WS12-M-Orange', quantity: '12', unitCost: '91.25', poNumber: 'PO000103', poLineNr: 1 }],
    });
    expect(created.status).toBe(201);
    expect(schema('SupplierInvoiceDto', created.json)).toEqual([]);
    expect(created.json).toMatchObject({ referenceNumber: '100004', status: 'Balanced', lastModifiedDateTime: '2025-06-02T08:00:00.000Z', detailTotal: 1095 });

    clock.advance(5 * 60_000);
    const patched = await control('PATCH', '/Invoice/100001', { description: 'Korrigert' });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ description: 'Korrigert', lastModifiedDateTime: '2025-06-02T08:05:00.000Z', amount: 5293.75 });
    expect([...(await numbers('pageNumber=1&pageSize=2')), ...(await numbers('pageNumber=2&pageSize=2'))]).toEqual(['100001', '100002', '100003', '100004']);
    expect(await numbers('lastModifiedDateTime=2025-06-02%2008:01:00&lastModifiedDateTimeCondition=%3E%3D')).toEqual(['100001']);
    expect((await control('PATCH', '/Invoice/100003', {})).status).toBe(200);
    expect((await control('PATCH', '/Invoice/424242', {})).status).toBe(404);

    sandbox.reset();
    expect(sandbox.store(NORWAY.tenantId).supplierInvoices.size).toBe(3);
    expect((await get('/v1/supplierInvoice/100001')).json).toMatchObject({ description: 'PO000101 vårkolleksjon', lastModifiedDateTime: '2025-02-04T09:00:00.000Z' });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an unknown supplier', { supplierNumber: '59999' }, VISMA_FAULT_CODES.unknownReference, "'59999'"],
    ['an item that does not exist', { lines: [{ inventoryNumber: 'NOPE-1', quantity: '1', unitCost: '1' }] }, VISMA_FAULT_CODES.unknownReference, "'NOPE-1'"],
    ['a purchase order of another supplier', { lines: [{ inventoryNumber: 'MH01-S-Gray', quantity: '1', unitCost: '1', poNumber: 'PO000102', poLineNr: 1 }] }, VISMA_FAULT_CODES.validation, "'poNumber'"],
    ['an item that is not on the purchase order line', { lines: [{ inventoryNumber: 'MH01-S-Gray', quantity: '1', unitCost: '1', poNumber: 'PO000103', poLineNr: 1 }] }, VISMA_FAULT_CODES.validation, "'inventoryNumber'"],
    ['a foreign currency without a rate', { currencyId: 'EUR' }, VISMA_FAULT_CODES.validation, "'exchangeRate'"],
    ['no lines', { lines: [] }, VISMA_FAULT_CODES.validation, "'invoiceLines'"],
  ])('should refuse %s on the control route with a Visma 400', async (_name, patch, faultCode, text) => {
    const answer = await control('POST', '', { supplierNumber: '50000', date: '2025-06-01', lines: [{ quantity: '1', unitCost: '10' }], ...patch });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    expect(answer.json).toMatchObject({ ExceptionFaultCode: faultCode, ExceptionMessage: expect.stringContaining(text) as unknown });
    expect(sandbox.store(NORWAY.tenantId).supplierInvoices.size).toBe(3);
  });

  it('should count list calls against the rate limit and answer injected faults in Visma\'s shape', async () => {
    const ok = await get('/v1/supplierInvoice');
    expect(ok.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
    sandbox.faults.arm({ kind: 'http-500', count: 1, method: 'GET', pathContains: '/v1/supplierInvoice' });
    const failed = await get('/v1/supplierInvoice');
    expect(failed.status).toBe(500);
    expect((await get('/v1/supplierInvoice')).status).toBe(200);
    expect((await http('GET', `${sandbox.url}/v1/supplierInvoice`)).status).toBe(401);
  });
});
