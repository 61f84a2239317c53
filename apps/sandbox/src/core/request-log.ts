/** One served request, as the control API reports it. Credentials are masked. */
export type RequestLogEntry = {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  /** Request headers with authorization-like values replaced by `***`. */
  headers: Record<string, string>;
  /** The fault that answered instead of the handler, if any. */
  fault?: string;
};

const MASKED = /authorization|token|secret|signature|api-key|cookie/i;

type StoredEntry = Omit<RequestLogEntry, 'headers'> & { headers: Record<string, string | string[] | undefined> };

/**
 * Bounded in-memory log of served requests (oldest dropped first). Headers are kept as received and masked when the
 * log is read, so serving a request costs one push (the log is read by tests and the control API, rarely).
 */
export class RequestLog {
  private entries: StoredEntry[] = [];
  private start = 0;

  constructor(private readonly capacity = 10_000) {}

  add(entry: StoredEntry): void {
    this.entries.push(entry);
    if (this.entries.length - this.start > this.capacity) this.start += 1;
    if (this.start > this.capacity) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
  }

  list(filter: { method?: string; pathContains?: string } = {}): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    for (let i = this.start; i < this.entries.length; i += 1) {
      const e = this.entries[i] as StoredEntry;
      if (filter.method && e.method !== filter.method.toUpperCase()) continue;
      if (filter.pathContains && !e.path.includes(filter.pathContains)) continue;
      out.push({ ...e, headers: masked(e.headers) });
    }
    return out;
  }

  clear(): void {
    this.entries = [];
    this.start = 0;
  }
}

function masked(headers: StoredEntry['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = MASKED.test(name) ? '***' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
