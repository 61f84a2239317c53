/**
 * Small Visma HTTP facts shared by the resource clients: rate-limit headers and ids from `Location`.
 */
import type { ProviderRateView, RateLimitHeaderReader } from '../core';

/**
 * Reads `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds until the window resets).
 * Source: https://docs.vismasoftware.no/vismanetapi/api-reference/rate-limits/ (policy `4-fixed-window`: "X requests
 * per hour for each company and client combination").
 */
export const readVismaRateLimitHeaders: RateLimitHeaderReader = (headers) => {
  const num = (name: string): number | undefined => {
    const v = headers[name];
    if (v === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(v)) return undefined;
    return Number(v);
  };
  const view: ProviderRateView = {};
  const limit = num('x-ratelimit-limit');
  const remaining = num('x-ratelimit-remaining');
  const reset = num('x-ratelimit-reset');
  if (limit !== undefined) view.limit = limit;
  if (remaining !== undefined) view.remaining = remaining;
  if (reset !== undefined) view.resetMs = Math.ceil(reset * 1000);
  return view;
};

/**
 * The created record's id from a `Location` header: the last path segment, URI-decoded
 * (`https://api.finance.visma.net/v1/customer/10042` → `10042`). 201 Created identifies the new resource by
 * `Location` (RFC 9110 §15.3.2); the spec's 201 responses carry only an empty object.
 * @param expectedCollection when given, the segment before the id must equal it (case-insensitive).
 * @returns undefined when the header is missing or does not have that shape.
 */
export function idFromLocation(location: string | undefined, expectedCollection?: string): string | undefined {
  if (!location) return undefined;
  let path: string;
  try {
    path = new URL(location, 'http://relative.invalid').pathname;
  } catch {
    return undefined;
  }
  const segments = path.split('/').filter((s) => s.length > 0);
  const id = segments.at(-1);
  if (!id) return undefined;
  if (expectedCollection && segments.at(-2)?.toLowerCase() !== expectedCollection.toLowerCase()) return undefined;
  try {
    return decodeURIComponent(id);
  } catch {
    return undefined;
  }
}
