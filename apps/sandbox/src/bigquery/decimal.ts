/**
 * Exact decimals for NUMERIC and BIGNUMERIC (cloud.google.com/bigquery/docs/reference/standard-sql/data-types
 * "Decimal types"): NUMERIC has precision 38, scale 9 (29 integer digits); BIGNUMERIC precision 76.76, scale 38
 * (38 integer digits here, the exact bound ±5.78…e38 is not checked digit by digit). Values are kept as canonical
 * decimal strings and computed as bigints scaled by 10^scale: never through a JS float.
 */

export type DecimalType = 'NUMERIC' | 'BIGNUMERIC';
export const DECIMAL_SCALE: Readonly<Record<DecimalType, number>> = { NUMERIC: 9, BIGNUMERIC: 38 };
const INTEGER_DIGITS: Readonly<Record<DecimalType, number>> = { NUMERIC: 29, BIGNUMERIC: 38 };
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal text (`-12.50`, `1e-3`, `.5`) as a bigint scaled by 10^scale, rounded half away from zero to `scale`
 * digits (BigQuery's rounding when a value has more fractional digits than the type keeps); undefined when not a
 * decimal number.
 */
export function toScaled(text: string, scale: number): bigint | undefined {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (!m) return undefined;
  const [, sign = '', intPart = '', fracPart = '', exp = '0'] = m;
  if (intPart === '' && fracPart === '') return undefined;
  const digits = `${intPart}${fracPart}`.replace(/^0+(?=\d)/, '') || '0';
  const shift = Number(exp) - fracPart.length + scale; // value = digits × 10^(shift − scale)
  if (!Number.isSafeInteger(shift) || Math.abs(shift) > 10_000) return undefined;
  let scaled: bigint;
  if (shift >= 0) scaled = BigInt(digits) * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    const whole = BigInt(digits);
    scaled = whole / divisor;
    if ((whole % divisor) * 2n >= divisor) scaled += 1n;
  }
  return sign === '-' ? -scaled : scaled;
}

/** A scaled bigint as canonical decimal text: no exponent, no trailing fractional zeros, `0` not `-0`. */
export function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const intPart = digits.slice(0, digits.length - scale);
  const fracPart = digits.slice(digits.length - scale).replace(/0+$/, '');
  const text = fracPart ? `${intPart}.${fracPart}` : intPart;
  return negative && text !== '0' ? `-${text}` : text;
}

/** Whether a scaled value fits the type's integer digits. */
export function fitsDecimal(value: bigint, type: DecimalType): boolean {
  const limit = 10n ** BigInt(INTEGER_DIGITS[type] + DECIMAL_SCALE[type]);
  return value < limit && value > -limit;
}

/**
 * Canonical text of a NUMERIC/BIGNUMERIC input (decimal text, or the text of a JSON number), or an error message
 * shaped like BigQuery's ("Invalid NUMERIC value: x").
 */
export function normalizeDecimal(text: string, type: DecimalType): { ok: string } | { error: string } {
  const scaled = toScaled(text, DECIMAL_SCALE[type]);
  if (scaled === undefined) return { error: `Invalid ${type} value: ${text}` };
  if (!fitsDecimal(scaled, type)) return { error: `${type} value ${text} is out of range` };
  return { ok: fromScaled(scaled, DECIMAL_SCALE[type]) };
}

/** Compares two decimal texts exactly (−1, 0, 1). */
export function compareDecimalText(a: string, b: string): number {
  const x = toScaled(a, 38) ?? 0n;
  const y = toScaled(b, 38) ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Canonical INT64 text of an integer text, or undefined (not an integer, or outside −2^63 … 2^63−1). */
export function normalizeInt64(text: string): string | undefined {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return undefined;
  const v = BigInt(t);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v.toString();
}

/** Whether a bigint is a valid INT64. */
export function isInt64(v: bigint): boolean {
  return v >= INT64_MIN && v <= INT64_MAX;
}
