import { MappingError } from '../mapping.error';
import {
  type Decimal,
  type RoundingMode,
  MONEY_ROUNDING,
  decimalFromNumber,
  divideRounded,
  formatUnits,
  multiplyDecimal,
  parseDecimal,
  roundToScale,
  toSafeNumber,
  pow10,
} from './decimal';

/**
 * An amount of money in integer **minor units** (cents, øre; yen for JPY) and its ISO 4217 code.
 * `amountMinor` is always a safe integer (checked on every operation); decimal strings exist only at
 * the API edge (`formatMinor`).
 */
export type Money = { readonly amountMinor: number; readonly currency: string };

/**
 * ISO 4217 minor-unit exponents (source: ISO 4217 list one, "Minor unit" column, as published by
 * SIX Financial Information, https://www.six-group.com/en/products-services/financial-information/data-standards.html).
 * Only currencies listed here are accepted; add more as stores need them.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  NOK: 2, SEK: 2, DKK: 2, EUR: 2, USD: 2, GBP: 2, CHF: 2, PLN: 2, CZK: 2, HUF: 2, RON: 2, BGN: 2,
  CAD: 2, AUD: 2, NZD: 2, SGD: 2, HKD: 2, CNY: 2, INR: 2, BRL: 2, MXN: 2, ZAR: 2, TRY: 2, AED: 2,
  SAR: 2, THB: 2, MYR: 2, PHP: 2, IDR: 2, ILS: 2, TWD: 2,
  JPY: 0, KRW: 0, ISK: 0, CLP: 0, VND: 0, PYG: 0, UGX: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, JOD: 3, KWD: 3, OMR: 3, TND: 3, IQD: 3, LYD: 3,
};

/**
 * Minor-unit exponent of an ISO 4217 currency (NOK → 2, JPY → 0, KWD → 3).
 * @throws MappingError `unknown-currency` naming `field` for a code not in CURRENCY_EXPONENTS.
 */
export function currencyExponent(currency: string, field = 'currency'): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) {
    throw new MappingError('unknown-currency', field, `"${currency}" is not a supported ISO 4217 currency code`);
  }
  return exponent;
}

/**
 * Decimal (string, or a JSON number via its shortest string form) → integer minor units of
 * `currency`, rounding extra digits half away from zero ("0.005" NOK → 1, "-0.005" → -1,
 * "10.0000" → 1000; JPY "1000.4" → 1000).
 * @throws MappingError `invalid-decimal`, `unknown-currency` or `unsafe-integer`, naming `field`.
 */
export function parseMinor(
  value: string | number,
  currency: string,
  field: string,
  mode: RoundingMode = MONEY_ROUNDING,
): number {
  const decimal = typeof value === 'number' ? decimalFromNumber(value, field) : parseDecimal(value, field);
  return decimalToMinor(decimal, currency, field, mode);
}

/**
 * A Decimal in major units → integer minor units of `currency` (rounded half away from zero).
 * @throws MappingError `unknown-currency` or `unsafe-integer` naming `field`.
 */
export function decimalToMinor(decimal: Decimal, currency: string, field: string, mode: RoundingMode = MONEY_ROUNDING): number {
  return toSafeNumber(roundToScale(decimal, currencyExponent(currency, field), mode), field);
}

/** Same as `parseMinor` but returns a `Money`. */
export function parseMoney(value: string | number, currency: string, field: string): Money {
  return { amountMinor: parseMinor(value, currency, field), currency };
}

/**
 * Integer minor units → fixed-point decimal string with the currency's exponent
 * (1234 NOK → "12.34", -5 NOK → "-0.05", 1000 JPY → "1000"). Used only at the API edge.
 * @throws MappingError `unknown-currency` or `unsafe-integer`.
 */
export function formatMinor(amountMinor: number, currency: string, field = 'amountMinor'): string {
  assertSafeMinor(amountMinor, field);
  return formatUnits(BigInt(amountMinor), currencyExponent(currency, field));
}

/** `formatMinor` for a Money. */
export function formatMoney(money: Money): string {
  return formatMinor(money.amountMinor, money.currency);
}

/**
 * Minor units → a JS number in major units for JSON DTOs whose schema says `number/double`
 * (Visma). Exact at the JSON level: the number is parsed from the decimal string, and any decimal
 * with ≤ 15 significant digits round-trips, so `JSON.stringify` prints the same digits.
 * @throws MappingError `unsafe-integer` when the amount has more than 15 significant digits.
 */
