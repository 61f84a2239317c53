/**
 * Money of the commercetools API, always in integer minor units:
 * - `CentPrecisionMoney {type: "centPrecision", currencyCode, centAmount, fractionDigits}` and `HighPrecisionMoney
 *   {type: "highPrecision", currencyCode, centAmount, preciseAmount, fractionDigits}` (openapi.yaml, examples/Common/
 *   CentPrecisionMoney.json and HighPrecisionMoney.json); drafts are `Money {currencyCode, centAmount}` or
 *   `HighPrecisionMoneyDraft`.
 * - Rounding modes HalfEven (default), HalfUp, HalfDown (openapi.yaml `RoundingMode`), done on BigInt so no float
 *   ever touches an amount. Tax rates are fractions (`TaxRate.amount`, e.g. 0.25) and are turned into an integer
 *   number of millionths first.
 */
import { invalidJson } from './errors';
import { isJson, numAt, strAt, type Json } from './json';

export type RoundingMode = 'HalfEven' | 'HalfUp' | 'HalfDown';
export const ROUNDING_MODES: readonly RoundingMode[] = ['HalfEven', 'HalfUp', 'HalfDown'];

/** ISO 4217 minor units of the currencies that do not use 2. */
const FRACTION_DIGITS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, ISK: 0, CLP: 0, VND: 0, BHD: 3, KWD: 3, OMR: 3, TND: 3, JOD: 3 };

export function fractionDigitsOf(currencyCode: string): number {
  return FRACTION_DIGITS[currencyCode] ?? 2;
}

export type CentPrecisionMoney = { type: 'centPrecision'; currencyCode: string; centAmount: number; fractionDigits: number };

export function centMoney(currencyCode: string, centAmount: number): CentPrecisionMoney {
  if (!Number.isSafeInteger(centAmount)) throw new RangeError(`centAmount must be a safe integer, got ${centAmount}`);
  return { type: 'centPrecision', currencyCode, centAmount, fractionDigits: fractionDigitsOf(currencyCode) };
}

/** `numerator / denominator` rounded to an integer with `mode` (denominator > 0). */
export function roundDiv(numerator: bigint, denominator: bigint, mode: RoundingMode = 'HalfEven'): bigint {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = n / denominator;
  const r = n % denominator;
  const twice = r * 2n;
  let up = false;
  if (twice > denominator) up = true;
  else if (twice === denominator) up = mode === 'HalfUp' || (mode === 'HalfEven' && q % 2n === 1n);
  const result = up ? q + 1n : q;
  return negative ? -result : result;
}

export const RATE_SCALE = 1_000_000;

/** A tax rate fraction (0.25) as millionths (250000). */
export function rateMicros(rate: number): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new RangeError(`a tax rate is a fraction between 0 and 1, got ${rate}`);
  return Math.round(rate * RATE_SCALE);
}

export type TaxSplit = { net: number; gross: number; tax: number };

/**
 * Splits `amount` (minor units) at `rate`: gross when `includedInPrice` (net = gross / (1 + rate), rounded), else net
 * (tax = net × rate, rounded). tax = gross − net exactly.
 */
export function splitTax(amount: number, rate: number, includedInPrice: boolean, mode: RoundingMode = 'HalfEven'): TaxSplit {
  const micros = BigInt(rateMicros(rate));
  const scale = BigInt(RATE_SCALE);
  if (includedInPrice) {
    const net = Number(roundDiv(BigInt(amount) * scale, scale + micros, mode));
    return { net, gross: amount, tax: amount - net };
  }
  const tax = Number(roundDiv(BigInt(amount) * micros, scale, mode));
  return { net: amount, gross: amount + tax, tax };
}

/**
 * A Money / HighPrecisionMoneyDraft of a request body as the API stores it: `centPrecision` (fractionDigits from the
 * currency) or `highPrecision` (centAmount = preciseAmount rounded HalfEven to the currency's digits).
 */
export function moneyFromDraft(draft: unknown, field: string): Json {
  if (!isJson(draft)) throw invalidJson(`${field}: Missing required value`);
  const currencyCode = strAt(draft, 'currencyCode');
  if (!currencyCode || !/^[A-Z]{3}$/.test(currencyCode)) throw invalidJson(`${field} -> currencyCode: Missing or invalid currency code`);
  if (draft['type'] === 'highPrecision') {
    const precise = numAt(draft, 'preciseAmount');
    const digits = numAt(draft, 'fractionDigits');
    const currencyDigits = fractionDigitsOf(currencyCode);
    if (precise === undefined || !Number.isSafeInteger(precise)) throw invalidJson(`${field} -> preciseAmount: Missing required value`);
    if (digits === undefined || !Number.isInteger(digits) || digits <= currencyDigits || digits > 20) throw invalidJson(`${field} -> fractionDigits: must be an integer above ${currencyDigits}`);
    const centAmount = Number(roundDiv(BigInt(precise), 10n ** BigInt(digits - currencyDigits)));
    return { type: 'highPrecision', currencyCode, centAmount, preciseAmount: precise, fractionDigits: digits };
  }
  const centAmount = numAt(draft, 'centAmount');
  if (centAmount === undefined || !Number.isSafeInteger(centAmount)) throw invalidJson(`${field} -> centAmount: Missing required value`);
  return centMoney(currencyCode, centAmount);
}

/** Splits `total` over `weights` in proportion, in integer units, by largest remainder (the parts sum to `total`). */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const exact = weights.map((w) => (BigInt(total) * BigInt(w)));
  const parts = exact.map((e) => Number(e / BigInt(sum)));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: Number(e % BigInt(sum)) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    rest -= 1;
  }
  return parts;
}
