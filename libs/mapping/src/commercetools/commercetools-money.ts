/**
 * commercetools money, rates and rounding, exact and integer throughout.
 *
 * - **Money.** `CentPrecisionMoney.centAmount` is in 10^-`fractionDigits`, which for every ISO currency is its minor
 *   unit (EUR 2, JPY 0, KWD 3); a different `fractionDigits` is rescaled (extra digits rounded HalfEven).
 *   `HighPrecisionMoney.preciseAmount` is in 10^-`fractionDigits` with more digits than the currency (its `centAmount` is
 *   commercetools' HalfEven rounding of it); it is read as an exact Decimal in minor units and rounded only when an
 *   amount is formed (line total = round(preciseAmount × quantity), `priceRoundingMode`, default HalfEven).
 * - **Rates.** `TaxRate.amount` / `TaxPortion.rate` are doubles (0.19). They are read through their shortest decimal
 *   string (`String(0.19)` = "0.19", exactly the decimal the merchant typed) into an exact fraction, never multiplied
 *   as floats: 0.19 → 19/100, percent "19"; 0.08875 → "8.875".
 * - **Rounding** (`RoundingMode` of openapi.yaml: HalfEven default, HalfUp, HalfDown). commercetools runs on the JVM and
 *   these are `java.math.RoundingMode` HALF_EVEN / HALF_UP / HALF_DOWN: HalfUp rounds a tie away from zero, HalfDown
 *   towards zero (identical to "up"/"down" for the positive amounts of an order).
 */
import { MappingError } from '../mapping.error';
import { type Decimal, decimalFromNumber, divideRounded, formatDecimal, pow10, toSafeNumber } from '../money/decimal';
import { currencyExponent } from '../money/money';
import type { CtRoundingMode, CtTaxCalculationMode, CtTaxMode, CtTypedMoney } from './commercetools.types';

/** commercetools' default for `priceRoundingMode` and `taxRoundingMode`. */
export const CT_DEFAULT_ROUNDING: CtRoundingMode = 'HalfEven';
const ROUNDING_MODES: readonly CtRoundingMode[] = ['HalfEven', 'HalfUp', 'HalfDown'];
const TAX_MODES: readonly CtTaxMode[] = ['Platform', 'External', 'ExternalAmount', 'Disabled'];
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** |n| for a bigint. */
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/**
 * `numerator / denominator` rounded to an integer with a commercetools rounding mode (see the module comment).
 * @throws MappingError `invalid-decimal` on a zero denominator.
 */
export function ctRound(numerator: bigint, denominator: bigint, mode: CtRoundingMode): bigint {
  if (mode === 'HalfEven') return divideRounded(numerator, denominator, 'half-even');
  if (mode === 'HalfUp') return divideRounded(numerator, denominator, 'half-away-from-zero');
  if (denominator === 0n) throw new MappingError('invalid-decimal', 'denominator', 'division by zero');
  const [a, b] = [abs(numerator), abs(denominator)];
  const quotient = a / b + ((a % b) * 2n > b ? 1n : 0n);
  return (numerator < 0n) !== (denominator < 0n) ? -quotient : quotient;
}

/** A `RoundingMode` field (absent → HalfEven). @throws MappingError `invalid-field` naming `field`. */
export function roundingModeOf(value: unknown, field: string): CtRoundingMode {
  if (value === undefined || value === null) return CT_DEFAULT_ROUNDING;
  if (!ROUNDING_MODES.includes(value as CtRoundingMode)) throw new MappingError('invalid-field', field, `expected one of ${ROUNDING_MODES.join(', ')}`);
  return value as CtRoundingMode;
}

/** `taxMode` (absent → Platform). @throws MappingError `invalid-field` `taxMode`. */
export function taxModeOf(value: unknown): CtTaxMode {
  if (value === undefined || value === null) return 'Platform';
  if (!TAX_MODES.includes(value as CtTaxMode)) throw new MappingError('invalid-field', 'taxMode', `expected one of ${TAX_MODES.join(', ')}`);
  return value as CtTaxMode;
}

/** `taxCalculationMode` (absent → LineItemLevel). @throws MappingError `invalid-field` `taxCalculationMode`. */
export function taxCalculationModeOf(value: unknown): CtTaxCalculationMode {
  if (value === undefined || value === null || value === 'LineItemLevel') return 'LineItemLevel';
  if (value === 'UnitPriceLevel') return value;
  throw new MappingError('invalid-field', 'taxCalculationMode', 'expected LineItemLevel or UnitPriceLevel');
}

/** Upper-cased, supported ISO 4217 code of a money value. @throws MappingError naming `field`.currencyCode. */
export function ctCurrency(money: CtTypedMoney | null | undefined, field: string): string {
  if (!money || typeof money !== 'object') throw new MappingError('missing-field', field, 'is required');
  const code = typeof money.currencyCode === 'string' ? money.currencyCode.trim().toUpperCase() : '';
  if (!code) throw new MappingError('missing-field', `${field}.currencyCode`, 'is required');
  currencyExponent(code, `${field}.currencyCode`);
  return code;
}

function checkMoney(money: CtTypedMoney | null | undefined, currency: string, field: string): CtTypedMoney {
  const code = ctCurrency(money, field);
  if (code !== currency) throw new MappingError('currency-mismatch', `${field}.currencyCode`, `${code}, but the order is in ${currency}`);
  const value = money as CtTypedMoney;
  if (!Number.isSafeInteger(value.centAmount)) throw new MappingError('invalid-field', `${field}.centAmount`, 'expected an integer amount in minor units');
  if (value.fractionDigits !== undefined && value.fractionDigits !== null && (!Number.isInteger(value.fractionDigits) || value.fractionDigits < 0 || value.fractionDigits > 20)) {
    throw new MappingError('invalid-field', `${field}.fractionDigits`, 'expected an integer from 0 to 20');
  }
  return value;
}

