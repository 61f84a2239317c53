import { MappingError } from '../mapping.error';

/**
 * Scalar conversions of Visma JSON values to the JSON representation BigQuery loads (NDJSON load jobs and insertAll
 * both accept NUMERIC, BIGNUMERIC and INT64 as strings, TIMESTAMP as RFC 3339 text and DATE as `YYYY-MM-DD`).
 */

/** NUMERIC: "38 digits of precision, 9 decimal digits of scale", range ±99999999999999999999999999999.999999999. */
export const NUMERIC_SCALE = 9;
export const NUMERIC_MAX_INTEGER_DIGITS = 29;

/** A NUMERIC value as text, and whether it had to be rounded to 9 fractional digits. */
export type NumericText = { readonly text: string; readonly isRounded: boolean };

/** `String(n)` forms that are NUMERIC text as they are (toNumericText's fast path). */
const PLAIN_NUMERIC = /^-?\d{1,21}(?:\.\d{1,9})?$/;

const DECIMAL_TEXT = /^([+-])?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-])?\.(\d+)(?:[eE]([+-]?\d+))?$/;

/** Digits and exponent of a decimal text: value = sign · 0.`digits` shifted so that `point` digits are integer. */
function splitDecimal(text: string, field: string): { negative: boolean; whole: string; fraction: string } {
  const m = DECIMAL_TEXT.exec(text);
  if (!m) throw new MappingError('invalid-decimal', field, `"${text.slice(0, 40)}" is not a decimal number`);
  const sign = m[1] ?? m[5];
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? m[6] ?? '';
  const exponent = Number(m[4] ?? m[7] ?? '0');
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) throw new MappingError('invalid-decimal', field, `"${text.slice(0, 40)}" has an out-of-range exponent`);
  const digits = intPart + fracPart;
  const point = intPart.length + exponent;
  const padded = point < 0 ? '0'.repeat(-point) + digits : point > digits.length ? digits + '0'.repeat(point - digits.length) : digits;
  const at = Math.max(point, 0);
  const whole = padded.slice(0, at).replace(/^0+/, '') || '0';
  const fraction = padded.slice(at);
  return { negative: sign === '-', whole, fraction };
}

/**
 * Plain decimal text (never exponent notation) of a finite JSON number, from its shortest round-trip form
 * (`String(n)`, ECMAScript Number::toString): `1e-7` → `"0.0000001"`, `1e21` → `"1000000000000000000000"`,
 * `0.1 + 0.2` → `"0.30000000000000004"`, `-0` → `"0"`. No arithmetic on the value, so no new float error.
 * @throws MappingError `invalid-decimal` naming `field` for NaN and ±Infinity.
 */
