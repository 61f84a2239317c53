import { MappingError } from '../mapping.error';

/**
 * Exact decimal number: `value = units / 10^scale`. Used for shop amounts ("10.0000"), quantities
 * and tax-rate percentages, so that no money value ever passes through a binary float.
 */
export type Decimal = { readonly units: bigint; readonly scale: number };

/**
 * Rounding rule for money. We use **half away from zero** ("commercial rounding") everywhere:
 * it is what Visma.net (an Acumatica-based ERP that rounds with MidpointRounding.AwayFromZero)
 * applies to line amounts and VAT, and what Nordic VAT practice expects on invoices, so our
 * prediction of the ERP's cents matches the ERP. Half-even would be less biased over many
 * roundings but would disagree with the ERP on exact midpoints such as 19.995 → 20.00.
 */
export type RoundingMode = 'half-away-from-zero' | 'half-even';
export const MONEY_ROUNDING: RoundingMode = 'half-away-from-zero';

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?$/;
const MAX_DECIMAL_LENGTH = 60;

/**
 * Parses a plain decimal string ("10.0000", "-3.5", "0", "+2") exactly.
 * Rejects empty strings, exponents ("1e3"), commas, spaces, "NaN", "Infinity" and strings
 * longer than 60 characters.
 * @throws MappingError `invalid-decimal` naming `field`.
 */
export function parseDecimal(text: string, field: string): Decimal {
  const match = text.length <= MAX_DECIMAL_LENGTH ? DECIMAL_PATTERN.exec(text) : null;
  if (!match) {
    throw new MappingError('invalid-decimal', field, `"${text.slice(0, 40)}" is not a decimal number`);
  }
  const [, sign, whole = '0', fraction = ''] = match;
  const units = BigInt(whole + fraction) * (sign === '-' ? -1n : 1n);
  return { units, scale: fraction.length };
}

/**
 * Converts a JSON number (as some APIs send amounts, e.g. BigCommerce refunds `109.11`) to a
 * Decimal through its shortest round-trip string (`String(109.11) === "109.11"`), never through
 * arithmetic. Numbers printed in exponent form (|n| ≥ 1e21 or < 1e-6) are rejected.
 * @throws MappingError `invalid-decimal` naming `field`.
 */
export function decimalFromNumber(value: number, field: string): Decimal {
  if (!Number.isFinite(value)) {
    throw new MappingError('invalid-decimal', field, `${String(value)} is not a finite number`);
  }
  return parseDecimal(String(value), field);
}

/** Integer `n` as a Decimal with scale 0. */
export function decimalFromInteger(n: bigint | number): Decimal {
  return { units: BigInt(n), scale: 0 };
}

/** Product of two decimals, exact (scales add). */
export function multiplyDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/**
 * Integer division `numerator / denominator` rounded with `mode`. Denominator must be non-zero.
 * @throws MappingError `invalid-decimal` on a zero denominator.
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode = MONEY_ROUNDING): bigint {
  if (denominator === 0n) throw new MappingError('invalid-decimal', 'denominator', 'division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  const twiceRemainder = (n % d) * 2n;
  if (twiceRemainder > d || (twiceRemainder === d && (mode === 'half-away-from-zero' || quotient % 2n === 1n))) {
    quotient += 1n;
  }
  return negative ? -quotient : quotient;
}

const POWERS_OF_TEN: bigint[] = Array.from({ length: 64 }, (_, i) => 10n ** BigInt(i));

/** 10^n as a bigint (from a table up to 10^63: BigInt exponentiation allocates on every call). */
export function pow10(n: number): bigint {
  return POWERS_OF_TEN[n] ?? 10n ** BigInt(n);
}

/** `d` expressed as integer units at `scale` (e.g. scale 2 → cents), rounded with `mode`. */
export function roundToScale(d: Decimal, scale: number, mode: RoundingMode = MONEY_ROUNDING): bigint {
  if (scale === d.scale) return d.units;
  if (scale > d.scale) return d.units * pow10(scale - d.scale);
  return divideRounded(d.units, pow10(d.scale - scale), mode);
}

/** Compares two decimals: -1, 0 or 1. */
export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const left = roundToScale(a, scale);
  const right = roundToScale(b, scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** True when the decimal has no fractional part. */
export function isIntegral(d: Decimal): boolean {
  return d.scale === 0 || d.units % pow10(d.scale) === 0n;
}

/**
 * Canonical string form without trailing zeros: "25.0000" → "25", "-0" → "0", "8.8750" → "8.875".
 * This is the form used for tax-rate keys and quantities in the canonical model.
 */
export function formatDecimal(d: Decimal): string {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return formatUnits(units, scale);
}

/** Formats integer `units` at `scale` as a fixed-point string with exactly `scale` decimals. */
export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? digits : digits.slice(0, -scale);
  const fraction = scale === 0 ? '' : `.${digits.slice(-scale)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Converts a bigint to a JS number, checking it is a safe integer (|n| ≤ 2^53−1).
 * @throws MappingError `unsafe-integer` naming `field`.
 */
export function toSafeNumber(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MappingError('unsafe-integer', field, `${value.toString()} is outside the safe integer range`);
  }
  return Number(value);
}

/** a + b, exact. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: roundToScale(a, scale) + roundToScale(b, scale), scale };
}

/** a − b, exact. */
export function subtractDecimal(a: Decimal, b: Decimal): Decimal {
  return addDecimal(a, { units: -b.units, scale: b.scale });
}