/**
 * A money value in integer minor units of `currency` (the order's): `centAmount`, rescaled when a cent-precision
 * value's `fractionDigits` differs from the currency's exponent. For a high-precision value this is commercetools'
 * own rounding of `preciseAmount` (use `ctExactMinor` to compute with the precise amount).
 * @throws MappingError `missing-field`, `currency-mismatch`, `invalid-field` naming `field` (e.g. `lineItems[0].totalPrice`).
 */
export function ctMinor(money: CtTypedMoney | null | undefined, currency: string, field: string): number {
  const value = checkMoney(money, currency, field);
  const exponent = currencyExponent(currency, field);
  if (value.type === 'highPrecision') return value.centAmount;
  const digits = value.fractionDigits ?? exponent;
  if (digits === exponent) return value.centAmount;
  if (digits < exponent) return toSafeNumber(BigInt(value.centAmount) * pow10(exponent - digits), field);
  return toSafeNumber(ctRound(BigInt(value.centAmount), pow10(digits - exponent), CT_DEFAULT_ROUNDING), field);
}

/**
 * A money value as an exact Decimal in minor units of `currency`: a high-precision `preciseAmount` keeps its extra
 * digits (EUR preciseAmount 12345, fractionDigits 4 → 123.45 cents); a cent-precision value is `ctMinor`.
 * @throws MappingError as `ctMinor`, and `invalid-field` `<field>.preciseAmount`.
 */
export function ctExactMinor(money: CtTypedMoney | null | undefined, currency: string, field: string): Decimal {
  const value = checkMoney(money, currency, field);
  if (value.type !== 'highPrecision') return { units: BigInt(ctMinor(value, currency, field)), scale: 0 };
  const exponent = currencyExponent(currency, field);
  const precise = value.preciseAmount;
  const text = typeof precise === 'number' ? (Number.isSafeInteger(precise) ? String(precise) : '') : typeof precise === 'string' ? precise.trim() : '';
  if (!/^-?\d{1,30}$/.test(text)) throw new MappingError('invalid-field', `${field}.preciseAmount`, 'expected an integer (safe, or a string of digits)');
  if (value.fractionDigits < exponent) throw new MappingError('invalid-field', `${field}.fractionDigits`, `a high-precision ${currency} amount needs at least ${exponent} fraction digits`);
  return { units: BigInt(text), scale: value.fractionDigits - exponent };
}

/** An exact Decimal in minor units rounded to an integer with `mode`. */
export function roundExact(d: Decimal, mode: CtRoundingMode): bigint {
  return d.scale === 0 ? d.units : ctRound(d.units, pow10(d.scale), mode);
}

/** A tax rate read from a double: the exact fraction (0.19 → 19/100) and its percentage string ("19"). */
export type CtRate = { fraction: Decimal; percent: string };

/**
 * `TaxRate.amount` / `TaxPortion.rate` (a double from 0 to 1) as an exact rate.
 * @throws MappingError `missing-field` / `invalid-decimal` / `invalid-field` naming `field`.
 */
export function ctRate(amount: number | null | undefined, field: string): CtRate {
  if (amount === undefined || amount === null) throw new MappingError('missing-field', field, 'is required');
  if (typeof amount !== 'number') throw new MappingError('invalid-field', field, 'expected a number such as 0.19');
  const fraction = decimalFromNumber(amount, field);
  if (fraction.units < 0n || fraction.units > pow10(fraction.scale)) throw new MappingError('invalid-field', field, 'expected a rate from 0 to 1 (0.19 = 19 %)');
  const percent = fraction.scale >= 2 ? { units: fraction.units, scale: fraction.scale - 2 } : { units: fraction.units * pow10(2 - fraction.scale), scale: 0 };
  return { fraction, percent: formatDecimal(percent) };
}

/** round(amount × rate): the tax on a net amount (amount an exact Decimal in minor units). */
export function taxOnNet(amount: Decimal, rate: Decimal, mode: CtRoundingMode): bigint {
  return ctRound(amount.units * rate.units, pow10(amount.scale + rate.scale), mode);
}

/** round(amount / (1 + rate)): the net part of a gross amount (amount an exact Decimal in minor units). */
export function netOfGross(amount: Decimal, rate: Decimal, mode: CtRoundingMode): bigint {
  const one = pow10(rate.scale);
  return ctRound(amount.units * one, (one + rate.units) * pow10(amount.scale), mode);
}

/** The UTC date (YYYY-MM-DD) of an ISO 8601 timestamp ("2017-01-04T19:54:49.797Z"). @throws MappingError naming `field`. */
export function ctDate(value: string | null | undefined, field: string): string {
  const match = typeof value === 'string' ? ISO_TIMESTAMP.exec(value.trim()) : null;
  if (!match?.[1]) throw new MappingError(value ? 'invalid-field' : 'missing-field', field, 'expected an ISO 8601 timestamp such as 2017-01-04T19:54:49.797Z');
  const text = value as string;
  if (/[+-]\d{2}:?\d{2}$/.test(text.trim()) && !text.trim().endsWith('Z')) {
    const ms = Date.parse(text.trim());
    if (Number.isNaN(ms)) throw new MappingError('invalid-field', field, 'is not a valid timestamp');
    return new Date(ms).toISOString().slice(0, 10);
  }
  return match[1];
}

/** A positive integer quantity. @throws MappingError naming `field`. */
export function ctQuantity(value: unknown, field: string): bigint {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw new MappingError('invalid-field', field, 'expected a positive integer quantity');
  return BigInt(value);
}
