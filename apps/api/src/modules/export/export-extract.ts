/**
 * Step 1 of an export batch (export-runner.service.ts): Visma pages → the batch's NDJSON file, with no database work
 * (the runner records what this returns).
 *
 * Memory (issue 17: the exporter's RSS must not grow with the batch). What one extraction holds at a time, whatever
 * EXPORT_BATCH_ROWS is:
 * - at most two pages: the one being converted and the next one asked for meanwhile (one request in flight, never
 *   more). A page's records are referenced from `takePage`'s frame only, which returns before the page's text is
 *   written, so they are garbage before the next page is parsed (not kept by a loop variable or a settled promise
 *   across the write's `drain`);
 * - one page's NDJSON text, written with backpressure (`drain` awaited before the next page is converted);
 * - the record keys seen in this batch (one short string each: the de-duplication of records seen twice on shifting
 *   pages), the one thing that grows with the batch: a few MB per 50 000 rows.
 * Measured (scripts/bench-export.js with BENCH_EXPORT_MEMORY_TRACE / BENCH_EXPORT_HEAP_SAMPLING): the parsed Visma
 * pages are not retained, but V8 moves most of them into old space anyway (about 2.5 KB a journal row, the same with
 * 80- or 1000-line pages and with a 16 or 64 MB semi-space, and the same when only pages are read, nothing converted),
 * where only a mark-compact frees them; with ~50 MB live, V8 lets old space grow to ~230 MB of such garbage before
 * it runs one. That growth is bounded by V8's heap limit, not by this code (see the issue-17 notes in
 * scripts/bench-export.js).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { ConnectorRateLimitedError, type VismaClient, type VismaExportPage } from '@mlc/connectors';
import { joinSplitRecords, MappingError, recordKey, toExportRow, type ExportTable } from '@mlc/mapping';
import type { ExportBatchEntity } from '../../database/export.entities';
import { type ExportCursor, idOf, inWindow, listingOf, queryOf, safeKey } from './export-runner.helpers';

/** Thrown inside a run when the company's Visma budget (less the posting reserve) is spent: the run pauses. */
export class BudgetPause extends Error {
  constructor(readonly waitMs: number) {
    super(`Visma rate budget spent; the export goes on in ${Math.ceil(waitMs / 1000)} s`);
  }
}

/** Where an extraction reads: the company's Visma client and its shared rate budget. */
export type ExtractSource = {
  visma: VismaClient;
  /** Calls used of the company's budget in its current window, its limit and when it resets (undefined: no budget known). */
  budgetUsage: () => Promise<{ used: number; limit: number; resetsAt: string | null } | undefined>;
};

/** EXPORT_BATCH_ROWS (rows a batch holds at most) and EXPORT_BUDGET_RESERVE_PERCENT (0–100, left for postings). */
export type ExtractLimits = { batchRows: number; budgetReservePercent: number };

/** What an extraction recorded on its batch (the columns of ExportBatchEntity it sets). */
export type ExtractPatch = Pick<ExportBatchEntity, 'rowsRead' | 'rowsRejected' | 'rejections' | 'vismaCalls' | 'windowTotal' | 'nextCursor'> & { status: 'extracted'; extractedAt: Date };

/** Most rejections kept on a batch (the count is exact). */
const MAX_REJECTIONS = 20;
/** Wait when the budget says spent but not when it resets. */
const DEFAULT_BUDGET_WAIT_MS = 60_000;

/** Whether one more Visma call leaves the posting reserve untouched. */
export async function hasBudget(source: ExtractSource, reservePercent: number, callsSoFar: number): Promise<boolean> {
  const usage = await source.budgetUsage();
  if (!usage || usage.limit <= 0) return true;
  const reserve = Math.floor((usage.limit * reservePercent) / 100);
  // A detail-reading entity (dimensions) may spend more than one call per page: keep a small margin for it.
  const margin = callsSoFar > 0 ? 1 : 0;
  return usage.limit - usage.used - margin > reserve;
}

/** Milliseconds until the budget resets (250 ms after it; at least 1 s), or 60 s when it does not say. */
export async function budgetWait(source: ExtractSource): Promise<number> {
  const usage = await source.budgetUsage();
  const resetsAt = usage?.resetsAt ? Date.parse(usage.resetsAt) : Number.NaN;
  return Number.isNaN(resetsAt) ? DEFAULT_BUDGET_WAIT_MS : Math.max(1_000, resetsAt - Date.now() + 250);
}

/** An NDJSON file written a page of lines at a time, waiting for `drain` whenever the stream says it is full. */
class NdjsonFile {
  private readonly out: WriteStream;

  constructor(path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
  }

  /** Writes `lines` (each without its newline); resolves once the stream can take more. */
  async write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    if (!this.out.write(`${lines.join('\n')}\n`)) await once(this.out, 'drain');
  }

  /** Flushes and closes the file. @throws the stream's error (e.g. ENOSPC) */
  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'close');
  }
}