export function minorToJsonNumber(amountMinor: number, currency: string, field = 'amountMinor'): number {
  const text = formatMinor(amountMinor, currency, field);
  if (text.replace(/[-.]/g, '').replace(/^0+/, '').length > 15) {
    throw new MappingError('unsafe-integer', field, `${text} has more than 15 significant digits`);
  }
  return Number(text);
}

/**
 * Throws unless `n` is a safe integer.
 * @throws MappingError `unsafe-integer` naming `field`.
 */
export function assertSafeMinor(n: number, field: string): void {
  if (!Number.isSafeInteger(n)) {
    throw new MappingError('unsafe-integer', field, `${String(n)} is not a safe integer amount in minor units`);
  }
}

function assertSameCurrency(a: Money, b: Money, field: string): void {
  if (a.currency !== b.currency) {
    throw new MappingError('currency-mismatch', field, `cannot combine ${a.currency} with ${b.currency}`);
  }
}

/**
 * a + b in the same currency.
 * @throws MappingError `currency-mismatch` / `unsafe-integer` naming `field`.
 */
export function addMoney(a: Money, b: Money, field = 'amount'): Money {
  assertSameCurrency(a, b, field);
  return { amountMinor: toSafeNumber(BigInt(a.amountMinor) + BigInt(b.amountMinor), field), currency: a.currency };
}

/**
 * a − b in the same currency.
 * @throws MappingError `currency-mismatch` / `unsafe-integer` naming `field`.
 */
export function subtractMoney(a: Money, b: Money, field = 'amount'): Money {
  assertSameCurrency(a, b, field);
  return { amountMinor: toSafeNumber(BigInt(a.amountMinor) - BigInt(b.amountMinor), field), currency: a.currency };
}

/**
 * Sum of minor-unit integers with a safe-integer check on the result.
 * @throws MappingError `unsafe-integer` naming `field`.
 */
export function sumMinor(values: readonly number[], field = 'amounts'): number {
  let total = 0n;
  for (const v of values) {
    assertSafeMinor(v, field);
    total += BigInt(v);
  }
  return toSafeNumber(total, field);
}

/**
 * `amountMinor × percent / 100`, rounded half away from zero to minor units (VAT of a net amount).
 * `percent` is a decimal such as 25 or 8.875.
 */
export function percentOfMinor(amountMinor: number, percent: Decimal, field = 'amount'): number {
  const product = multiplyDecimal({ units: BigInt(amountMinor), scale: 0 }, percent);
  return toSafeNumber(divideRounded(product.units, 100n * pow10(product.scale)), field);
}

/**
 * Splits `totalMinor` into integer parts proportional to non-negative integer `weights` using the
 * largest-remainder (Hamilton) method: every part is floor(total·wᵢ/Σw), then the leftover units go
 * one each to the largest remainders (ties: lower index first). The parts always sum to
 * `totalMinor` exactly; a negative total is allocated by magnitude and negated. All-zero weights
 * split evenly.
 * @throws MappingError `invalid-field` for an empty or negative weight list.
 */
export function allocateMinor(totalMinor: number, weights: readonly number[], field = 'allocation'): number[] {
  assertSafeMinor(totalMinor, field);
  if (weights.length === 0) throw new MappingError('invalid-field', field, 'cannot allocate over zero parts');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new MappingError('invalid-field', field, 'allocation weights must be non-negative safe integers');
  }
  const effective = weights.every((w) => w === 0) ? weights.map(() => 1) : weights;
  const sign = totalMinor < 0 ? -1n : 1n;
  const total = BigInt(totalMinor) * sign;
  const weightSum = effective.reduce((acc, w) => acc + BigInt(w), 0n);
  const parts = effective.map((w, index) => {
    const exact = total * BigInt(w);
    return { index, base: exact / weightSum, remainder: exact % weightSum };
  });
  let leftover = total - parts.reduce((acc, p) => acc + p.base, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of byRemainder) {
    if (leftover === 0n) break;
    part.base += 1n;
    leftover -= 1n;
  }
  return parts.map((p) => toSafeNumber(p.base * sign, field));
}

/** `allocateMinor` for a Money: returns Money parts in the same currency. */
export function allocateMoney(total: Money, weights: readonly number[], field = 'allocation'): Money[] {
  return allocateMinor(total.amountMinor, weights, field).map((amountMinor) => ({ amountMinor, currency: total.currency }));
}