export function plainNumberText(value: number, field: string): string {
  if (!Number.isFinite(value)) throw new MappingError('invalid-decimal', field, `${String(value)} is not a finite number`);
  const { negative, whole, fraction } = splitDecimal(String(value), field);
  const trimmed = fraction.replace(/0+$/, '');
  const text = trimmed ? `${whole}.${trimmed}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

/**
 * A JSON number or decimal string → NUMERIC text.
 * - A number is read through its shortest round-trip digits (what `JSON.parse` kept of the text Visma sent: for every
 *   decimal of ≤ 15 significant digits, exactly that text); a string (from a lossless JSON parser) is taken as written,
 *   exponent allowed. A leading `+` and leading zeros are dropped; trailing fractional zeros of a string are kept.
 * - More than 9 fractional digits are rounded half away from zero (the mode of `TableFieldSchema.roundingMode`'s
 *   default, ROUND_HALF_AWAY_FROM_ZERO) and `isRounded` is set: Visma's DTOs declare `number/double`, so a value Visma
 *   computed in binary arrives as e.g. `0.30000000000000004` and is stored as `0.3`. Visma's stored decimals (amounts
 *   to 4 places, quantities to 6, exchange rates to 8) never need the 10th digit, which is why NUMERIC, not BIGNUMERIC.
 * @throws MappingError `invalid-decimal` naming `field` for NaN, ±Infinity, a non-decimal string, or more than 29
 *   integer digits (outside NUMERIC's range; no Visma amount comes near 10^29).
 */
export function toNumericText(value: number | string, field: string): NumericText {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new MappingError('invalid-decimal', field, `${String(value)} is not a finite number`);
  if (typeof value === 'number') {
    // Fast path, the same text: a number whose shortest round-trip form has no exponent and at most 9 fractional
    // digits is already NUMERIC text (no leading zeros, no trailing fractional zeros, `-0` prints as `0`).
    const plain = String(value);
    if (PLAIN_NUMERIC.test(plain)) return { text: plain, isRounded: false };
  }
  const { negative, whole, fraction } = splitDecimal(typeof value === 'number' ? String(value) : value.trim(), field);
  let units = BigInt(whole + fraction.slice(0, NUMERIC_SCALE).padEnd(NUMERIC_SCALE, '0'));
  const rest = fraction.slice(NUMERIC_SCALE);
  const isRounded = /[1-9]/.test(rest);
  if (rest !== '' && rest.charCodeAt(0) >= 53 /* '5' */) units += 1n;
  const text = units.toString().padStart(NUMERIC_SCALE + 1, '0');
  const intDigits = text.slice(0, -NUMERIC_SCALE);
  if (intDigits.length > NUMERIC_MAX_INTEGER_DIGITS) {
    throw new MappingError('invalid-decimal', field, `${intDigits.length} integer digits do not fit NUMERIC (at most ${NUMERIC_MAX_INTEGER_DIGITS})`);
  }
  const frac = isRounded || rest !== '' ? text.slice(-NUMERIC_SCALE).replace(/0+$/, '') : fraction;
  const body = frac ? `${intDigits}.${frac}` : intDigits;
  const isZero = units === 0n;
  return { text: negative && !isZero ? `-${body}` : body, isRounded };
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * A JSON integer (number, bigint, or integer string from a lossless parser) → INT64 text.
 * @throws MappingError `invalid-field` for a non-integer, `unsafe-integer` for a number beyond ±(2^53 − 1) (JSON.parse
 *   has already lost its exact value) or a value outside INT64.
 */
export function toInt64Text(value: number | bigint | string, field: string): string {
  let big: bigint;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new MappingError('invalid-field', field, `${String(value)} is not an integer`);
    if (!Number.isSafeInteger(value)) throw new MappingError('unsafe-integer', field, `${String(value)} is beyond 2^53: its exact value was lost when the JSON was parsed`);
    // A safe integer is inside INT64 and prints as its BigInt would (`-0` as `0`).
    return String(value === 0 ? 0 : value);
  } else if (typeof value === 'bigint') {
    big = value;
  } else {
    if (!/^[+-]?\d{1,20}$/.test(value.trim())) throw new MappingError('invalid-field', field, `"${value.slice(0, 40)}" is not an integer`);
    big = BigInt(value.trim());
  }
  if (big > INT64_MAX || big < INT64_MIN) throw new MappingError('unsafe-integer', field, `${big} is outside INT64`);
  return big.toString();
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

type Parts = { year: number; month: number; day: number; hour: number; minute: number; second: number; fraction: string; offsetMinutes: number | null };

function parseDateTime(text: string, field: string): Parts {
  const m = DATE_TIME.exec(text.trim());
  if (!m) throw new MappingError('invalid-field', field, `"${text.slice(0, 40)}" is not an ISO 8601 date-time`);
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? '0')) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() + (month === 2 && !isLeap(year) ? -1 : 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || year < 1) {
    throw new MappingError('invalid-field', field, `"${text.slice(0, 40)}" is not a valid date-time`);
  }
  let offsetMinutes: number | null = null;
  const zone = m[8];
  if (zone !== undefined) {
    if (zone === 'Z' || zone === 'z') offsetMinutes = 0;
    else {
      const digits = zone.slice(1).replace(':', '');
      const hours = Number(digits.slice(0, 2));
      const minutes = Number(digits.slice(2) || '0');
      if (hours > 23 || minutes > 59) throw new MappingError('invalid-field', field, `"${text.slice(0, 40)}" has an invalid UTC offset`);
      offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
    }
  }
  return { year, month, day, hour, minute, second, fraction: m[7] ?? '', offsetMinutes };
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * A Visma date-time → RFC 3339 UTC text for a TIMESTAMP column (`YYYY-MM-DDTHH:MM:SS[.ffffff]Z`).
 * Accepts `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm[:ss[.f…]]` (or a space for `T`) with an optional `Z`/`±hh[:mm]` offset.
 * - **Without an offset the wall-clock time is read as UTC.** Visma's spec declares `date-time` but states no zone
 *   (specs README: "timezone semantics are not stated"); Visma's release notes say system timestamps such as
 *   `lastModifiedDateTime` are UTC (Branch endpoint, 8.74 and 8.81), as the Acumatica platform under Visma.net returns
 *   them, and business dates (`documentDate`, `dueDate`, …) are calendar dates sent as `…T00:00:00`: read as UTC they
 *   keep their calendar day in `DATE(column)`, where a company time zone would move them to the day before.
 * - An explicit offset is honoured (converted to UTC).
 * - Fractional seconds beyond microseconds (BigQuery's TIMESTAMP precision, `timestampPrecision` default 6; .NET sends
 *   up to 7 digits) are truncated, never rounded (no carry into the next second).
 * @throws MappingError `invalid-field` naming `field` for text that is not such a date-time, an impossible date, or a
 *   UTC result before year 1 or after 9999 (TIMESTAMP's range).
 */
export function toTimestampText(text: string, field: string): string {
  const fast = canonicalUtc(text);
  if (fast !== undefined) return fast;
  const p = parseDateTime(text, field);
  const date = new Date(0);
  date.setUTCFullYear(p.year, p.month - 1, p.day); // setUTCFullYear: Date.UTC would read years 0–99 as 1900–1999
  date.setUTCHours(p.hour, p.minute - (p.offsetMinutes ?? 0), p.second, 0);
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw new MappingError('invalid-field', field, `"${text.slice(0, 40)}" is outside TIMESTAMP's range (years 1–9999)`);
  const micros = p.fraction.slice(0, 6);
  const clock = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${clock}${micros ? `.${micros}` : ''}Z`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const CANONICAL_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/**
 * toTimestampText's fast path for text already in RFC 3339 UTC form (`…T10:00:00.123Z`, as Visma and `toISOString`
 * write it): the same result without Date arithmetic (no offset to apply), or undefined to take the general path.
 */
function canonicalUtc(text: string): string | undefined {
  const m = CANONICAL_UTC.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return undefined;
  if (day > (DAYS_IN_MONTH[month - 1] ?? 0) + (month === 2 && isLeap(year) ? 1 : 0)) return undefined;
  const micros = (m[7] ?? '').slice(0, 6);
  return `${text.slice(0, 19)}${micros ? `.${micros}` : ''}Z`;
}

/**
 * A Visma date or date-time → `YYYY-MM-DD` for a DATE column: the calendar date as written, the time and any offset
 * ignored (a DATE has no zone; none of the export's DTOs declares `format: date` today, so this serves future fields).
 * @throws MappingError `invalid-field` naming `field` for text that is not a valid date.
 */
export function toDateText(text: string, field: string): string {
  const p = parseDateTime(text, field);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}
