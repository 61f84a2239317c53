/**
 * Exact money for the WooCommerce sandbox. Amounts are integers in millionths of the major unit ("micro"):
 * WooCommerce keeps line taxes at 6 decimals (wc_get_rounding_precision(), WC_ROUNDING_PRECISION = 6) and rounds
 * prices to `woocommerce_price_num_decimals` (2) only where its code calls NumberUtil::round / wc_format_decimal with
 * a precision. No float arithmetic: rounding is half away from zero, as PHP's round() and number_format() do.
 */

export const MICRO_PER_MAJOR = 1_000_000;
const MICRO = 1_000_000n;

/**
 * Round(value / divisor), half away from zero, for BigInt operands (divisor > 0). Returns a JS number (the callers'
 * values are far below 2^53).
 */
export function roundHalfAwayFromZero(value: bigint, divisor: bigint): number {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const q = (abs * 2n + divisor) / (divisor * 2n);
  return Number(negative ? -q : q);
}

/** Rounds micro units to `decimals` decimals (NumberUtil::round($value, $decimals)), still in micro units. */
export function roundMicro(micro: number, decimals: number): number {
  const step = 10n ** BigInt(6 - decimals);
  return roundHalfAwayFromZero(BigInt(micro), step) * Number(step);
}

/**
 * wc_format_decimal($value) with no precision, as WooCommerce applies it to posted amounts: a number is taken as is;
 * a string is stripped of everything but digits, `-` and the last `.` (so `"10,50"` becomes `1050`, as in PHP). The
 * result is parsed to micro units (half away from zero past the 6th decimal). Empty, null and unparsable give 0.
 */
export function parseAmountMicro(value: unknown): number {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 0;
    text = value.toFixed(9);
  } else if (typeof value === 'string') {
    text = value.replace(/\.(?![^.]+$)|[^0-9.-]/g, '');
  } else if (typeof value === 'boolean') {
    text = value ? '1' : '0';
  } else {
    return 0;
  }
  const match = /^(-?)(\d*)(?:\.(\d*))?/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return 0;
  const negative = match[1] === '-';
  const whole = BigInt(match[2] === '' ? '0' : match[2] ?? '0');
  const fraction = (match[3] ?? '').padEnd(7, '0');
  let micro = whole * MICRO + BigInt(fraction.slice(0, 6));
  if (Number(fraction[6]) >= 5) micro += 1n;
  return Number(negative ? -micro : micro);
}

/** True when the value is what PHP's `is_numeric()` accepts (a number, or a numeric string with optional sign/decimals). */
export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value);
}

/**
 * wc_format_decimal($micro, $dp): `number_format($value, $dp, '.', '')`, e.g. 1_125_000 → "1.13" at dp 2,
 * -9_000_000 → "-9.00". Rounds half away from zero.
 */
export function formatDecimal(micro: number, dp: number): string {
  const rounded = roundHalfAwayFromZero(BigInt(micro), 10n ** BigInt(6 - dp));
  const negative = rounded < 0;
  const abs = BigInt(Math.abs(rounded));
  const unit = 10n ** BigInt(dp);
  const whole = abs / unit;
  const fraction = dp > 0 ? `.${(abs % unit).toString().padStart(dp, '0')}` : '';
  return `${negative && rounded !== 0 ? '-' : ''}${whole}${fraction}`;
}

/**
 * wc_format_decimal() of a float with no precision: sprintf('%.6f') with trailing zeros and dot trimmed
 * (1_125_000 → "1.125", 900_000 → "0.9", 1_000_000 → "1", 0 → "0"). This is how WooCommerce stores and shows the
 * per-rate `taxes` of line items (`"total": "0.9"` in the official order example).
 */
export function formatTrimmed(micro: number): string {
  const text = formatDecimal(micro, 6);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * A micro amount as the JS number PHP would print for the same float (the one place WooCommerce sends a float:
 * the line item `price`). Parsed from the exact decimal text, so 3_000_000 → 3 and 3_333_333 → 3.333333.
 */
export function microToNumber(micro: number): number {
  return Number(formatTrimmed(micro));
}

/** Sum of micro amounts. */
export function sumMicro(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
