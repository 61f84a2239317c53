import type { VismaCompanyState } from './visma-company.store';
import { periodOf, startOfDayUtc } from './visma-dto.util';
import { journalTransactionToDto } from './visma-journal-transaction.mapper';
import type { VismaJournalLineRecord, VismaJournalStatus, VismaJournalTransactionRecord } from './visma-ledger.types';
import type { VismaMetadata, VismaPaging } from './visma-query.util';

/**
 * A synthetic journal of any size for benchmarks (VismaSandboxOptions.syntheticJournal): `GET /v2/journaltransaction`
 * of the company serves `transactions` generated batches instead of its ledger's, each computed from its index on the
 * fly, so a page costs O(page) time and memory and a journal of millions of batches costs nothing to start.
 */
export type VismaSyntheticJournalOptions = {
  /** Number of journal transactions (batches), a positive integer (at most 99 999 999). */
  transactions: number;
  /** Lines per transaction, an integer from 2 to 50 (default 3: receivable debit, sales credit, VAT credit). */
  linesPerTransaction?: number;
  /** The company (Visma Connect tenant id) whose journal it is (default the Norwegian demo company). */
  tenantId?: string;
};

/** The period a synthetic journal covers, ending at the sandbox's start: one year (365 days). */
export const SYNTHETIC_JOURNAL_SPAN_MS = 365 * 86_400_000;
/** Batch numbers are this many digits, zero-padded, so text order is index order. */
const BATCH_DIGITS = 8;
const MAX_TRANSACTIONS = 10 ** BATCH_DIGITS - 1;
const MAX_LINES = 50;
/** Sales accounts the credit lines cycle through (all active accounts of the Norwegian seed chart). */
const SALES_ACCOUNTS = ['3000', '3020', '3100', '3700'] as const;
const RECEIVABLE_ACCOUNT = '1500';
const BANK_ACCOUNT = '1920';
const VAT_ACCOUNT = '2700';
/** VAT category of the taxable sales lines and the high rate in basis points (Norwegian seed: 25 %). */
const VAT_CATEGORY = '3';
const VAT_RATE_BASIS_POINTS = 2500;

