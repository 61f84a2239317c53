import { ledgerOf, startVismaSandbox, VISMA_DEMO, VISMA_FAULT_CODES, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, type HttpAnswer, VismaSchemaValidator } from './visma-sandbox.helpers';

const NORWAY = VISMA_DEMO.companies.norway;
const START = '2025-06-02T08:00:00.000Z';
const MAX_PAGE = 100;

type Item = Record<string, unknown> & { lastModifiedDateTime: string; metadata?: { totalCount: number; maxPageSize: number } };
type Line = { lineNumber: number; accountNumber: string; debitAmount: number; creditAmount: number; subaccount: { subaccountNumber: string } };
type Batch = Item & { batchNumber: string; module: string; financialPeriod: string; debitTotal: number; creditTotal: number; journalTransactionLines: Line[] };

/** The Visma query form of an instant: `yyyy-MM-ddTHH:mm:ss.FFF` (no offset; the sandbox reads it as UTC). */
const visma = (ms: number): string => new Date(ms).toISOString().slice(0, 23);
const enc = encodeURIComponent;

/** An exported entity: its list path, official DTO schema, its key, and its name for `POST …/touch`. */
type Entity = { path: string; schema: string; key: (i: Item) => string; touch: string };
const ENTITIES: Entity[] = [
  { path: '/v1/customer', schema: 'CustomerDto', key: (i) => String(i['number']), touch: 'customer' },
  { path: '/v1/supplier', schema: 'SupplierDto', key: (i) => String(i['number']), touch: 'supplier' },
  { path: '/v1/customerinvoice', schema: 'CustomerInvoiceDto', key: (i) => String(i['referenceNumber']), touch: 'customerInvoice' },
  { path: '/v1/customerCreditNote', schema: 'CustomerCreditNoteDto', key: (i) => String(i['referenceNumber']), touch: 'customerCreditNote' },
  { path: '/v1/customerPayment', schema: 'PaymentDto', key: (i) => String(i['refNbr']), touch: 'customerPayment' },
  { path: '/v1/supplierInvoice', schema: 'SupplierInvoiceDto', key: (i) => `${String(i['documentType'])}/${String(i['referenceNumber'])}`, touch: 'supplierInvoice' },
  { path: '/v1/purchaseorder', schema: 'PurchaseOrderDto', key: (i) => String(i['orderNbr']), touch: 'purchaseOrder' },
  { path: '/v1/PurchaseReceipt', schema: 'PurchaseReceiptDto', key: (i) => String(i['receiptNbr']), touch: 'purchaseReceipt' },
  { path: '/v2/PurchaseReceipt', schema: 'PurchaseReceiptDto', key: (i) => String(i['receiptNbr']), touch: 'purchaseReceipt' },
  { path: '/v1/supplierPayment', schema: 'SupplierPaymentDto', key: (i) => String(i['refNbr']), touch: 'supplierPayment' },
  { path: '/v1/employee', schema: 'EmployeeDto', key: (i) => String(i['employeeNumber']), touch: 'employee' },
];

