/**
 * WooCommerce's order arithmetic as a pure function, in micro units (see money.ts): WC_Abstract_Order::
 * calculate_totals(), calculate_taxes(), update_taxes(), get_cart_subtotal_for_order() and the items'
 * calculate_taxes()/set_taxes() (includes/abstracts/abstract-wc-order.php, class-wc-order-item-product.php,
 * class-wc-order-item-shipping.php, class-wc-order-item-fee.php; woocommerce/woocommerce trunk @ 00221c6f). In order:
 * 1. cart subtotal/total = Σ line subtotals/totals, each rounded to cents; shipping total = Σ rounded shipping lines;
 *    a negative fee is capped at −(cart total + earlier fees + shipping);
 * 2. taxes: every taxable line item and fee is taxed with the rates of its class at the tax location (price excludes
 *    tax, each rate's tax rounded to 6 decimals); shipping with the shipping rates of the shipping tax class
 *    ('inherit' = the first of standard, reduced-rate, zero-rate used by an item; none when items exist but none
 *    matches); a negative fee's tax is spread over the tax classes in proportion to the item/shipping costs;
 * 3. a line's subtotal taxes never stay below its total taxes; its total_tax is the sum of its taxes, each rounded to
 *    cents unless taxes round at subtotal;
 * 4. tax lines: per rate the items' and fees' taxes (each rounded to cents unless rounding at subtotal) and the
 *    shipping taxes (same rule); cart_tax and shipping_tax are their sums;
 * 5. discount_total = round(cart subtotal − cart total); discount_tax = round(Σ subtotal taxes − Σ total taxes);
 *    total = round(cart total + fees + shipping + cart_tax + shipping_tax), all to the store's decimals.
 */
import { roundMicro, sumMicro } from './money';
import { calcExclusiveTax, findRates, findShippingRates, WOOCOMMERCE_TAX_CLASS_SLUGS, type TaxLocation, type TaxRate } from './tax-rates';

export type TaxesById = Map<number, number>;

export type TotalsItem = { id: number; subtotal: number; total: number; taxClass: string; taxStatus: string };
export type TotalsShipping = { id: number; total: number };
export type TotalsFee = { id: number; total: number; taxClass: string; taxStatus: string };

export type TotalsInput = {
  items: readonly TotalsItem[];
  shipping: readonly TotalsShipping[];
  fees: readonly TotalsFee[];
  location: TaxLocation;
  rates: readonly TaxRate[];
  /** `woocommerce_tax_round_at_subtotal` === 'yes'. */
  roundAtSubtotal: boolean;
  /** `woocommerce_shipping_tax_class`: 'inherit' or a class slug ('' = standard). */
  shippingTaxClass: string;
  /** `woocommerce_price_num_decimals`. */
  decimals: number;
  /** False when `woocommerce_calc_taxes` is off: no taxes at all. */
  taxEnabled: boolean;
};

/** A line item's taxes per rate (total and subtotal) and their sums as WooCommerce stores them. */
export type LineTaxes = { taxes: TaxesById; subtotalTaxes: TaxesById; totalTax: number; subtotalTax: number };
/** A shipping line's taxes per rate and their sum. */
export type SimpleTaxes = { taxes: TaxesById; totalTax: number };
/** A fee's (possibly capped) total, its taxes per rate and their sum. */
export type FeeTaxes = SimpleTaxes & { total: number };

export type TotalsResult = {
  items: Map<number, LineTaxes>;
  shipping: Map<number, SimpleTaxes>;
  /** Fees with their (possibly capped) total. */
  fees: Map<number, FeeTaxes>;
  /** Tax lines in WooCommerce's order: rates of items/fees first, then shipping-only rates. */
  taxLines: Array<{ rateId: number; taxTotal: number; shippingTaxTotal: number }>;
  cartTax: number;
  shippingTax: number;
  totalTax: number;
  shippingTotal: number;
  discountTotal: number;
  discountTax: number;
  total: number;
};

