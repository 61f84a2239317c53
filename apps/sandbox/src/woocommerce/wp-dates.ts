/**
 * WordPress dates. Posts keep two columns per date, local (`post_date`, site timezone) and GMT (`post_date_gmt`);
 * wc_rest_prepare_date_response() prints both as `Y-m-d\TH:i:s` without a zone. A `WpDate` is that pair as the GMT
 * instant plus the offset that was in force for the local column, so seeded official examples keep their own local
 * times (their offsets differ from the demo store's zone) and new dates take the store zone's offset at that instant.
 */

export type WpDate = { ms: number; offsetMin: number };

/** The UTC offset in minutes of an IANA zone at an instant (e.g. America/Los_Angeles in July: -420). */
export function offsetMinutesAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The pair for an instant in the store's zone. */
export function wpDateAt(ms: number, timeZone: string): WpDate {
  return { ms, offsetMin: offsetMinutesAt(ms, timeZone) };
}

/** `Y-m-d\TH:i:s` of the GMT column. */
export function formatGmt(date: WpDate): string {
  return new Date(Math.floor(date.ms / 1000) * 1000).toISOString().slice(0, 19);
}

/** `Y-m-d\TH:i:s` of the local column (GMT + offset). */
export function formatLocal(date: WpDate): string {
  return formatGmt({ ms: date.ms + date.offsetMin * 60_000, offsetMin: 0 });
}

/** Parses a zone-less `Y-m-d\TH:i:s` (or `Y-m-d H:i:s`) as UTC; undefined when malformed. */
export function parseZoneless(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** A seeded pair from an official example's `date_x` (local) and `date_x_gmt` texts. */
export function wpDateFromExample(local: unknown, gmt: unknown): WpDate | null {
  if (typeof gmt !== 'string') return null;
  const gmtMs = parseZoneless(gmt);
  if (gmtMs === undefined) return null;
  const localMs = typeof local === 'string' ? parseZoneless(local) : undefined;
  return { ms: gmtMs, offsetMin: localMs === undefined ? 0 : Math.round((localMs - gmtMs) / 60_000) };
}

/**
 * The date-time format check of WordPress' REST schema (rest_parse_date's pattern:
 * `\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:\d{2})?)?`). Fails with `rest_invalid_date`.
 */
export const REST_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * The wall time (ms, as if UTC) a `after`/`before`/`modified_after`/`modified_before` value is compared with, the way
 * WP_Date_Query::build_mysql_datetime() prepares it: a zone-less value is used as written; a value with a zone (`Z`,
 * `+02:00`) is converted to the site timezone first. The result is compared with the local column, or with the GMT
 * column when `dates_are_gmt` is true (so a `Z` value with `dates_are_gmt=true` is shifted by the site offset, as in
 * WordPress). Undefined when the value does not match REST_DATE_PATTERN.
 */
export function filterWallMs(value: string, timeZone: string): number | undefined {
  const m = REST_DATE_PATTERN.exec(value);
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const zone = m[8];
  if (!zone) return wall;
  let instant = wall;
  if (zone !== 'Z' && zone !== 'z') {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    const sign = zm?.[1] === '-' ? -1 : 1;
    instant = wall - sign * (Number(zm?.[2] ?? 0) * 60 + Number(zm?.[3] ?? 0)) * 60_000;
  }
  return instant + offsetMinutesAt(instant, timeZone) * 60_000;
}

/** The wall time (ms, as if UTC, whole seconds) of a date's local or GMT column. */
export function columnWallMs(date: WpDate, gmt: boolean): number {
  return Math.floor((date.ms + (gmt ? 0 : date.offsetMin * 60_000)) / 1000) * 1000;
}
