/**
 * Builds Adobe Commerce records for the mapping table tests. Every record starts from a deep copy of an official
 * sample in test/fixtures/adobe-commerce (order 3, invoice 3, customer 2, the refund request) and overrides amounts
 * with what Commerce computes: rows and taxes rounded to cents, tax after discount, `discount_tax_compensation_amount`
 * for discounts on tax-inclusive prices, grand total = subtotal + shipping + tax − discounts + compensation.
 *
 * The arithmetic is deliberately independent of libs/mapping (bigint cents, its own half-away-from-zero rounding), so
 * the tests compare the library against a second computation.
 */
import type { AcCreditMemo, AcCustomer, AcInvoice, AcOrder, AcOrderItem } from '@mlc/mapping';
import officialCustomer from '../../fixtures/adobe-commerce/tutorial.POST-v1-customers.response.json';
import officialInvoice from '../../fixtures/adobe-commerce/tutorial.GET-v1-invoices-3.response.json';
import officialOrder from '../../fixtures/adobe-commerce/tutorial.GET-v1-orders-3.response.elided.json';
import officialRefund from '../../fixtures/adobe-commerce/tutorial.POST-v1-order-5-refund.request.json';

const copy = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;
export const order3 = (): AcOrder => copy<AcOrder>(officialOrder);
export const invoice3 = (): AcInvoice => copy<AcInvoice>(officialInvoice);
export const customer2 = (): AcCustomer => copy<AcCustomer>(officialCustomer);
export const refundRequest5 = () => copy<typeof officialRefund>(officialRefund);

/** Cents → the JSON float Commerce sends (12345n → 123.45). */
export const f = (cents: bigint): number => Number(cents) / 100;
/** "12.34" → 1234n. */
export const c = (text: string): bigint => {
  const [whole = '0', frac = ''] = text.replace('-', '').split('.');
  const cents = BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
  return text.startsWith('-') ? -cents : cents;
};
/** round(n / d) half away from zero. */
const div = (n: bigint, d: bigint): bigint => {
  const sign = (n < 0n) !== (d < 0n) ? -1n : 1n;
  const [a, b] = [n < 0n ? -n : n, d < 0n ? -d : d];
  return sign * ((2n * a + b) / (2n * b));
};
/** Percent string "25" / "12.5" → [numerator, denominator] of the rate. */
const rate = (percent: string): [bigint, bigint] => {
  const [w = '0', fr = ''] = percent.split('.');
  return [BigInt(w + fr), 100n * 10n ** BigInt(fr.length)];
};

export type ItemSpec = {
  id: number;
  sku: string;
  qty: number;
  /** Unit price: ex VAT, or incl. VAT when the order spec is `inclusive` ("199.00"). */
  unit: string;
  ratePercent: string;
  /** Row discount in the same basis as `unit` ("10.00"). */
  discount?: string;
  productType?: string;
  name?: string;
};

export type OrderSpec = {
  id?: number;
  currency: string;
  baseCurrency?: string;
  baseToOrderRate?: number;
  inclusive?: boolean;
  items: ItemSpec[];
  /** Shipping ex VAT (incl. VAT when inclusive) and its rate. */
  shipping?: { amount: string; ratePercent: string; discount?: string };
  state?: string;
};

/** NOK, prices ex VAT: 3 mugs at 25 % with a 47.76 discount, 2 × coffee at 15 %, shipping 79.20 at 25 %. */
export const TWO_RATES: OrderSpec = {
  currency: 'NOK', items: [
    { id: 21, sku: 'MUG-1', qty: 3, unit: '159.20', ratePercent: '25', discount: '47.76' },
    { id: 22, sku: 'COF-1', qty: 2, unit: '78.17', ratePercent: '15' },
  ], shipping: { amount: '79.20', ratePercent: '25' },
};

/** NOK, catalogue prices incl. VAT and discounts on prices incl. VAT (so Commerce books discount tax compensation). */
export const INCLUSIVE: OrderSpec = {
  currency: 'NOK', inclusive: true, items: [
    { id: 31, sku: 'MUG-1', qty: 3, unit: '199.00', ratePercent: '25', discount: '59.70' },
    { id: 32, sku: 'COF-1', qty: 1, unit: '89.90', ratePercent: '15' },
  ], shipping: { amount: '99.00', ratePercent: '25', discount: '49.50' },
};

