/**
 * Date helpers. V2 orders use RFC-2822 in UTC (`Tue, 05 Mar 2019 21:40:11 +0000`) and accept RFC-2822 or
 * ISO-8601 filters (orders.v2.oas2.yml `min_date_modified`); V3 customers use ISO-8601 date-times;
 * webhooks and hooks use UNIX epoch seconds (webhooks.v3.yml `created_at`).
 */

/** RFC-2822 in UTC with a numeric zone, as BigCommerce V2 prints dates. */
export function toRfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** ISO-8601 without milliseconds, e.g. `2024-05-14T09:34:00Z` (V3 customer dates). */
export function toIsoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** UNIX epoch seconds. */
export function toEpochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * Parses an RFC-2822 or ISO-8601 date (a bare `YYYY-MM-DD` or zone-less date-time is read as UTC).
 * Returns epoch ms, or undefined when unparseable.
 */
export function parseApiDate(text: string): number | undefined {
  const trimmed = text.trim();
  let candidate = trimmed;
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) candidate = `${trimmed}T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed)) candidate = `${trimmed}Z`;
  const ms = Date.parse(candidate);
  return Number.isNaN(ms) ? undefined : ms;
}

