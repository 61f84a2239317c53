import { ConnectorError, ConnectorNotFoundError, createVismaClient, type Clock, type VismaClient, type VismaSupplierInvoice, type VismaSupplierInvoiceCursor } from '@mlc/connectors';
import { startVismaSandbox, VISMA_DEMO, type RunningVismaSandbox } from '@mlc/sandbox';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';

const NORWAY = VISMA_DEMO.companies.norway;

/** Reads every page of a run, recording the items and the cursor after each page. */
async function drain(pages: AsyncIterable<{ items: readonly VismaSupplierInvoice[]; nextCursor: VismaSupplierInvoiceCursor | undefined }>, onPage?: (n: number) => Promise<void>) {
  const items: string[] = [];
  const cursors: Array<VismaSupplierInvoiceCursor | undefined> = [];
  for await (const page of pages) {
    items.push(...page.items.map((i) => i.referenceNumber));
    cursors.push(page.nextCursor);
    if (onPage) await onPage(cursors.length);
  }
  return { items, cursors };
}

describe('VismaSupplierInvoiceClient against the Visma sandbox', () => {
  let now = Date.parse('2025-06-02T08:00:00.000Z');
  const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };
  let sandbox: RunningVismaSandbox;
  const make = (): VismaClient =>
    createVismaClient(
      { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: NORWAY.tenantId },
      { companyId: NORWAY.companyId, apiBaseUrl: sandbox.url, tokenUrl: `${sandbox.url}/connect/token`, clock },
    );
  const control = (method: string, path: string, json: unknown) =>
    fetch(`${sandbox.url}/_sandbox/visma/companies/${NORWAY.tenantId}/supplier-invoices${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
  const gets = () => sandbox.log.list({ method: 'GET', pathContains: '/v1/supplierInvoice' });

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: () => now, maxPageSize: 100 });
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.faults.clear();
    sandbox.log.clear();
  });
  afterAll(async () => sandbox.close());

  it('should page the seeded invoices with pageNumber/pageSize and a JSON cursor, and read one with decimal strings in both currencies', async () => {
    const client = make();
    const run = await drain(client.supplierInvoices.listModified({ pageSize: 2 }));
    expect(run.items).toEqual(['100001', '100002', '100003']);
    expect(run.cursors.map((c) => c?.pageNumber)).toEqual([2, undefined]);
    expect(JSON.parse(JSON.stringify(run.cursors[0]))).toEqual(run.cursors[0]);
    expect(gets().map((r) => r.path)).toEqual(['/v1/supplierInvoice', '/v1/supplierInvoice']);

    const { record, etag } = await client.supplierInvoices.get('Invoice', '100002');
    expect(etag).toBe(`"${record.timeStamp ?? ''}"`);
    expect([record.currencyId, record.supplier?.number, record.detailTotalInCurrency, record.detailTotal, record.balance]).toEqual(['SEK', '50001', '1500', '1532.25', '1915.31']);
    expect(record.invoiceLines?.map((l) => [l.inventoryNumber, l.quantity, l.unitCostInCurrency, l.unitCost, l.poNumber, l.poLineNr, l.poReceiptNbr, l.poReceiptLineNbr])).toEqual([
      ['MH01-S-Gray', '5', '240', '245.16', 'PO000102', 1, 'PR000102', 1],
      ['NO-SUCH-SKU-1', '2', '150', '153.23', 'PO000102', 2, 'PR000102', 2],
    ]);
    expect((await client.supplierInvoices.getByNumber('100001')).record.invoiceLines?.map((l) => l.inventoryNumber)).toEqual(['WS12-M-Orange', 'MH01-S-Gray']);
    await expect(client.supplierInvoices.get('Invoice', '999999')).rejects.toBeInstanceOf(ConnectorNotFoundError);
  });

  it('should freeze the upper bound: records changed mid-run wait for the next run, which starts at this run\'s bound, so nothing falls between', async () => {
    const client = make();
    const first = await drain(client.supplierInvoices.listModified({ pageSize: 2 }), async (page) => {
      if (page !== 1) return;
      now += 60_000;
      expect((await control('PATCH', '/Invoice/100003', { description: 'Korrigert' })).status).toBe(200);
      expect((await control('PATCH', '/Invoice/100001', { description: 'Også korrigert' })).status).toBe(200);
      expect((await control('POST', '', { supplierNumber: '50000', date: '2025-06-02', lines: [{ inventoryNumber: 'WS12-M-Orange', quantity: '12', unitCost: '91.25', poNumber: 'PO000103', poLineNr: 1 }] })).status).toBe(201);
    });
    expect(first.items).toEqual(['100001', '100002']);
    expect(first.cursors.map((c) => c?.pageNumber)).toEqual([2, undefined]);

    const bound = new Date(Date.parse('2025-06-02T08:00:00.000Z'));
    const second = await drain(client.supplierInvoices.listModified({ since: bound, pageSize: 2 }));
    expect(second.items).toEqual(['100001', '100003', '100004']);
    const query = new URLSearchParams(gets().at(-1)?.query ?? '');
    expect([query.get('lastModifiedDateTime'), query.get('lastModifiedDateTimeCondition')]).toEqual(['2025-06-02 08:00:00.000', '>=']);
  });

  it('should resume from a saved cursor without re-reading earlier pages', async () => {
    const client = make();
    const pages = client.supplierInvoices.listModified({ pageSize: 2, documentType: 'Invoice' });
    const firstPage = await pages.next();
    const saved = JSON.parse(JSON.stringify(firstPage.done ? undefined : firstPage.value.nextCursor)) as VismaSupplierInvoiceCursor | undefined;
    await pages.return(undefined);
    expect(saved).toMatchObject({ pageNumber: 2, pageSize: 2, filter: { documentType: 'Invoice', since: null }, previousKeys: ['Invoice/100001', 'Invoice/100002'] });
    sandbox.log.clear();
    const rest = await drain(make().supplierInvoices.listModified({ resume: saved }));
    expect(rest.items).toEqual(['100003']);
    expect(gets()).toHaveLength(1);
    expect(new URLSearchParams(gets()[0]?.query ?? '').get('pageNumber')).toBe('2');
  });
});

describe('VismaSupplierInvoiceClient paging sequences (counting server)', () => {
  let server: CountingServer;
  const clock: Clock = { now: () => Date.parse('2025-06-02T08:00:00.000Z'), sleep: () => Promise.resolve() };
  const invoice = (n: string): Record<string, unknown> => ({ referenceNumber: n, documentType: 'Invoice', lastModifiedDateTime: '2025-06-01T10:00:00', invoiceLines: [] });
  const page = (numbers: string[], totalCount?: number) => numbers.map((n) => ({ ...invoice(n), metadata: { totalCount: totalCount ?? null, maxPageSize: 2 } }));
  const make = () =>
    createVismaClient({ clientId: 'c1', clientSecret: 's', tenantId: 't1' }, { companyId: '5100001', apiBaseUrl: server.url, tokenUrl: `${server.url}/connect/token`, clock });

  beforeEach(async () => {
    server = await startCountingServer();
    server.route('POST', '/connect/token', () => ({ status: 200, body: { access_token: 'tok', expires_in: 3600, token_type: 'Bearer' } }));
  });
  afterEach(async () => server.close());

  it('should drop an item that slid across the page boundary (a record inserted before the read position) instead of yielding it twice', async () => {
    server.route('GET', '/v1/supplierInvoice', (req) => {
      const pages: Record<string, string[]> = { '1': ['A1', 'A2'], '2': ['A2', 'A3'], '3': ['A4'] };
      return { status: 200, body: page(pages[req.query.get('pageNumber') ?? ''] ?? []) };
    });
    const run = await drain(make().supplierInvoices.listModified({ pageSize: 5 }));
    expect(run.items).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(server.requests.filter((r) => r.path === '/v1/supplierInvoice').map((r) => [r.query.get('pageNumber'), r.query.get('pageSize')])).toEqual([['1', '5'], ['2', '2'], ['3', '2']]);
  });

  it('should stop with an error instead of looping when the server ignores pageNumber', async () => {
    server.route('GET', '/v1/supplierInvoice', () => ({ status: 200, body: page(['B1', 'B2']) }));
    const seen: string[] = [];
    const run = async () => {
      for await (const p of make().supplierInvoices.listModified({ pageSize: 2 })) seen.push(...p.items.map((i) => i.referenceNumber));
    };
    await expect(run()).rejects.toMatchObject({ code: 'unexpected_status', message: expect.stringContaining('repeated the previous page') as unknown });
    await expect(run()).rejects.toBeInstanceOf(ConnectorError);
    expect(seen).toEqual(['B1', 'B2', 'B1', 'B2']);
    expect(server.count('GET', '/v1/supplierInvoice')).toBe(4);
  });

  it('should send the filters and stop at totalCount', async () => {
    server.route('GET', '/v1/supplierInvoice', () => ({ status: 200, body: page(['C1', 'C2'], 2) }));
    const run = await drain(make().supplierInvoices.listModified({ since: new Date('2025-06-01T00:00:00Z'), pageSize: 2, documentType: 'Invoice', status: 'Open', supplier: '50000' }));
    expect(run.items).toEqual(['C1', 'C2']);
    const q = server.requests.find((r) => r.path === '/v1/supplierInvoice')?.query;
    expect(Object.fromEntries(q ?? [])).toEqual({
      pageNumber: '1', pageSize: '2', lastModifiedDateTime: '2025-06-01 00:00:00.000', lastModifiedDateTimeCondition: '>=', documentType: 'Invoice', status: 'Open', supplier: '50000',
    });
  });
});