/** Calculates an order's taxes and totals (see the module comment). All amounts in micro units. */
export function calculateOrderTotals(input: TotalsInput): TotalsResult {
  const d = input.decimals;
  const cartSubtotal = sumMicro(input.items.map((i) => roundMicro(i.subtotal, d)));
  const cartTotal = sumMicro(input.items.map((i) => roundMicro(i.total, d)));
  const shippingTotal = sumMicro(input.shipping.map((s) => roundMicro(s.total, d)));

  let feesTotal = 0;
  const feeTotals = new Map<number, number>();
  for (const fee of input.fees) {
    let total = fee.total;
    if (total < 0) {
      const maxDiscount = -roundMicro(cartTotal + feesTotal + shippingTotal, d);
      if (total < maxDiscount && maxDiscount < 0) total = maxDiscount;
    }
    feeTotals.set(fee.id, total);
    feesTotal += total;
  }

  const lineTax = (taxes: TaxesById): number => sumMicro([...taxes.values()].map((t) => (input.roundAtSubtotal ? t : roundMicro(t, d))));
  const itemTaxes = new Map<number, LineTaxes>();
  for (const item of input.items) {
    let total: TaxesById = new Map();
    let subtotal: TaxesById = new Map();
    if (input.taxEnabled && item.taxClass !== '0' && item.taxStatus === 'taxable') {
      const rates = findRates(input.rates, input.location, item.taxClass);
      total = calcExclusiveTax(item.total, rates);
      subtotal = calcExclusiveTax(item.subtotal, rates);
      if (sumMicro(subtotal.values()) < sumMicro(total.values())) subtotal = new Map(total);
    }
    itemTaxes.set(item.id, { taxes: total, subtotalTaxes: subtotal, totalTax: lineTax(total), subtotalTax: lineTax(subtotal) });
  }

  const feeTaxes = new Map<number, FeeTaxes>();
  for (const fee of input.fees) {
    const total = feeTotals.get(fee.id) ?? fee.total;
    let taxes: TaxesById = new Map();
    if (input.taxEnabled && fee.taxClass !== '0' && fee.taxStatus === 'taxable') {
      taxes = total >= 0 ? calcExclusiveTax(total, findRates(input.rates, input.location, fee.taxClass)) : negativeFeeTaxes(total, input, feeTotals);
    }
    feeTaxes.set(fee.id, { total, taxes, totalTax: lineTax(taxes) });
  }

  const shippingClass = shippingTaxClassFor(input);
  const shippingTaxes = new Map<number, SimpleTaxes>();
  for (const line of input.shipping) {
    const taxes = input.taxEnabled && shippingClass !== false ? calcExclusiveTax(line.total, findShippingRates(input.rates, input.location, shippingClass)) : new Map<number, number>();
    shippingTaxes.set(line.id, { taxes, totalTax: lineTax(taxes) });
  }

  const cart = new Map<number, number>();
  const ship = new Map<number, number>();
  const add = (target: Map<number, number>, taxes: TaxesById): void => {
    for (const [rate, tax] of taxes) target.set(rate, (target.get(rate) ?? 0) + (input.roundAtSubtotal ? tax : roundMicro(tax, d)));
  };
  for (const item of input.items) add(cart, itemTaxes.get(item.id)?.taxes ?? new Map<number, number>());
  for (const fee of input.fees) add(cart, feeTaxes.get(fee.id)?.taxes ?? new Map<number, number>());
  for (const line of input.shipping) add(ship, shippingTaxes.get(line.id)?.taxes ?? new Map<number, number>());

  const rateIds = [...cart.keys(), ...[...ship.keys()].filter((id) => !cart.has(id))];
  const taxLines = rateIds.map((rateId) => ({ rateId, taxTotal: cart.get(rateId) ?? 0, shippingTaxTotal: ship.get(rateId) ?? 0 }));
  const cartTax = sumMicro(cart.values());
  const shippingTax = sumMicro(ship.values());

  const cartTotalTax = sumMicro(input.items.flatMap((i) => [...(itemTaxes.get(i.id)?.taxes.values() ?? [])]));
  const cartSubtotalTax = sumMicro(input.items.flatMap((i) => [...(itemTaxes.get(i.id)?.subtotalTaxes.values() ?? [])]));

  return {
    items: itemTaxes,
    shipping: shippingTaxes,
    fees: feeTaxes,
    taxLines,
    cartTax,
    shippingTax,
    totalTax: cartTax + shippingTax,
    shippingTotal,
    discountTotal: roundMicro(cartSubtotal - cartTotal, d),
    discountTax: roundMicro(cartSubtotalTax - cartTotalTax, d),
    total: roundMicro(cartTotal + feesTotal + shippingTotal + cartTax + shippingTax, d),
  };
}

/**
 * The shipping tax class WC_Abstract_Order::calculate_taxes() uses: a fixed class, or for 'inherit' the first of
 * ['', …WC_Tax::get_tax_class_slugs()] that a taxable item uses; '' for an order without items; false (no shipping
 * tax) when items exist but none is taxable.
 */
function shippingTaxClassFor(input: TotalsInput): string | false {
  if (input.shippingTaxClass !== 'inherit') return input.shippingTaxClass;
  const used = new Set(input.items.filter((i) => i.taxStatus === 'taxable' || i.taxStatus === 'shipping').map((i) => i.taxClass));
  const found = ['', ...WOOCOMMERCE_TAX_CLASS_SLUGS].find((c) => used.has(c));
  if (found !== undefined) return found;
  return input.items.length === 0 ? '' : false;
}

/**
 * WC_Order_Item_Fee::calculate_taxes() for a negative fee: its total is split over the tax classes in proportion to
 * the positive costs of items, fees and shipping per class (get_tax_class_costs, non-taxable costs counted in the
 * whole but not taxed), and each share is taxed with its class's rates.
 */
function negativeFeeTaxes(feeTotal: number, input: TotalsInput, feeTotals: Map<number, number>): TaxesById {
  const itemClasses = [...new Set(input.items.filter((i) => i.taxStatus === 'taxable' || i.taxStatus === 'shipping').map((i) => i.taxClass))];
  const costs = new Map<string, number>(itemClasses.map((c) => [c, 0]));
  costs.set('non-taxable', 0);
  const addCost = (taxStatus: string, taxClass: string, total: number): void => {
    if (total < 0) return;
    const key = taxStatus !== 'taxable' ? 'non-taxable' : taxClass === 'inherit' ? (itemClasses[0] ?? '') : taxClass;
    costs.set(key, (costs.get(key) ?? 0) + total);
  };
  input.items.forEach((i) => addCost(i.taxStatus, i.taxClass, i.total));
  input.fees.forEach((f) => addCost(f.taxStatus, f.taxClass, feeTotals.get(f.id) ?? f.total));
  input.shipping.forEach((s) => addCost('taxable', input.shippingTaxClass, s.total));
  const totalCosts = sumMicro(costs.values());
  const out: TaxesById = new Map();
  if (totalCosts === 0) return out;
  for (const [taxClass, cost] of costs) {
    if (taxClass === 'non-taxable' || cost === 0) continue;
    const share = Number((BigInt(feeTotal) * BigInt(cost)) / BigInt(totalCosts));
    for (const [rate, tax] of calcExclusiveTax(share, findRates(input.rates, input.location, taxClass))) out.set(rate, (out.get(rate) ?? 0) + tax);
  }
  return out;
}