/** The amounts of one row as Commerce computes them, in cents. */
export function rowAmounts(spec: ItemSpec, inclusive: boolean) {
  const [rn, rd] = rate(spec.ratePercent);
  const gross = div(c(spec.unit) * c(String(spec.qty)), 100n);
  const discount = c(spec.discount ?? '0');
  if (!inclusive) {
    const taxBefore = div(gross * rn, rd);
    const tax = div((gross - discount) * rn, rd);
    return { rowTotal: gross, rowInclTax: gross + taxBefore, tax, discount, compensation: 0n };
  }
  const rowTotal = div(gross * rd, rd + rn);
  const after = gross - discount;
  const tax = div(after * rn, rd + rn);
  const compensation = after - tax - rowTotal + discount;
  return { rowTotal, rowInclTax: gross, tax, discount, compensation };
}

/** An order item from a spec (amounts as floats, `base_*` deliberately different: the mapping must not read them). */
export function orderItem(spec: ItemSpec, inclusive: boolean, parentId?: number): AcOrderItem {
  const a = rowAmounts(spec, inclusive);
  return {
    item_id: spec.id, ...(parentId === undefined ? {} : { parent_item_id: parentId }), product_type: spec.productType ?? 'simple', sku: spec.sku,
    name: spec.name ?? `Product ${spec.sku}`, qty_ordered: spec.qty, price: f(div(a.rowTotal * 100n, c(String(spec.qty)))), price_incl_tax: f(div(a.rowInclTax * 100n, c(String(spec.qty)))),
    row_total: f(a.rowTotal), row_total_incl_tax: f(a.rowInclTax), tax_amount: f(a.tax), tax_percent: Number(spec.ratePercent),
    discount_amount: f(a.discount), discount_tax_compensation_amount: f(a.compensation),
    base_row_total: f(a.rowTotal * 3n), base_tax_amount: f(a.tax * 3n), base_price: 999999,
  };
}

/** Order 3 with its items, totals and currencies replaced according to `spec`. */
export function buildOrder(spec: OrderSpec): AcOrder {
  const inclusive = spec.inclusive === true;
  const order = order3();
  const items = spec.items.map((i) => orderItem(i, inclusive));
  const rows = spec.items.map((i) => rowAmounts(i, inclusive));
  const sum = (pick: (r: ReturnType<typeof rowAmounts>) => bigint) => rows.reduce((acc, r) => acc + pick(r), 0n);
  const ship = spec.shipping ? rowAmounts({ id: 0, sku: '', qty: 1, unit: spec.shipping.amount, ratePercent: spec.shipping.ratePercent, ...(spec.shipping.discount ? { discount: spec.shipping.discount } : {}) }, inclusive) : undefined;
  const subtotal = sum((r) => r.rowTotal);
  const tax = sum((r) => r.tax) + (ship?.tax ?? 0n);
  const discount = sum((r) => r.discount) + (ship?.discount ?? 0n);
  const compensation = sum((r) => r.compensation);
  const grand = subtotal + (ship?.rowTotal ?? 0n) + tax - discount + compensation + (ship?.compensation ?? 0n);
  Object.assign(order, {
    entity_id: spec.id ?? order.entity_id, state: spec.state ?? 'processing', status: spec.state ?? 'processing',
    order_currency_code: spec.currency, base_currency_code: spec.baseCurrency ?? spec.currency, base_to_order_rate: spec.baseToOrderRate ?? 1,
    subtotal: f(subtotal), tax_amount: f(tax), discount_amount: f(-discount), discount_tax_compensation_amount: f(compensation), grand_total: f(grand),
    shipping_amount: f(ship?.rowTotal ?? 0n), shipping_tax_amount: f(ship?.tax ?? 0n), shipping_incl_tax: f(ship?.rowInclTax ?? 0n),
    shipping_discount_amount: f(ship?.discount ?? 0n), shipping_discount_tax_compensation_amount: f(ship?.compensation ?? 0n),
    base_grand_total: f(grand * 3n), base_subtotal: f(subtotal * 3n), base_tax_amount: f(tax * 3n),
    items,
  });
  return order;
}

