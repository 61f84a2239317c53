/**
 * Magento's date format in REST output: `YYYY-MM-DD HH:MM:SS` in UTC (the database keeps `created_at`/`updated_at` as
 * UTC TIMESTAMP columns with one-second granularity; the webapi renders them unconverted). Searches compare these
 * strings, so `updated_at gteq '2024-01-01 00:00:00'` works lexicographically as MySQL compares DATETIME values.
 */

/** The Magento timestamp of an epoch-milliseconds instant (seconds truncated). */
export function magentoDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
}

/** Epoch milliseconds of a Magento timestamp (`2017-08-21 22:22:19`, UTC), or NaN when malformed. */
export function parseMagentoDate(text: string): number {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) ? Date.parse(`${text.replace(' ', 'T')}Z`) : NaN;
}
