/**
 * Exact money arithmetic for the BigCommerce sandbox. Amounts are integers in 1/10000 of the currency's
 * major unit ("units"), because BigCommerce V2 answers with 4-decimal strings (`"10.0000"`); V3 refund
 * and transaction amounts are 2-decimal numbers, produced from units by `toCentsNumber`. No float math.
 */
export const UNITS_PER_MAJOR = 10_000;
const UNITS_PER_CENT = 100;

/** Thrown when an input amount is not a non-negative decimal (number or numeric string). */
export class InvalidAmountError extends Error {
  constructor(readonly field: string, readonly value: unknown) {
    super(`The field '${field}' must be a decimal amount`);
  }
}

/**
 * Parses a BigCommerce "Float, Float-As-String, Integer" value into units (1/10000), rounding half away
 * from zero past the 4th decimal. Throws InvalidAmountError for anything else (NaN, exponent, text).
 */
export function parseUnits(value: unknown, field: string, options: { allowNegative?: boolean } = {}): number {
  const text = typeof value === 'number' ? numberToPlainString(value) : typeof value === 'string' ? value.trim() : undefined;
  const match = text === undefined ? null : /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new InvalidAmountError(field, value);
  const negative = match[1] === '-';
  const whole = match[2] ?? '0';
  const fraction = (match[3] ?? '').padEnd(5, '0');
  let units = Number(whole) * UNITS_PER_MAJOR + Number(fraction.slice(0, 4));
  if (Number(fraction[4]) >= 5) units += 1;
  if (!Number.isSafeInteger(units)) throw new InvalidAmountError(field, value);
  if (negative && units !== 0) {
    if (!options.allowNegative) throw new InvalidAmountError(field, value);
    return -units;
  }
  return units;
}

/** Like parseUnits, but returns `fallback` for undefined/null. */
export function parseOptionalUnits(value: unknown, field: string, fallback = 0): number {
  return value === undefined || value === null ? fallback : parseUnits(value, field);
}

function numberToPlainString(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // Tiny or huge numbers: toFixed gives a plain representation (20 decimals is plenty for rounding at 4).
  return Math.abs(n) < 1 ? n.toFixed(20) : undefined;
}

/** Formats units as BigCommerce V2 does: a 4-decimal string, e.g. 109800 → "10.9800". */
export function formatUnits(units: number): string {
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  const whole = Math.floor(abs / UNITS_PER_MAJOR);
  const fraction = String(abs % UNITS_PER_MAJOR).padStart(4, '0');
  return `${sign}${whole}.${fraction}`;
}

/** Rounds units to whole cents, half away from zero (e.g. 12345 → 12300, 12350 → 12400). */
export function roundToCents(units: number): number {
  const sign = units < 0 ? -1 : 1;
  const abs = Math.abs(units);
  return sign * Math.floor((abs + UNITS_PER_CENT / 2) / UNITS_PER_CENT) * UNITS_PER_CENT;
}

/**
 * Units (already whole cents, or rounded here) as a JSON number with at most 2 decimals, for V3 fields
 * typed `number` ("A non-negative 2 decimal place rounded value", orders.v3.yml `Amount`). The number is
 * produced by parsing the exact decimal text, so it is the closest double to the decimal value.
 */
export function toCentsNumber(units: number): number {
  return Number(formatUnits(roundToCents(units)));
}

/** Round(a × b / c), half away from zero, exact through BigInt (c must be non-zero). */
export function mulDiv(a: number, b: number, c: number): number {
  const num = BigInt(a) * BigInt(b);
  const den = BigInt(c);
  const negative = num < 0n !== den < 0n;
  const absNum = num < 0n ? -num : num;
  const absDen = den < 0n ? -den : den;
  const q = (absNum * 2n + absDen) / (absDen * 2n);
  return Number(negative ? -q : q);
}

/**
 * Splits `total` units over `weights` proportionally so the parts sum exactly to `total`
 * (largest-remainder method; ties go to the earlier index). All-zero weights give all to the first.
 */
export function allocateUnits(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const parts = weights.map((w) => Number((BigInt(total) * BigInt(w)) / BigInt(sum)));
  const remainders = weights.map((w, i) => ({ i, r: (BigInt(total) * BigInt(w)) % BigInt(sum) }));
  let left = total - parts.reduce((a, b) => a + b, 0);
  remainders.sort((x, y) => (y.r > x.r ? 1 : y.r < x.r ? -1 : x.i - y.i));
  for (const { i } of remainders) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}
