/**
 * BigCommerce HTTP facts shared by the client, the pacer and ping: base URL, paths and rate-limit headers.
 */
import type { ProviderRateView } from '../core';

/** API gateway (servers of every spec: `https://api.bigcommerce.com/stores/{store_hash}/v2|v3`). */
export const BIGCOMMERCE_DEFAULT_API_BASE_URL = 'https://api.bigcommerce.com';

/** What the four rate-limit headers said; `windowMs` is BigCommerce-specific (the core view has no window). */
export type BigCommerceRateView = ProviderRateView & { windowMs?: number | undefined };

/**
 * Reads `X-Rate-Limit-Requests-Quota` (→ `limit`), `X-Rate-Limit-Requests-Left` (→ `remaining`),
 * `X-Rate-Limit-Time-Reset-Ms` (→ `resetMs`, "the time in milliseconds until your quota resets") and
 * `X-Rate-Limit-Time-Window-Ms` (→ `windowMs`). Header names are case-insensitive (the transport lower-cases them).
 * A 429 without any of them means platform load (no view fields): the retry policy then backs off exponentially.
 * Source: bigcommerce/docs@24f580c `docs/api-docs/getting-started/api-rate-limits.mdx` ("Handle rate limit
 * status codes", "Retry requests responsibly"), published on developer.bigcommerce.com.
 */
export function readBigCommerceRateLimitHeaders(headers: Readonly<Record<string, string>>): BigCommerceRateView {
  const num = (name: string): number | undefined => {
    const v = headers[name];
    if (v === undefined || !/^\s*\d+\s*$/.test(v)) return undefined;
    return Number(v);
  };
  const view: BigCommerceRateView = {};
  const limit = num('x-rate-limit-requests-quota');
  const remaining = num('x-rate-limit-requests-left');
  const resetMs = num('x-rate-limit-time-reset-ms');
  const windowMs = num('x-rate-limit-time-window-ms');
  if (limit !== undefined) view.limit = limit;
  if (remaining !== undefined) view.remaining = remaining;
  if (resetMs !== undefined) view.resetMs = resetMs;
  if (windowMs !== undefined) view.windowMs = windowMs;
  return view;
}

/** `/stores/{store_hash}` with the hash URI-encoded. */
export function storePath(storeHash: string): string {
  return `/stores/${encodeURIComponent(storeHash)}`;
}
