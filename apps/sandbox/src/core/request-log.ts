import { SeqLog, type Sequenced } from './seq-log';

/** One served request, as the control API reports it. Credentials are masked. */
export type RequestLogEntry = {
  /** Monotonic sequence number (1, 2, …) in the order the entries were recorded; never reused, not even after clear. */
  seq: number;
  /** ISO-8601 time the entry was recorded (when the answer was sent, or the fault fired). */
  at: string;
  method: string;
  path: string;
  /** The query string as received, with its leading `?` ('' when none). */
  query: string;
  /**
   * The status the sandbox answered; for `lose-reply` the status the handler produced (the client got nothing);
   * 0 for `reset`.
   */
  status: number;
  /** Request headers with authorization-like values replaced by `***`. */
  headers: Record<string, string>;
  /** The fault kind that hit this request (a status fault answered instead of the handler; see faults.ts). */
  fault?: string;
};

/** What a caller records; the log adds `seq`. Headers are kept as node delivers them and masked on read. */
export type RequestLogInput = Omit<RequestLogEntry, 'headers' | 'seq'> & { headers: Record<string, string | string[] | undefined> };

/** Filters of `list` and `read`: exact method (case-insensitive), substring of the path. */
export type RequestLogFilter = { method?: string; pathContains?: string };

/** One cursor page of the request log (see `SeqPage`): entries with `seq > after`, `next` to pass as `after`. */
export type RequestLogPage = { requests: RequestLogEntry[]; next: number; truncated: boolean };

const MASKED = /authorization|token|secret|signature|api-key|cookie/i;

/** Default number of entries kept (oldest dropped first). */
export const DEFAULT_REQUEST_LOG_CAPACITY = 10_000;

/**
 * Bounded in-memory log of served requests (oldest dropped first). Headers are kept as received and masked when the
 * log is read, so serving a request costs one push (the log is read by tests and the control API, rarely).
 * Each entry gets a monotonic `seq`; `read({after})` is a cursor that never removes entries, so a poller that passes
 * the returned `next` as its next `after` sees every entry exactly once unless it fell out of the capacity
 * (then `truncated` is true).
 */
export class RequestLog {
  private readonly entries: SeqLog<RequestLogInput>;

  /**
   * `maskQuery`: names of query parameters whose values are shown as `***` when the log is read (e.g. WooCommerce's
   * `consumer_secret`, which query-string authentication sends in the URL). Default: none.
   */
  constructor(
    capacity = DEFAULT_REQUEST_LOG_CAPACITY,
    private readonly maskQuery?: RegExp,
  ) {
    this.entries = new SeqLog<RequestLogInput>(capacity);
  }

  /** Records one request and returns its seq. */
  add(entry: RequestLogInput): number {
    return this.entries.push(entry).seq;
  }

  /** Every retained entry matching the filter, oldest first. */
  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.entries.all().filter(matcher(filter)).map((e) => this.toEntry(e));
  }

  /**
   * Entries with `seq > after` (default 0) matching the filter, oldest first, at most `limit` (no limit when absent).
   * `next` is the seq of the last entry returned, or `after` when none.
   */
  read(options: RequestLogFilter & { after?: number; limit?: number } = {}): RequestLogPage {
    const page = this.entries.read(options.after ?? 0, options.limit, matcher(options));
    return { requests: page.items.map((e) => this.toEntry(e)), next: page.next, truncated: page.truncated };
  }

  /** The seq of the newest entry ever recorded (0 when none): pass it as `after` to read only what comes next. */
  get lastSeq(): number {
    return this.entries.last;
  }

  /** Forgets every entry (seqs keep counting). */
  clear(): void {
    this.entries.clear();
  }

  private toEntry(e: Sequenced<RequestLogInput>): RequestLogEntry {
    const mask = this.maskQuery;
    const query = mask ? e.query.replace(/([?&])([^=&]*)=([^&]*)/g, (all: string, sep: string, name: string) => (mask.test(decodeURIComponentSafe(name)) ? `${sep}${name}=***` : all)) : e.query;
    return { ...e, query, headers: masked(e.headers) };
  }
}

function matcher(filter: RequestLogFilter): (e: Sequenced<RequestLogInput>) => boolean {
  const method = filter.method?.toUpperCase();
  const path = filter.pathContains;
  return (e) => (!method || e.method === method) && (!path || e.path.includes(path));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function masked(headers: RequestLogInput['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = MASKED.test(name) ? '***' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
