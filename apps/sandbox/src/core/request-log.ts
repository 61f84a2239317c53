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

/** Bounded in-memory log of served requests (oldest dropped first). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity = 10_000) {}

  add(entry: Omit<RequestLogEntry, 'headers'> & { headers: Record<string, string | string[] | undefined> }): void {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(entry.headers)) {
      if (value === undefined) continue;
      headers[name] = MASKED.test(name) ? '***' : Array.isArray(value) ? value.join(', ') : value;
    }
    this.entries.push({ ...entry, headers });
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  list(filter: { method?: string; pathContains?: string } = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (!filter.method || e.method === filter.method.toUpperCase()) &&
        (!filter.pathContains || e.path.includes(filter.pathContains)),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
