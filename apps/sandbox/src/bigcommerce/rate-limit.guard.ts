/**
 * Per-store request quota, as BigCommerce enforces it: a fixed window of `windowMs` shared by all apps,
 * `requests` calls per window. Every authenticated response carries the four rate-limit headers; once
 * the quota is spent the store answers 429 until the window resets.
 * Source: bigcommerce/docs `docs/api-docs/getting-started/api-rate-limits.mdx` (shared/specs/README §2).
 */
export type RateLimitQuota = { requests: number; windowMs: number };

export type RateLimitDecision = { allowed: boolean; headers: Record<string, string> };

export class StoreRateLimiter {
  private windows = new Map<string, { startedAt: number; used: number }>();

  constructor(
    private readonly quota: RateLimitQuota,
    private readonly nowMs: () => number,
  ) {}

  /** Counts one request for the store (if quota is left) and returns the headers to send. */
  take(storeHash: string): RateLimitDecision {
    const now = this.nowMs();
    let window = this.windows.get(storeHash);
    if (!window || now - window.startedAt >= this.quota.windowMs) {
      window = { startedAt: now, used: 0 };
      this.windows.set(storeHash, window);
    }
    const allowed = window.used < this.quota.requests;
    if (allowed) window.used += 1;
    const resetMs = Math.max(0, window.startedAt + this.quota.windowMs - now);
    return {
      allowed,
      headers: {
        'X-Rate-Limit-Time-Window-Ms': String(this.quota.windowMs),
        'X-Rate-Limit-Time-Reset-Ms': String(resetMs),
        'X-Rate-Limit-Requests-Quota': String(this.quota.requests),
        'X-Rate-Limit-Requests-Left': String(this.quota.requests - window.used),
      },
    };
  }

  reset(): void {
    this.windows.clear();
  }
}
