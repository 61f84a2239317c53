import { NORWAY_COMPANY_SEED, startVismaSandbox, SYNTHETIC_JOURNAL_SPAN_MS, VISMA_DEMO, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, type HttpAnswer, VismaSchemaValidator } from './visma-sandbox.helpers';

const START = '2025-06-02T08:00:00.000Z';
const MAX_PAGE = 100;
const TRANSACTIONS = 1000;

type Line = { lineNumber: number; accountNumber: string; debitAmount: number; creditAmount: number };
type Batch = {
  batchNumber: string;
  lastModifiedDateTime: string;
  financialPeriod: string;
  debitTotal: number;
  creditTotal: number;
  journalTransactionLines: Line[];
  metadata?: { totalCount: number; maxPageSize: number };
};

/** The Visma query form of an instant: `yyyy-MM-ddTHH:mm:ss.FFF` (no offset; the sandbox reads it as UTC). */
const visma = (ms: number): string => new Date(ms).toISOString().slice(0, 23);
/** A JSON amount (2 decimals) → whole øre, exactly. */
const ore = (amount: number): number => Math.round(amount * 100);

describe('Visma sandbox: synthetic journal (VismaSandboxOptions.syntheticJournal)', () => {
  const clock = fakeClock(START);
  const validator = new VismaSchemaValidator();
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now, maxPageSize: MAX_PAGE, rateLimit: { limit: 1_000_000, windowMs: 3_600_000 }, syntheticJournal: { transactions: TRANSACTIONS } });
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  afterAll(async () => sandbox.close());

  const get = (path: string, base = sandbox.url, headers = auth): Promise<HttpAnswer> => http('GET', `${base}${path}`, { headers });

  /** Every page of the list (by lines) until a short page; the batches joined by number in arrival order. */
  async function readAll(query: string, pageSize: number): Promise<{ batches: Batch[]; pages: Batch[][]; totalCount: number | undefined }> {
    const pages: Batch[][] = [];
    let totalCount: number | undefined;
    for (let pageNumber = 1; pageNumber < 10_000; pageNumber += 1) {
      const answer = await get(`/v2/journaltransaction?${query}&pageNumber=${pageNumber}&pageSize=${pageSize}`);
      expect(answer.status).toBe(200);
      const page = answer.json as Batch[];
      pages.push(page);
      totalCount ??= page[0]?.metadata?.totalCount;
      if (page.reduce((s, b) => s + b.journalTransactionLines.length, 0) < pageSize) break;
    }
    const joined = new Map<string, Batch>();
    for (const b of pages.flat()) {
      const seen = joined.get(b.batchNumber);
      joined.set(b.batchNumber, seen ? { ...seen, journalTransactionLines: [...seen.journalTransactionLines, ...b.journalTransactionLines] } : b);
    }
    return { batches: [...joined.values()], pages, totalCount };
  }

  it('should page to exactly N transactions × 3 lines, split across pages, balanced, on accounts of the seeded chart', async () => {
    // 100 lines a page and 3 lines a batch: every page boundary but every third cuts a batch.
    const { batches, pages, totalCount } = await readAll('lastModifiedDateTime=2000-01-01', MAX_PAGE);
    expect(totalCount).toBe(TRANSACTIONS * 3);
    expect(pages.slice(0, -1).every((p) => p.reduce((s, b) => s + b.journalTransactionLines.length, 0) === MAX_PAGE)).toBe(true);
    expect(batches).toHaveLength(TRANSACTIONS);
    expect(new Set(batches.map((b) => b.batchNumber)).size).toBe(TRANSACTIONS);
    const active = new Set(NORWAY_COMPANY_SEED.accounts.filter((a) => a.active !== false).map((a) => a.accountCD));
    for (const b of batches) {
      expect(b.journalTransactionLines.map((l) => l.lineNumber)).toEqual([1, 2, 3]);
      const debit = b.journalTransactionLines.reduce((s, l) => s + ore(l.debitAmount), 0);
      const credit = b.journalTransactionLines.reduce((s, l) => s + ore(l.creditAmount), 0);
      expect(debit).toBe(credit);
      expect(debit).toBeGreaterThan(0);
      expect(ore(b.debitTotal)).toBe(debit);
      expect(ore(b.creditTotal)).toBe(credit);
      for (const l of b.journalTransactionLines) {
        expect(active.has(l.accountNumber)).toBe(true);
        expect(l.debitAmount === 0 || l.creditAmount === 0).toBe(true);
      }
    }
    // Change times run over the year before the start, in index (= batch number) order, the last at the start.
    const times = batches.map((b) => Date.parse(b.lastModifiedDateTime));
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] ?? 0))).toBe(true);
    expect(times[times.length - 1]).toBe(Date.parse(START));
    expect(times[0]).toBeGreaterThanOrEqual(Date.parse(START) - SYNTHETIC_JOURNAL_SPAN_MS);
    expect(batches.map((b) => b.batchNumber)).toEqual([...batches.map((b) => b.batchNumber)].sort());
    // The same shape as the ledger's batches (the official DTO schema), and deterministic.
    expect(validator.listErrors('JournalTransactionDto', pages.flat())).toEqual([]);
    expect((await get(`/v2/journaltransaction?lastModifiedDateTime=2000-01-01&pageNumber=7&pageSize=${MAX_PAGE}`)).json).toEqual(pages[6]);
    const split = pages[0]?.[pages[0].length - 1];
    const whole = await get(`/v2/journaltransaction/${split?.batchNumber ?? ''}`);
    expect(whole.status).toBe(200);
    expect(whole.headers['etag']).toBeDefined();
    expect((whole.json as Batch).journalTransactionLines).toEqual(batches.find((b) => b.batchNumber === split?.batchNumber)?.journalTransactionLines);
    expect((await get('/v2/journaltransaction/99999999')).status).toBe(404);
  });

  it('should answer a delta `>= t` with exactly the suffix from the first batch changed at or after t', async () => {
    const all = (await readAll('lastModifiedDateTime=2000-01-01', MAX_PAGE)).batches;
    const k = 617;
    const t = Date.parse(all[k]?.lastModifiedDateTime ?? '');
    const { batches, totalCount } = await readAll(`lastModifiedDateTime=${visma(t)}`, MAX_PAGE);
    const first = all.findIndex((b) => Date.parse(b.lastModifiedDateTime) >= t);
    expect(batches.map((b) => b.batchNumber)).toEqual(all.slice(first).map((b) => b.batchNumber));
    expect(totalCount).toBe((TRANSACTIONS - first) * 3);
    const bare = ({ metadata: _metadata, ...rest }: Batch): Omit<Batch, 'metadata'> => rest;
    expect(batches.map(bare)).toEqual(all.slice(first).map(bare));
    // After the last change: nothing.
    const after = await get(`/v2/journaltransaction?lastModifiedDateTime=${visma(Date.parse(START) + 1)}`);
    expect(after.json).toEqual([]);
  });

  it('should filter by period (a contiguous range), and by module, status and branch (all or none), and still require a filter', async () => {
    const all = (await readAll('lastModifiedDateTime=2000-01-01', MAX_PAGE)).batches;
    const may = await readAll('periodId=202505', MAX_PAGE);
    const expected = all.filter((b) => b.financialPeriod === '202505');
    expect(expected.length).toBeGreaterThan(0);
    expect(may.batches.map((b) => b.batchNumber)).toEqual(expected.map((b) => b.batchNumber));
    expect((await readAll('periodId=202505&module=GL&status=Posted&branch=1&releasedBatch=true', MAX_PAGE)).batches).toHaveLength(expected.length);
    expect((await get('/v2/journaltransaction?periodId=202505&module=AR')).json).toEqual([]);
    expect((await get('/v2/journaltransaction?periodId=202505&releasedBatch=false')).json).toEqual([]);
    expect((await get('/v2/journaltransaction?pageNumber=1')).status).toBe(400);
  });

  it('should start a 1 000 000-transaction journal at once and serve any page without building the others', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const big = await startVismaSandbox({ rateLimit: { limit: 1_000_000, windowMs: 3_600_000 }, syntheticJournal: { transactions: 1_000_000, linesPerTransaction: 4, tenantId: VISMA_DEMO.companies.norway.tenantId } });
    try {
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
      const headers = { authorization: `Bearer ${await accessToken(big.url)}` };
      const t0 = performance.now();
      const last = await get('/v2/journaltransaction?lastModifiedDateTime=2000-01-01&pageNumber=4000&pageSize=1000', big.url, headers);
      expect(performance.now() - t0).toBeLessThan(1_000);
      const page = last.json as Batch[];
      expect(page).toHaveLength(250);
      expect(page[0]?.metadata?.totalCount).toBe(4_000_000);
      expect(page[page.length - 1]?.batchNumber).toBe('01000000');
      expect((await get('/v2/journaltransaction?lastModifiedDateTime=2000-01-01&pageNumber=4001&pageSize=1000', big.url, headers)).json).toEqual([]);
    } finally {
      await big.close();
    }
  });

  it('should refuse an empty journal or too few lines', async () => {
    await expect(startVismaSandbox({ syntheticJournal: { transactions: 0 } })).rejects.toThrow(RangeError);
    await expect(startVismaSandbox({ syntheticJournal: { transactions: 10, linesPerTransaction: 1 } })).rejects.toThrow(RangeError);
    await expect(startVismaSandbox({ syntheticJournal: { transactions: 10, tenantId: 'nope' } })).rejects.toThrow(RangeError);
  });
});
