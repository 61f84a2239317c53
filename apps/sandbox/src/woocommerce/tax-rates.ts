/**
 * The demo store's tax rates and WooCommerce's rate matching (WC_Tax::find_rates / find_shipping_rates /
 * calc_exclusive_tax, includes/class-wc-tax.php). Amounts are integers in millionths of the major unit ("micro"),
 * because WooCommerce rounds each tax to `wc_get_rounding_precision()` = 6 decimals (WC_ROUNDING_PRECISION).
 */
import { roundHalfAwayFromZero } from './money';

export type TaxClass = '' | 'reduced-rate' | 'zero-rate';

/** A row of `woocommerce_tax_rates` (postcode/city restrictions are not simulated). */
export type TaxRate = {
  id: number;
  country: string;
  state: string;
  /** Percent with up to 4 decimals, as stored (`'7.5000'`), kept as an integer in 1/10000 percent. */
  rateE4: number;
  name: string;
  priority: number;
  compound: boolean;
  /** Whether the rate also applies to shipping (`tax_rate_shipping`). */
  shipping: boolean;
  taxClass: TaxClass;
  order: number;
};

/** Where taxes are calculated (an order's shipping/billing address, or the store base). */
export type TaxLocation = { country: string; state: string; postcode: string; city: string };

/**
 * Rate 75 comes from the official order examples (docs @ 13d6196: "US-CA-STATE TAX", label "State Tax", 7.5 % on
 * items, no shipping tax). Its priority is 0 so that WC_Tax::get_rate_code() (COUNTRY-STATE-NAME-priority, with
 * `array_filter` dropping the 0) gives the examples' code. The Nordic and German VAT rates are OURS (demo data).
 */
export const WOOCOMMERCE_TAX_RATES: readonly TaxRate[] = [
  { id: 75, country: 'US', state: 'CA', rateE4: 75_000, name: 'State Tax', priority: 0, compound: false, shipping: false, taxClass: '', order: 0 },
  { id: 101, country: 'NO', state: '', rateE4: 250_000, name: 'MVA', priority: 1, compound: false, shipping: true, taxClass: '', order: 0 },
  { id: 102, country: 'NO', state: '', rateE4: 150_000, name: 'MVA', priority: 1, compound: false, shipping: true, taxClass: 'reduced-rate', order: 0 },
  { id: 111, country: 'SE', state: '', rateE4: 250_000, name: 'Moms', priority: 1, compound: false, shipping: true, taxClass: '', order: 0 },
  { id: 112, country: 'SE', state: '', rateE4: 120_000, name: 'Moms', priority: 1, compound: false, shipping: true, taxClass: 'reduced-rate', order: 0 },
  { id: 121, country: 'FI', state: '', rateE4: 255_000, name: 'ALV', priority: 1, compound: false, shipping: true, taxClass: '', order: 0 },
  { id: 122, country: 'FI', state: '', rateE4: 140_000, name: 'ALV', priority: 1, compound: false, shipping: true, taxClass: 'reduced-rate', order: 0 },
  { id: 131, country: 'DK', state: '', rateE4: 250_000, name: 'Moms', priority: 1, compound: false, shipping: true, taxClass: '', order: 0 },
  { id: 141, country: 'DE', state: '', rateE4: 190_000, name: 'MwSt.', priority: 1, compound: false, shipping: true, taxClass: '', order: 0 },
  { id: 142, country: 'DE', state: '', rateE4: 70_000, name: 'MwSt.', priority: 1, compound: false, shipping: true, taxClass: 'reduced-rate', order: 0 },
];

/** The tax classes besides the standard one, in WC_Tax::get_tax_class_slugs() order. */
export const WOOCOMMERCE_TAX_CLASS_SLUGS: readonly TaxClass[] = ['reduced-rate', 'zero-rate'];

/**
 * WC_Tax::find_rates: rates of the class whose country and state match (empty matches any), ordered by priority
 * then specificity then `tax_rate_order`; only the first match of each priority is used.
 */
export function findRates(rates: readonly TaxRate[], location: TaxLocation, taxClass: string): TaxRate[] {
  const country = location.country.toUpperCase();
  const state = location.state.toUpperCase();
  const matching = rates
    .filter((r) => r.taxClass === taxClass && (r.country === '' || r.country === country) && (r.state === '' || r.state.toUpperCase() === state))
    .sort((a, b) => a.priority - b.priority || specificity(b) - specificity(a) || a.order - b.order || a.id - b.id);
  const seen = new Set<number>();
  return matching.filter((r) => {
    if (seen.has(r.priority)) return false;
    seen.add(r.priority);
    return true;
  });
}

/** WC_Tax::find_shipping_rates: find_rates, keeping the rates flagged for shipping. */
export function findShippingRates(rates: readonly TaxRate[], location: TaxLocation, taxClass: string): TaxRate[] {
  return findRates(rates, location, taxClass).filter((r) => r.shipping);
}

function specificity(r: TaxRate): number {
  return (r.country ? 2 : 0) + (r.state ? 1 : 0);
}

/**
 * WC_Tax::calc_exclusive_tax: each non-compound rate taxes the price (`price * rate / 100`); compound rates tax the
 * price plus the non-compound taxes; every tax is then rounded to 6 decimals, half up (WC_Tax::round). Returns
 * rate id → tax in micro units, in rate order. `priceMicro` may be negative (refunds, negative fees).
 */
export function calcExclusiveTax(priceMicro: number, rates: readonly TaxRate[]): Map<number, number> {
  const exact = new Map<number, bigint>();
  const price = BigInt(priceMicro);
  // Exact values in 1e-12 of the major unit: micro × rateE4 / 1e6 gives micro, so keep the numerator.
  for (const rate of rates) {
    if (rate.compound) continue;
    exact.set(rate.id, (exact.get(rate.id) ?? 0n) + price * BigInt(rate.rateE4));
  }
  const preCompound = [...exact.values()].reduce((a, b) => a + b, 0n);
  for (const rate of rates) {
    if (!rate.compound) continue;
    // (price + pre-compound taxes) × rate; pre-compound taxes are in 1e-12 units (× 1e6 relative to micro).
    const base = price * 1_000_000n + preCompound;
    exact.set(rate.id, (exact.get(rate.id) ?? 0n) + (base * BigInt(rate.rateE4)) / 1_000_000n);
  }
  const out = new Map<number, number>();
  for (const [id, value] of exact) out.set(id, roundHalfAwayFromZero(value, 1_000_000n));
  return out;
}

/** WC_Tax::get_rate_code: COUNTRY-STATE-NAME-PRIORITY upper-cased, empty parts (and priority 0) dropped. */
export function rateCode(rate: TaxRate): string {
  return [rate.country, rate.state, rate.name || 'TAX', rate.priority === 0 ? '' : String(rate.priority)]
    .filter((p) => p !== '')
    .join('-')
    .toUpperCase();
}
