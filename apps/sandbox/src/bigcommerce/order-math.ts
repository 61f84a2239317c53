import { allocateUnits, mulDiv } from './money';

/**
 * Order totals as BigCommerce V2 computes them for API-created orders with explicit prices. All amounts
 * are integer units of 1/10000 of the order currency (see money.ts).
 *
 * Rules (orders.v2.oas2.yml, bigcommerce/docs@24f580c):
 * - `price_tax = price_inc_tax - price_ex_tax`; line totals are unit price × quantity (`orderProducts`).
 * - A manual `discount_amount` is spread over the lines in proportion to their ex-tax value
 *   (`orderProductAppliedDiscounts`: `(total_manual_discount*price_ex_tax)/subtotal_ex_tax`).
 * - The discount does NOT reduce tax: the spec's examples show `discounted_total_inc_tax = total_inc_tax
 *   - discount` with `total_tax` unchanged (product 65: 65.23 - 1.59 = 63.64, tax 9.24), and order 218
 *   keeps `total_tax = subtotal_tax + shipping_cost_tax` with a discount applied. (The `total_tax` prose
 *   "(price_ex_tax - discount)*tax_rate" contradicts the examples; we follow the examples.)
 * - Subtotals are before discount; the order total is subtotal - discount + shipping + handling +
 *   wrapping + fees, ex and inc tax, and `total_tax = total_inc_tax - total_ex_tax`.
 * Our reading where the spec is silent: the proportional split uses the line total (price × quantity)
 * and the largest-remainder method so the parts add up exactly to the discount.
 */
export type OrderLineInput = {
  quantity: number;
  /** Unit price excluding tax, in units. */
  priceEx: number;
  /** Unit price including tax, in units. */
  priceInc: number;
};

export type ChargeInput = { ex: number; inc: number };

export type OrderChargesInput = {
  shipping: ChargeInput;
  handling: ChargeInput;
  wrapping: ChargeInput;
  fees: readonly ChargeInput[];
  /** Manual discount (ex-tax basis), in units. */
  discount: number;
};

export type ComputedLine = {
  priceTax: number;
  totalEx: number;
  totalInc: number;
  totalTax: number;
  /** This line's share of the manual discount. */
  discount: number;
  discountedTotalInc: number;
};

export type OrderTotals = {
  lines: ComputedLine[];
  subtotalEx: number;
  subtotalInc: number;
  subtotalTax: number;
  shippingTax: number;
  handlingTax: number;
  wrappingTax: number;
  feesEx: number;
  feesTax: number;
  discount: number;
  totalEx: number;
  totalInc: number;
  totalTax: number;
  itemsTotal: number;
};

/** Thrown when the inputs cannot form a valid order (negative tax, discount above the subtotal). */
export class OrderMathError extends Error {}

/**
 * Computes every derived money field of an order. Throws OrderMathError when a price including tax is
 * below the price excluding tax, or when the discount exceeds the ex-tax subtotal.
 */
export function computeOrderTotals(lines: readonly OrderLineInput[], charges: OrderChargesInput): OrderTotals {
  lines.forEach((l, i) => {
    if (l.priceInc < l.priceEx) throw new OrderMathError(`products[${i}]: price_inc_tax is below price_ex_tax`);
  });
  const base = lines.map((l) => ({ totalEx: l.priceEx * l.quantity, totalInc: l.priceInc * l.quantity }));
  const subtotalEx = base.reduce((a, l) => a + l.totalEx, 0);
  const subtotalInc = base.reduce((a, l) => a + l.totalInc, 0);
  if (charges.discount > subtotalEx) throw new OrderMathError('discount_amount exceeds the order subtotal');
  const shares = allocateUnits(charges.discount, base.map((l) => l.totalEx));

  const computed: ComputedLine[] = lines.map((l, i) => {
    const { totalEx, totalInc } = base[i] ?? { totalEx: 0, totalInc: 0 };
    const totalTax = totalInc - totalEx;
    const discount = shares[i] ?? 0;
    return {
      priceTax: l.priceInc - l.priceEx,
      totalEx,
      totalInc,
      totalTax,
      discount,
      discountedTotalInc: totalInc - discount,
    };
  });

  const shippingTax = charges.shipping.inc - charges.shipping.ex;
  const handlingTax = charges.handling.inc - charges.handling.ex;
  const wrappingTax = charges.wrapping.inc - charges.wrapping.ex;
  const feesEx = charges.fees.reduce((a, f) => a + f.ex, 0);
  const feesTax = charges.fees.reduce((a, f) => a + (f.inc - f.ex), 0);
  const itemsTax = subtotalInc - subtotalEx;
  const totalEx = subtotalEx - charges.discount + charges.shipping.ex + charges.handling.ex + charges.wrapping.ex + feesEx;
  if (totalEx < 0) throw new OrderMathError('the order total would be negative');
  const totalTax = itemsTax + shippingTax + handlingTax + wrappingTax + feesTax;
  return {
    lines: computed,
    subtotalEx,
    subtotalInc,
    subtotalTax: subtotalInc - subtotalEx,
    shippingTax,
    handlingTax,
    wrappingTax,
    feesEx,
    feesTax,
    discount: charges.discount,
    totalEx,
    totalInc: totalEx + totalTax,
    totalTax,
    itemsTotal: lines.reduce((a, l) => a + l.quantity, 0),
  };
}

/**
 * The line's tax rate in percent with 4 decimals as units-like integer (e.g. 25.5 % → 255000), derived
 * from ex/inc prices; 0 when the ex price is 0. Used for `/orders/{id}/taxes` `rate`.
 */
export function taxRateUnits(ex: number, inc: number): number {
  return ex === 0 ? 0 : mulDiv(inc - ex, 100 * 10_000, ex);
}
