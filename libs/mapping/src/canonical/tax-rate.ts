import { type Decimal, divideRounded, formatDecimal, parseDecimal, pow10, toSafeNumber } from '../money/decimal';
import { percentOfMinor } from '../money/money';

/**
 * Tax-rate helpers. Rates are percentages as canonical decimal strings ("25", "8.875", "0").
 * All divisions round half away from zero (see MONEY_ROUNDING).
 */

/**
 * Derives a percentage from a tax amount and the net amount it was charged on, to basis-point
 * precision (0.01 %): 9.24 / 55.99 → "16.5"; 2.5 / 10 → "25"; net 0 → "0".
 * Used only when the shop did not send its tax rows; small amounts give imprecise rates, which
 * validation then reports as an unmapped rate.
 */
export function ratePercentFromAmounts(tax: Decimal, net: Decimal): string {
  if (net.units === 0n) return '0';
  const scale = Math.max(tax.scale, net.scale);
  const taxUnits = tax.units * pow10(scale - tax.scale);
  const netUnits = net.units * pow10(scale - net.scale);
  const basisPoints = divideRounded(taxUnits * 10000n, netUnits);
  return formatDecimal({ units: basisPoints, scale: 2 });
}

/** Sum of percentage strings (stacked taxes such as state + county): ["8", "1.5"] → "9.5". */
export function sumRatePercents(rates: readonly string[], field = 'rate'): string {
  let total: Decimal = { units: 0n, scale: 0 };
  for (const rate of rates) {
    const d = parseDecimal(rate, field);
    const scale = Math.max(total.scale, d.scale);
    total = {
      units: total.units * pow10(scale - total.scale) + d.units * pow10(scale - d.scale),
      scale,
    };
  }
  return formatDecimal(total);
}

/** VAT on a net amount: round(net × rate / 100), minor units. */
export function taxOfNetMinor(netMinor: number, ratePercent: string, field = 'rate'): number {
  return percentOfMinor(netMinor, parseDecimal(ratePercent, field), field);
}

/**
 * Splits a gross (tax-inclusive) amount: tax = round(gross × rate / (100 + rate)), net = gross − tax.
 * 125.00 at 25 % → {net 100.00, tax 25.00}.
 */
export function splitGrossMinor(grossMinor: number, ratePercent: string, field = 'rate'): { netMinor: number; taxMinor: number } {
  const rate = parseDecimal(ratePercent, field);
  const hundred = 100n * pow10(rate.scale);
  const taxMinor = toSafeNumber(divideRounded(BigInt(grossMinor) * rate.units, hundred + rate.units), field);
  return { netMinor: grossMinor - taxMinor, taxMinor };
}