/** Order 3 as the tutorial placed it, with all nine items the invoice lists (the order sample elides all but item 3). */
export function order3WithAllItems(): AcOrder {
  const order = order3();
  const parents: Record<number, number> = { 6: 5, 7: 5, 8: 5, 9: 5, 11: 10 };
  const types: Record<number, string> = { 4: 'downloadable', 5: 'bundle', 10: 'configurable' };
  order.items = (invoice3().items ?? []).map((item) => ({
    item_id: item.order_item_id, ...(parents[item.order_item_id] ? { parent_item_id: parents[item.order_item_id] } : {}),
    product_type: types[item.order_item_id] ?? 'simple', sku: item.sku ?? '', name: item.name as string, qty_ordered: item.qty as number,
    price: item.price, price_incl_tax: item.price_incl_tax,
    // Commerce also totals a dynamic bundle's parent row (68.00): it must not be counted a second time.
    row_total: item.order_item_id === 5 ? 68 : item.row_total ?? 0, row_total_incl_tax: item.order_item_id === 5 ? 68 : item.row_total_incl_tax ?? 0,
    tax_amount: item.tax_amount ?? 0, tax_percent: 0, discount_amount: 0, discount_tax_compensation_amount: 0,
  }));
  return order;
}

/** A refunded quantity of one item. */
export type MemoItemSpec = { orderItemId: number; qty: number };

/**
 * A credit memo of `order` as Commerce computes it: each refunded item's amounts pro rata of its ordered quantity
 * (rounded to cents), shipping refunded in full (with its discount, which the memo's `discount_amount` includes) or
 * not, the adjustments untaxed.
 */
export function buildCreditMemo(order: AcOrder, spec: { id: number; items: MemoItemSpec[]; shipping?: boolean; adjustmentPositive?: string; adjustmentNegative?: string }): AcCreditMemo {
  const cents = (v: number | string | null | undefined) => c(String(v ?? 0));
  const items = spec.items.map((s) => {
    const o = (order.items ?? []).find((i) => i.item_id === s.orderItemId) as AcOrderItem;
    const share = (v: number | string | null | undefined) => div(cents(v) * c(String(s.qty)), c(String(o.qty_ordered)));
    return {
      entity_id: 100 + s.orderItemId, order_item_id: s.orderItemId, sku: o.sku, name: o.name, qty: s.qty, base_cost: 0, base_price: 0,
      price: o.price, price_incl_tax: o.price_incl_tax, row_total: f(share(o.row_total)), row_total_incl_tax: f(share(o.row_total_incl_tax)),
      tax_amount: f(share(o.tax_amount)), discount_amount: f(share(o.discount_amount)), discount_tax_compensation_amount: f(share(o.discount_tax_compensation_amount)),
    };
  });
  const sum = (key: 'row_total' | 'tax_amount' | 'discount_amount' | 'discount_tax_compensation_amount') => items.reduce((acc, i) => acc + cents(i[key]), 0n);
  const shipping = spec.shipping ? cents(order.shipping_amount) : 0n;
  const shippingTax = spec.shipping ? cents(order.shipping_tax_amount) : 0n;
  const shippingDiscount = spec.shipping ? cents(order.shipping_discount_amount) : 0n;
  const shippingCompensation = spec.shipping ? cents(order.shipping_discount_tax_compensation_amount) : 0n;
  const positive = c(spec.adjustmentPositive ?? '0');
  const negative = c(spec.adjustmentNegative ?? '0');
  const grand = sum('row_total') + shipping + sum('tax_amount') + shippingTax - sum('discount_amount') - shippingDiscount
    + sum('discount_tax_compensation_amount') + shippingCompensation + positive - negative;
  return {
    entity_id: spec.id, increment_id: `00000000${spec.id}`, order_id: order.entity_id, invoice_id: 3, state: 2, created_at: '2017-09-01 08:00:00',
    order_currency_code: order.order_currency_code, base_currency_code: order.base_currency_code, base_to_order_rate: order.base_to_order_rate,
    subtotal: f(sum('row_total')), tax_amount: f(sum('tax_amount') + shippingTax), discount_amount: f(-sum('discount_amount') - shippingDiscount),
    shipping_amount: f(shipping), shipping_tax_amount: f(shippingTax), shipping_incl_tax: spec.shipping ? order.shipping_incl_tax : 0,
    shipping_discount_tax_compensation_amount: f(shippingCompensation),
    adjustment_positive: f(positive), adjustment_negative: f(negative), adjustment: f(positive - negative), grand_total: f(grand), base_grand_total: f(grand * 3n),
    items,
  };
}
