import { VISMA_RATE_LIMIT_POLICY } from './visma-demo.constants';

/** Fixed-window quota: `limit` requests per `windowMs` for each company + client combination. */
export type VismaRateLimitOptions = { limit: number; windowMs: number };

export type VismaRateDecision = {
  allowed: boolean;
  /** The four `X-RateLimit-*` headers (and `Retry-After` when refused). */
  headers: Record<string, string>;
};

type Window = { startedMs: number; used: number };

/**
 * Fixed-window rate limiter of policy `4-fixed-window`: "X requests per hour for each company and client
 * combination". A window starts with the first request and lasts `windowMs`; refused requests do not count.
 * Headers: X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset (seconds until the window resets),
 * X-RateLimit-Policy. Source: docs.vismasoftware.no/vismanetapi/api-reference/rate-limits/.
 */
export class VismaRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly options: VismaRateLimitOptions,
    private readonly clock: () => number,
  ) {}

  /** Counts one request of `tenantId` + `clientId` and says whether it may proceed. */
  take(tenantId: string, clientId: string): VismaRateDecision {
    const key = `${tenantId}\u0000${clientId}`;
    const now = this.clock();
    let window = this.windows.get(key);
    if (!window || now >= window.startedMs + this.options.windowMs) {
      window = { startedMs: now, used: 0 };
      this.windows.set(key, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.startedMs + this.options.windowMs - now) / 1000));
    const allowed = window.used < this.options.limit;
    if (allowed) window.used += 1;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(this.options.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.options.limit - window.used)),
      'x-ratelimit-reset': String(resetSeconds),
      'x-ratelimit-policy': VISMA_RATE_LIMIT_POLICY,
    };
    if (!allowed) headers['retry-after'] = String(resetSeconds);
    return { allowed, headers };
  }

  /** Forgets every window (sandbox reset). */
  clear(): void {
    this.windows.clear();
  }
}