/**
 * Reads pages from the batch's start cursor into `file` (created or truncated) until `limits.batchRows` rows, the
 * window's end, or the budget's reserve, and returns what to record on the batch: rows written (one a record key),
 * rejected records (MappingError; the first 20 kept), Visma calls, the window's total and the cursor after the last
 * page read (null: the window is done).
 * @throws BudgetPause when the budget is spent before the first page (nothing read)
 * @throws the Visma client's errors (a ConnectorRateLimitedError only before any row was read: after, the batch ends
 *   there), and any non-MappingError of the conversion
 */
export async function extractToFile(source: ExtractSource, table: ExportTable, batch: Pick<ExportBatchEntity, 'id' | 'startCursor'>, file: string, limits: ExtractLimits): Promise<ExtractPatch> {
  const entity = table.entity;
  const listing = listingOf(entity);
  const out = new NdjsonFile(file);
  const seen = new Set<string>();
  const rejections: ExportBatchEntity['rejections'] = [];
  let rowsRead = 0;
  let rejected = 0;
  let calls = 0;
  let windowTotal: number | null = null;
  let cursor: ExportCursor | undefined = batch.startCursor as ExportCursor;
  // Frozen: toExportRow checks a frozen provenance once per batch instead of once per row.
  const provenance = Object.freeze({ batchId: batch.id, extractedAt: new Date().toISOString() });
  // The page's rows, written at once (one stream write a page, not one a row).
  let pending: string[] = [];
  const convert = (dto: Record<string, unknown>): void => {
    let line: string;
    try {
      const key = recordKey(entity, dto).id;
      if (seen.has(key)) return;
      seen.add(key);
      line = JSON.stringify(toExportRow(table, dto, provenance).row);
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      rejected += 1;
      if (rejections.length < MAX_REJECTIONS) rejections.push({ key: safeKey(entity, dto), field: err.field, message: err.message });
      return;
    }
    rowsRead += 1;
    pending.push(line);
  };
  const flush = (): Promise<void> => {
    const lines = pending;
    pending = [];
    return out.write(lines);
  };
  const budgetLeft = (): Promise<boolean> => hasBudget(source, limits.budgetReservePercent, calls);
  // The next page, asked for while this one is converted (only when the loop is sure to read it: see takePage).
  let readAhead: Promise<VismaExportPage> | undefined;

  /**
   * Awaits one page, asks for the next one when sure to read it, converts the page's records into `pending` and
   * returns the cursor after it, or 'stop' when a rate limit ends the batch early. The page is referenced from this
   * frame only, so it is garbage once this returns (see the file header).
   */
  const takePage = async (request: Promise<VismaExportPage>, at: ExportCursor): Promise<ExportCursor | undefined | 'stop'> => {
    let page: VismaExportPage;
    try {
      page = await request;
    } catch (err) {
      // The shared budget (or Visma's own limit) said no mid-batch: keep what was read, go on after the pause.
      if (err instanceof ConnectorRateLimitedError && rowsRead > 0) return 'stop';
      throw err;
    }
    calls += 1;
    windowTotal ??= page.totalCount ?? null;
    // Read ahead when this page cannot end the batch: it adds at most its records plus a carried one, so with fewer
    // than that left the loop goes on to `page.next` whatever the conversion rejects. The budget is asked first, as
    // for any call; an id list reads details per page, so it is read one page at a time.
    if (page.next && entity.listReturns !== 'ids' && rowsRead + page.records.length + 1 < limits.batchRows && (await budgetLeft())) {
      readAhead = source.visma.exports.readPage(listing, page.next);
      // Awaited on the next turn; a failure there is handled as any page's (never an unhandled rejection).
      readAhead.catch(() => undefined);
    }
    let records = page.records;
    let carry: Record<string, unknown> | null = null;
    if (entity.linesSplitAcrossPages) {
      const joined = joinSplitRecords(entity, at.carry ?? null, records, page.next === undefined);
      records = [...joined.complete];
      carry = joined.carry;
    }
    if (entity.listReturns === 'ids') {
      for (const id of records) {
        const detailPath = (entity.detail?.path ?? '').replace(/\{[^}]+\}/, encodeURIComponent(String(idOf(id))));
        calls += 1;
        const dto = await source.visma.exports.readOne(`${detailPath}${queryOf(entity.detail?.fixedQuery ?? {})}`);
        if (inWindow(entity, dto, at)) {
          convert(dto);
          await flush();
        }
      }
    } else {
      for (const dto of records) convert(dto);
    }
    return page.next ? { ...page.next, carry } : undefined;
  };

  try {
    while (cursor && rowsRead < limits.batchRows) {
      let request = readAhead;
      readAhead = undefined;
      if (!request) {
        if (!(await budgetLeft())) {
          if (calls === 0 && rowsRead === 0) throw new BudgetPause(await budgetWait(source));
          break;
        }
        request = source.visma.exports.readPage(listing, cursor);
      }
      const next = await takePage(request, cursor);
      request = undefined; // the settled page is not kept alive by this frame across the write either
      if (next === 'stop') break;
      await flush();
      cursor = next;
    }
  } finally {
    await out.close();
  }
  return { status: 'extracted', rowsRead, rowsRejected: rejected, rejections, vismaCalls: calls, windowTotal, nextCursor: cursor ?? null, extractedAt: new Date() };
}