describe('Visma sandbox: ledger export reads (delta, paging, ledger history)', () => {
  const clock = fakeClock(START);
  const validator = new VismaSchemaValidator();
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now, maxPageSize: MAX_PAGE, rateLimit: { limit: 100_000, windowMs: 3_600_000 }, ledgerHistory: { months: 3 } });
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  beforeEach(() => sandbox.reset());
  afterAll(async () => sandbox.close());

  const get = (path: string): Promise<HttpAnswer> => http('GET', `${sandbox.url}${path}`, { headers: auth });
  const control = (path: string, json: unknown, method: 'POST' | 'PATCH' = 'POST'): Promise<HttpAnswer> =>
    http(method as 'POST', `${sandbox.url}/_sandbox/visma/companies/${NORWAY.companyId}/${path}`, { json });

  /** Every page of a list, page by page, until a short page; checks metadata on the way. */
  async function pages(path: string, query: string, pageSize: number): Promise<{ items: Item[]; calls: number; totalCount: number | undefined }> {
    const items: Item[] = [];
    let totalCount: number | undefined;
    for (let pageNumber = 1; pageNumber < 1000; pageNumber += 1) {
      const answer = await get(`${path}?${query}${query ? '&' : ''}pageNumber=${pageNumber}&pageSize=${pageSize}`);
      expect(answer.status).toBe(200);
      const page = answer.json as Item[];
      for (const item of page) {
        expect(item.metadata?.maxPageSize).toBe(MAX_PAGE);
        totalCount ??= item.metadata?.totalCount;
        expect(item.metadata?.totalCount).toBe(totalCount);
      }
      items.push(...page);
      if (page.length < pageSize) return { items, calls: pageNumber, totalCount };
    }
    throw new Error('too many pages');
  }

  it.each(ENTITIES)('$path: pages concatenate to the whole set in delta order, shapes match $schema, and the conditions partition it', async (entity) => {
    const all = await pages(entity.path, `lastModifiedDateTime=2000-01-01&lastModifiedDateTimeCondition=${enc('>=')}`, 7);
    const keys = all.items.map(entity.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(all.items.length).toBe(all.totalCount ?? 0);
    expect(all.items.length).toBeGreaterThan(1);
    const times = all.items.map((i) => Date.parse(i.lastModifiedDateTime));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(validator.listErrors(entity.schema, all.items)).toEqual([]);

    const plain = await pages(entity.path, '', MAX_PAGE);
    expect(plain.items.map(entity.key).sort()).toEqual([...keys].sort());

    const pivot = times[Math.floor(times.length / 2)] ?? 0;
    const count = async (condition: string): Promise<Item[]> => (await pages(entity.path, `lastModifiedDateTime=${visma(pivot)}&lastModifiedDateTimeCondition=${enc(condition)}`, MAX_PAGE)).items;
    const after = await count('>');
    expect(after.map(entity.key)).toEqual(all.items.filter((i) => Date.parse(i.lastModifiedDateTime) > pivot).map(entity.key));
    expect((await count('<=')).length + after.length).toBe(all.items.length);
    expect((await count('<')).length + (await count('>=')).length).toBe(all.items.length);
  });

  it.each(ENTITIES)('$path: a record modified after a checkpoint is the only one in the next delta', async (entity) => {
    const first = ((await get(`${entity.path}?pageNumber=1&pageSize=1`)).json as Item[])[0];
    expect(first).toBeDefined();
    const checkpoint = clock.now();
    const delta = `${entity.path}?lastModifiedDateTime=${visma(checkpoint)}&lastModifiedDateTimeCondition=${enc('>')}`;
    expect((await get(delta)).json).toEqual([]);
    clock.advance(60_000);
    const touched = await control('touch', { entity: entity.touch, key: entity.key(first as Item) });
    expect(touched.status).toBe(200);
    const next = (await get(delta)).json as Item[];
    expect(next.map(entity.key)).toEqual([entity.key(first as Item)]);
    expect(next[0]?.lastModifiedDateTime).toBe(new Date(clock.now()).toISOString());
  });

  it('should refuse a lone lastModifiedDateTime or a bad condition on the list endpoints', async () => {
    for (const path of ['/v1/purchaseorder', '/v1/PurchaseReceipt', '/v1/supplierPayment', '/v1/employee']) {
      for (const query of ['lastModifiedDateTime=2025-01-01', `lastModifiedDateTime=2025-01-01&lastModifiedDateTimeCondition=${enc('=')}`, 'pageSize=0']) {
        const answer = await get(`${path}?${query}`);
        expect([path, query, answer.status, (answer.json as { ExceptionFaultCode?: string }).ExceptionFaultCode]).toEqual([path, query, 400, VISMA_FAULT_CODES.badFilter]);
      }
    }
  });

  /** All journal lines changed since `since`, paged by lines. */
  async function journal(query: string, pageSize: number): Promise<{ batches: Batch[]; pages: Batch[][]; totalCount: number }> {
    const all: Batch[][] = [];
    let totalCount = -1;
    for (let pageNumber = 1; ; pageNumber += 1) {
      const answer = await get(`/v2/journaltransaction?${query}&pageNumber=${pageNumber}&pageSize=${pageSize}`);
      expect(answer.status).toBe(200);
      const page = answer.json as Batch[];
      if (page.length === 0) break;
      totalCount = page[0]?.metadata?.totalCount ?? -1;
      all.push(page);
      if (page.reduce((s, b) => s + b.journalTransactionLines.length, 0) < pageSize) break;
    }
    const merged = new Map<string, Batch>();
    for (const b of all.flat()) {
      const seen = merged.get(b.batchNumber);
      merged.set(b.batchNumber, seen ? { ...seen, journalTransactionLines: [...seen.journalTransactionLines, ...b.journalTransactionLines] } : b);
    }
    return { batches: [...merged.values()], pages: all, totalCount };
  }

  it('should page journal transactions by lines, split batches across pages, and balance every batch to the øre', async () => {
    const { batches, pages: byPage, totalCount } = await journal('lastModifiedDateTime=2000-01-01', 25);
    expect(byPage.every((p) => p.reduce((s, b) => s + b.journalTransactionLines.length, 0) <= 25)).toBe(true);
    expect(batches.reduce((s, b) => s + b.journalTransactionLines.length, 0)).toBe(totalCount);
    expect(totalCount).toBe([...ledgerOf(sandbox.store(NORWAY.tenantId)).journalTransactions.values()].reduce((s, t) => s + t.lines.length, 0));
    expect(validator.listErrors('JournalTransactionDto', byPage.flat())).toEqual([]);
    const accounts = new Set(((await get('/v1/account')).json as Array<{ accountCD: string }>).map((a) => a.accountCD));
    const subaccounts = new Set(((await get('/v1/subaccount')).json as Array<{ subaccountNumber: string }>).map((s) => s.subaccountNumber));
    const cents = (n: number): number => Math.round(n * 100);
    for (const b of batches) {
      const lines = b.journalTransactionLines;
      expect(lines.map((l) => l.lineNumber)).toEqual(lines.map((_l, i) => i + 1));
      const debit = lines.reduce((s, l) => s + cents(l.debitAmount), 0);
      const credit = lines.reduce((s, l) => s + cents(l.creditAmount), 0);
      expect([b.batchNumber, debit]).toEqual([b.batchNumber, credit]);
      expect([cents(b.debitTotal), cents(b.creditTotal)]).toEqual([debit, credit]);
      for (const l of lines) {
        expect(cents(l.debitAmount) / 100).toBe(l.debitAmount);
        expect(accounts.has(l.accountNumber) && subaccounts.has(l.subaccount.subaccountNumber)).toBe(true);
      }
    }
    const split = byPage.flatMap((p) => p.slice(-1)).find((b) => byPage.filter((p) => p.some((x) => x.batchNumber === b.batchNumber)).length > 1);
    expect(split).toBeDefined();
    const whole = (await get(`/v2/journaltransaction/${split?.batchNumber ?? ''}`)).json as Batch;
    expect(batches.find((b) => b.batchNumber === split?.batchNumber)?.journalTransactionLines).toEqual(whole.journalTransactionLines);
    expect(new Set(batches.map((b) => b.module))).toEqual(new Set(['ModuleAR', 'ModuleAP', 'ModuleGL']));
  });

  it('should read journal transactions by period or by lastModifiedDateTime (>=, no condition parameter) and refuse neither', async () => {
    const missing = await get('/v2/journaltransaction?pageNumber=1');
    expect([missing.status, (missing.json as { ExceptionFaultCode: string }).ExceptionFaultCode]).toEqual([400, VISMA_FAULT_CODES.badFilter]);
    const { batches } = await journal('periodId=202505', MAX_PAGE);
    expect(batches.length).toBeGreaterThan(20);
    expect(batches.every((b) => b.financialPeriod === '202505')).toBe(true);
    const ar = await journal('periodId=202505&module=AR', MAX_PAGE);
    expect(ar.batches.every((b) => b.module === 'ModuleAR')).toBe(true);
    const last = batches.reduce((a, b) => (Date.parse(b.lastModifiedDateTime) > Date.parse(a.lastModifiedDateTime) ? b : a));
    const since = (await journal(`lastModifiedDateTime=${visma(Date.parse(last.lastModifiedDateTime))}&lastModifiedDateTimeCondition=${enc('>')}`, MAX_PAGE)).batches;
    expect(since.map((b) => b.batchNumber)).toContain(last.batchNumber);
    expect((await get('/v2/journaltransaction?periodId=2025-05')).status).toBe(400);
    expect((await get('/v2/journaltransaction?periodId=202505&module=XX')).status).toBe(400);
  });

  it('should add and modify journal transactions through the control routes and show them in the next delta', async () => {
    const checkpoint = clock.now();
    clock.advance(1000);
    const created = await control('journal-transactions', {
      transactionDate: '2025-06-01', description: 'Husleie juni',
      lines: [{ accountNumber: '7770', subaccount: 'HQ-0000', debit: '12500.00' }, { accountNumber: '1920', credit: '12500.00' }],
    });
    expect(created.status).toBe(201);
    expect(validator.errors('JournalTransactionDto', created.json)).toEqual([]);
    const number = (created.json as Batch).batchNumber;
    const delta = async (): Promise<Batch[]> => (await journal(`lastModifiedDateTime=${visma(checkpoint + 1)}`, MAX_PAGE)).batches;
    expect((await delta()).map((b) => [b.batchNumber, b.debitTotal, b.creditTotal])).toEqual([[number, 12500, 12500]]);
    clock.advance(60_000);
    const patched = await control(`journal-transactions/${number}`, { description: 'Husleie juni (korrigert)' }, 'PATCH');
    expect(patched.json).toMatchObject({ description: 'Husleie juni (korrigert)', lastModifiedDateTime: new Date(clock.now()).toISOString() });
    const unbalanced = await control('journal-transactions', { transactionDate: '2025-06-01', description: 'Feil', lines: [{ accountNumber: '7770', debit: '10' }, { accountNumber: '1920', credit: '9.99' }] });
    expect([unbalanced.status, (unbalanced.json as { ExceptionFaultCode: string }).ExceptionFaultCode]).toEqual([400, VISMA_FAULT_CODES.validation]);
  });

  it('should create purchase orders, receipts, supplier payments and employees through the control routes', async () => {
    const po = await control('purchase-orders', { supplierNumber: '50000', date: '2025-06-01', lines: [{ inventoryNumber: 'KAFFE-1KG', quantity: '10', unitCost: '99.50' }] });
    expect(po.status).toBe(201);
    expect(validator.errors('PurchaseOrderDto', po.json)).toEqual([]);
    expect(po.json).toMatchObject({ status: 'Open', lineTotal: 995, taxTotal: 149.25, orderTotal: 1144.25 });
    const orderNbr = (po.json as { orderNbr: string }).orderNbr;
    const receipt = await control('purchase-receipts', { poOrderNbr: orderNbr });
    expect(receipt.status).toBe(201);
    expect(validator.errors('PurchaseReceiptDto', receipt.json)).toEqual([]);
    expect((await get(`/v1/purchaseorder/${orderNbr}`)).json).toMatchObject({ purchaseReceipts: [{ receiptNumber: (receipt.json as { receiptNbr: string }).receiptNbr }] });
    const payment = await control('supplier-payments', { invoiceRefNbr: '100003' });
    expect(payment.status).toBe(201);
    expect(validator.errors('SupplierPaymentDto', payment.json)).toEqual([]);
    expect((await get('/v1/supplierInvoice/100003')).json).toMatchObject({ status: 'Closed', balance: 0 });
    const employee = await control('employees', { firstName: 'Per', lastName: 'Olsen', department: 'LAGER' });
    expect(employee.status).toBe(201);
    expect(validator.errors('EmployeeDto', employee.json)).toEqual([]);
    expect((await control('employees/999', {}, 'PATCH')).status).toBe(404);
  });

  it('should serve GL accounts unpaged (no metadata, pageSize ignored) and dimensions with their segment values', async () => {
    const accounts = await get('/v1/account?pageNumber=1&pageSize=2');
    const list = accounts.json as Array<Record<string, unknown>>;
    expect(list.length).toBe(sandbox.store(NORWAY.tenantId).seed.accounts.length);
    expect(list.every((a) => !('metadata' in a))).toBe(true);
    expect(validator.listErrors('AccountDto', list)).toEqual([]);
    const ids = (await get('/v1/dimension')).json as string[];
    expect(ids).toContain('SUBACCOUNT');
    const detail = await get('/v1/dimension/SUBACCOUNT');
    expect(validator.errors('DtoDimension', detail.json)).toEqual([]);
    const segments = (detail.json as { segments: Array<{ segmentValues: Array<{ valueId: string }> }> }).segments;
    expect(segments.map((s) => s.segmentValues.map((v) => v.valueId))).toEqual([['HQ', 'WEB', 'RETAIL'], ['0000', 'P100', 'P200', 'P900']]);
  });

  it('should count every list call against the rate limit with the X-RateLimit headers', async () => {
    const limited = await startVismaSandbox({ clock: clock.now, rateLimit: { limit: 6, windowMs: 3_600_000 } });
    try {
      const headers = { authorization: `Bearer ${await accessToken(limited.url)}` };
      const paths = ['/v1/purchaseorder', '/v1/PurchaseReceipt', '/v1/supplierPayment', '/v2/journaltransaction?periodId=202505', '/v1/employee', '/v1/customerinvoice'];
      const remaining: string[] = [];
      for (const path of paths) {
        const answer = await http('GET', `${limited.url}${path}`, { headers });
        expect(answer.status).toBe(200);
        expect(answer.headers['x-ratelimit-policy']).toBe('4-fixed-window');
        remaining.push(answer.headers['x-ratelimit-remaining'] ?? '');
      }
      expect(remaining).toEqual(['5', '4', '3', '2', '1', '0']);
      const refused = await http('GET', `${limited.url}/v1/employee`, { headers });
      expect([refused.status, refused.headers['x-ratelimit-remaining']]).toEqual([429, '0']);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});

describe('Visma sandbox: ledger history option', () => {
  const counts = (sandbox: RunningVismaSandbox): Record<string, number> => {
    const company = sandbox.store(NORWAY.tenantId);
    const ledger = ledgerOf(company);
    return {
      invoices: company.invoices.size,
      creditNotes: company.creditNotes.size,
      customerPayments: company.customerPayments.size,
      supplierInvoices: company.supplierInvoices.size,
      purchaseOrders: company.purchaseOrders.size,
      purchaseReceipts: ledger.purchaseReceipts.size,
      supplierPayments: ledger.supplierPayments.size,
      journalTransactions: ledger.journalTransactions.size,
      employees: ledger.employees.size,
    };
  };

  it('should be off by default: only the seed (three purchase orders, two receipts, no journal, no employees)', async () => {
    const [byDefault, off] = await Promise.all([startVismaSandbox({ clock: fakeClock(START).now }), startVismaSandbox({ clock: fakeClock(START).now, ledgerHistory: false })]);
    try {
      const seedOnly = { invoices: 0, creditNotes: 0, customerPayments: 0, supplierInvoices: 3, purchaseOrders: 3, purchaseReceipts: 2, supplierPayments: 0, journalTransactions: 0, employees: 0 };
      expect([counts(byDefault), counts(off)]).toEqual([seedOnly, seedOnly]);
    } finally {
      await Promise.all([byDefault.close(), off.close()]);
    }
  });

  it('should generate a year of a few thousand records, the same for the same seed and different for another', async () => {
    const start = (seed: number): Promise<RunningVismaSandbox> => startVismaSandbox({ clock: fakeClock(START).now, ledgerHistory: { seed } });
    const [a, b, c] = await Promise.all([start(7), start(7), start(8)]);
    try {
      const total = Object.values(counts(a)).reduce((s, n) => s + n, 0);
      expect(total).toBeGreaterThan(2000);
      expect(total).toBeLessThan(6000);
      expect(counts(a)['employees']).toBe(6);
      const READS = ['/v2/journaltransaction?periodId=202502&pageSize=200', '/v1/customerinvoice?pageSize=50', '/v1/supplierPayment?pageSize=50', '/v1/employee'];
      const snapshot = async (s: RunningVismaSandbox, paths = READS): Promise<string> => {
        const headers = { authorization: `Bearer ${await accessToken(s.url)}` };
        const parts = await Promise.all(paths.map((p) => http('GET', `${s.url}${p}`, { headers })));
        return parts.map((p) => p.text).join('\n');
      };
      const [sa, sb, sc] = await Promise.all([snapshot(a), snapshot(b), snapshot(c)]);
      expect(sa).toBe(sb);
      expect(sa).not.toBe(sc);
      const company = a.store(NORWAY.tenantId);
      const times = [...ledgerOf(company).journalTransactions.values()].map((t) => t.lastModifiedMs);
      expect(Math.max(...times)).toBeLessThan(Date.parse(START));
      expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse('2024-07-01T00:00:00.000Z'));
      // A reset restores the same history (row versions, and so `timeStamp`s, keep counting; journal DTOs carry none).
      const journalOnly = [READS[0] ?? ''];
      const before = await snapshot(a, journalOnly);
      a.reset();
      expect(await snapshot(a, journalOnly)).toBe(before);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