/** A 32-bit integer hash of (index, salt) (a murmur3-style finaliser): deterministic, well spread, no state. */
function mix(index: number, salt: number): number {
  let h = (Math.imul(index ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x27d4eb2f, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The generated journal (file header). Batch `i` (0-based) is numbered `i + 1` in 8 digits, ModuleGL, Posted, branch of
 * the company's defaults; its `lastModifiedDateTime` is `anchorMs − span + ⌊(i + 1) · span / N⌋` (non-decreasing in i,
 * the last one at the anchor), so a delta `>= t` selects a suffix of the indices and a period a contiguous range; the
 * transaction date is that day at midnight UTC. Amounts are whole øre from a hash of the index; every batch balances
 * (one debit line = the sum of the credit lines).
 */
export class VismaSyntheticJournal {
  readonly transactions: number;
  readonly linesPerTransaction: number;
  private readonly sub: readonly (readonly string[])[];

  /**
   * @param anchorMs the clock's value when the sandbox started (the last batch's change time)
   * @throws RangeError for a count or line number out of range
   */
  constructor(
    options: VismaSyntheticJournalOptions,
    private readonly company: VismaCompanyState,
    readonly anchorMs: number,
  ) {
    const n = options.transactions;
    const lines = options.linesPerTransaction ?? 3;
    if (!Number.isInteger(n) || n < 1 || n > MAX_TRANSACTIONS) throw new RangeError(`syntheticJournal.transactions must be an integer from 1 to ${MAX_TRANSACTIONS}`);
    if (!Number.isInteger(lines) || lines < 2 || lines > MAX_LINES) throw new RangeError(`syntheticJournal.linesPerTransaction must be an integer from 2 to ${MAX_LINES}`);
    this.transactions = n;
    this.linesPerTransaction = lines;
    const subs = company.seed.subaccounts.map((s) => s.segmentValues);
    this.sub = subs.length > 0 ? subs : [company.seed.defaults.subaccount];
  }

  /** Change time (epoch ms) of batch `index`; non-decreasing in the index. */
  timeOf(index: number): number {
    const span = SYNTHETIC_JOURNAL_SPAN_MS;
    return this.anchorMs - span + Math.floor(((index + 1) * span) / this.transactions);
  }

  /** The first index whose change time is `>= ms` (`transactions` when none): binary search, O(log N). */
  firstAtOrAfter(ms: number): number {
    let lo = 0;
    let hi = this.transactions;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeOf(mid) >= ms) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The index range `[from, to)` of the batches of period `YYYYMM` (their transaction date's month). */
  periodRange(period: string): { from: number; to: number } {
    const year = Number(period.slice(0, 4));
    const month = Number(period.slice(4, 6)) - 1;
    return { from: this.firstAtOrAfter(Date.UTC(year, month, 1)), to: this.firstAtOrAfter(Date.UTC(year, month + 1, 1)) };
  }

  /** The batch number of an index (`00000001` …). */
  batchNumberOf(index: number): string {
    return String(index + 1).padStart(BATCH_DIGITS, '0');
  }

  /** The index of a batch number, or undefined when it names none of this journal's batches. */
  indexOf(batchNumber: string): number | undefined {
    if (!/^\d{8}$/.test(batchNumber)) return undefined;
    const index = Number(batchNumber) - 1;
    return index >= 0 && index < this.transactions ? index : undefined;
  }

  /** Batch `index` as a ledger record (the shape journalTransactionToDto maps), computed from the index alone. */
  record(index: number): VismaJournalTransactionRecord {
    const at = this.timeOf(index);
    const lines = this.linesOf(index);
    return {
      seq: index + 1,
      rowVersion: BigInt(index + 1),
      createdMs: at,
      lastModifiedMs: at,
      module: 'ModuleGL',
      batchNumber: this.batchNumberOf(index),
      status: 'Posted',
      transactionDateMs: startOfDayUtc(at),
      postPeriod: periodOf(startOfDayUtc(at)),
      description: `Synthetic journal entry ${index + 1}`,
      branchNumber: this.company.seed.defaults.branchNumber,
      lines,
    };
  }

  /**
   * The lines of batch `index`: with 2 lines a bank debit and an exempt sales credit; with more, a receivable debit of
   * the total, `lines − 2` taxable sales credits and one VAT credit of 25 % of their sum (rounded down to whole øre).
   */
  private linesOf(index: number): VismaJournalLineRecord[] {
    const count = this.linesPerTransaction;
    const reference = `SYN${index + 1}`;
    const subaccount = this.sub[index % this.sub.length] ?? this.company.seed.defaults.subaccount;
    const credits: VismaJournalLineRecord[] = [];
    const salesLines = count === 2 ? 1 : count - 2;
    let net = 0;
    for (let k = 0; k < salesLines; k += 1) {
      // 1.00 to 10 000.00 NOK in øre.
      const amount = 100 + (mix(index, k) % 999_901);
      net += amount;
      credits.push({
        lineNumber: k + 2,
        accountNumber: count === 2 ? '3100' : (SALES_ACCOUNTS[(index + k) % SALES_ACCOUNTS.length] ?? '3000'),
        subaccount,
        debitMinor: 0,
        creditMinor: amount,
        referenceNumber: reference,
        vatCodeId: count === 2 ? '5' : VAT_CATEGORY,
      });
    }
    let total = net;
    if (count > 2) {
      const vat = Math.floor((net * VAT_RATE_BASIS_POINTS) / 10_000);
      total += vat;
      credits.push({ lineNumber: count, accountNumber: VAT_ACCOUNT, subaccount, debitMinor: 0, creditMinor: vat, referenceNumber: reference, description: 'Utgående merverdiavgift' });
    }
    const debit: VismaJournalLineRecord = { lineNumber: 1, accountNumber: count === 2 ? BANK_ACCOUNT : RECEIVABLE_ACCOUNT, subaccount, debitMinor: total, creditMinor: 0, referenceNumber: reference };
    return [debit, ...credits];
  }
}

const JOURNALS = new WeakMap<VismaCompanyState, VismaSyntheticJournal>();

/** Makes `journal` the company's v2 journal-transaction list (the sandbox does this at start for the option). */
export function attachSyntheticJournal(company: VismaCompanyState, journal: VismaSyntheticJournal): void {
  JOURNALS.set(company, journal);
}

/** The company's synthetic journal, when it has one. */
export function syntheticJournalOf(company: VismaCompanyState): VismaSyntheticJournal | undefined {
  return JOURNALS.get(company);
}

/** The list filters of `GET /v2/journaltransaction`, already validated by its controller. */
export type SyntheticJournalQuery = {
  paging: VismaPaging;
  maxPageSize: number;
  /** `lastModifiedDateTime` (epoch ms; `>=`). */
  since: number | undefined;
  /** `periodId` (YYYYPP). */
  periodId: string | undefined;
  /** `module` short value (GL, AP, …). */
  module: string | undefined;
  status: string | undefined;
  branch: string | undefined;
  /** `releasedBatch`: whether the batch status counts as released. */
  released: boolean | undefined;
  isReleased: (status: VismaJournalStatus) => boolean;
  withAttachments: boolean;
};

/**
 * One page of the synthetic journal with the list's semantics (visma-journal-transaction.controller.ts): the filters
 * narrow an index range (`since` a suffix, `periodId` a contiguous range; module, status, branch and releasedBatch
 * match every batch or none, all batches being alike), the page holds `pageSize` **lines** from line
 * `(pageNumber − 1) · pageSize` of the range, a batch cut by the page boundary carries the page's lines only, and
 * `metadata.totalCount` is the range's line count. Only the page's batches are computed.
 */
export function syntheticJournalPage(journal: VismaSyntheticJournal, company: VismaCompanyState, q: SyntheticJournalQuery): Array<Record<string, unknown>> {
  let from = q.since === undefined ? 0 : journal.firstAtOrAfter(q.since);
  let to = journal.transactions;
  if (q.periodId !== undefined) {
    const range = journal.periodRange(q.periodId);
    from = Math.max(from, range.from);
    to = Math.min(to, range.to);
  }
  const sample = { module: 'ModuleGL', status: 'Posted' as VismaJournalStatus, branch: company.seed.defaults.branchNumber };
  const matchesAll =
    (q.module === undefined || sample.module === `Module${q.module}`) &&
    (q.status === undefined || sample.status === q.status) &&
    (q.branch === undefined || sample.branch === q.branch) &&
    (q.released === undefined || q.isReleased(sample.status) === q.released);
  if (!matchesAll || to < from) to = from;
  const perBatch = journal.linesPerTransaction;
  const metadata: VismaMetadata = { totalCount: (to - from) * perBatch, maxPageSize: q.maxPageSize };
  const startLine = (q.paging.pageNumber - 1) * q.paging.pageSize;
  const endLine = Math.min(startLine + q.paging.pageSize, metadata.totalCount);
  const body: Array<Record<string, unknown>> = [];
  for (let line = startLine; line < endLine; ) {
    const index = from + Math.floor(line / perBatch);
    const first = line % perBatch;
    const last = Math.min(perBatch, first + (endLine - line));
    const record = journal.record(index);
    const part = first === 0 && last === perBatch ? record.lines : record.lines.slice(first, last);
    body.push({ ...journalTransactionToDto(record, company, part, { withAttachments: q.withAttachments }), metadata: { ...metadata } });
    line += last - first;
  }
  return body;
}
