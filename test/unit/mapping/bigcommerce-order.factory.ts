/**
 * Builds BigCommerce order bundles for the mapping table tests. Every bundle starts from deep copies
 * of the official sample payloads in test/fixtures/bigcommerce-orders (order 247 "Multiple Items",
 * product 65 of order 149, shipping address 132, refund 12) and overrides the amounts with values a
 * shop would produce: 4-decimal strings, per-line tax, order totals rounded to cents.
 *
 * The arithmetic here is deliberately independent of libs/mapping (plain bigint in 1/10000 units),
 * so the tests compare the library against a second computation, not against itself.
 */
import type { BcOrderBundle, BcRefund } from '@mlc/mapping';
import officialOrder from '../../fixtures/bigcommerce-orders/order-247-multiple-items.response.json';
import officialProducts from '../../fixtures/bigcommerce-orders/order-149-products.response.json';
import officialShipping from '../../fixtures/bigcommerce-orders/order-shipping-addresses.response.json';
import officialRefund from '../../fixtures/bigcommerce-orders/refund-12.response.json';

export type LineSpec = {
  id?: number;
  productId?: number;
  sku: string;
  qty: number;
  /** Unit price in the order's pricing basis (inc VAT when `inclusive`, else ex VAT), e.g. "33.33". */
  unit: string;
  ratePercent: string;
  type?: 'physical' | 'digital' | 'giftcertificate';
  /** Discount on this line in the pricing basis, listed in `applied_discounts`. */
  discount?: string;
  discountCode?: string;
};

export type ChargeSpec = { amount: string; ratePercent: string; taxClassId?: number };

export type OrderSpec = {
  id?: number;
  currency: string;
  country: string;
  inclusive: boolean;
  lines: LineSpec[];
  shipping?: ChargeSpec;
  handling?: ChargeSpec;
  wrapping?: ChargeSpec;
  fees?: (ChargeSpec & { id: number; name: string })[];
  /** Order-level discount (pricing basis) without per-product `applied_discounts`. */
  orderDiscount?: string;
  couponCodes?: string[];
  giftCertificateRedeemed?: string;
  storeDefaultCurrency?: string;
  storeRate?: string;
  channelId?: number;
  /** Add the official `taxes` rows (rate per product) instead of letting the mapper derive rates. */
  withTaxRows?: boolean;
};

const SCALE = 10000n;

/** "33.33" → 333300n (1/10000 units). */
export function d4(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * SCALE + BigInt((fraction + '0000').slice(0, 4)) * (text.startsWith('-') ? -1n : 1n);
}

function rateBp(ratePercent: string): bigint {
  return d4(ratePercent) / 100n;
}

/** Half-up integer division for non-negative values. */
function div(n: bigint, d: bigint): bigint {
  return (n * 2n + d) / (2n * d);
}

export function s4(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  return `${negative ? '-' : ''}${abs / SCALE}.${(abs % SCALE).toString().padStart(4, '0')}`;
}

/** Splits an amount in the pricing basis into {ex, tax, inc} at 4 decimals. */
function split(amount: bigint, ratePercent: string, inclusive: boolean): { ex: bigint; tax: bigint; inc: bigint } {
  const bp = rateBp(ratePercent);
  if (inclusive) {
    const ex = div(amount * 10000n, 10000n + bp);
    return { ex, tax: amount - ex, inc: amount };
  }
  const tax = div(amount * bp, 10000n);
  return { ex: amount, tax, inc: amount + tax };
}

const toCents4 = (units: bigint): bigint => div(units, 100n) * 100n;

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Builds an order bundle from `spec` on top of the official samples. */
export function buildOrderBundle(spec: OrderSpec): BcOrderBundle {
  const order = clone(officialOrder) as Record<string, unknown>;
  const template = clone(officialProducts[0]) as Record<string, unknown>;
  const orderId = spec.id ?? 247;
  let totalInc = 0n;
  let totalTax = 0n;
  const products = spec.lines.map((line, index) => {
    const unit = split(d4(line.unit), line.ratePercent, spec.inclusive);
    const total = split(d4(line.unit) * BigInt(line.qty), line.ratePercent, spec.inclusive);
    const discount = line.discount === undefined ? undefined : split(d4(line.discount), line.ratePercent, spec.inclusive);
    const after = discount === undefined ? total : split(d4(line.unit) * BigInt(line.qty) - d4(line.discount ?? '0'), line.ratePercent, spec.inclusive);
    totalInc += after.inc;
    totalTax += after.tax;
    const product: Record<string, unknown> = {
      ...template,
      id: line.id ?? 100 + index,
      order_id: orderId,
      product_id: line.productId ?? 500 + index,
      name: `Product ${line.sku}`,
      name_customer: `Product ${line.sku}`,
      name_merchant: `Product ${line.sku}`,
      sku: line.sku,
      type: line.type ?? 'physical',
      base_price: s4(d4(line.unit)),
      price_ex_tax: s4(unit.ex),
      price_inc_tax: s4(unit.inc),
      price_tax: s4(unit.tax),
      base_total: s4(d4(line.unit) * BigInt(line.qty)),
      total_ex_tax: s4(total.ex),
      total_inc_tax: s4(total.inc),
      total_tax: s4(total.tax),
      quantity: line.qty,
      applied_discounts:
        line.discount === undefined
          ? []
          : [{ id: 'total-coupon', amount: s4(d4(line.discount)), name: 'Coupon', code: line.discountCode ?? null, target: 'order' }],
      gift_certificate_id: line.type === 'giftcertificate' ? 52 : null,
    };
    if (spec.inclusive) product['discounted_total_inc_tax'] = s4(after.inc);
    else delete product['discounted_total_inc_tax'];
    return product;
  });
  if (spec.orderDiscount !== undefined) {
    const rate = spec.lines[0]?.ratePercent ?? '0';
    const discount = split(d4(spec.orderDiscount), rate, spec.inclusive);
    totalInc -= discount.inc;
    totalTax -= discount.tax;
    order['discount_amount'] = s4(d4(spec.orderDiscount));
  } else {
    order['discount_amount'] = '0.0000';
  }
  order['coupon_discount'] = '0.0000';
  for (const [key, charge] of [['shipping_cost', spec.shipping], ['handling_cost', spec.handling], ['wrapping_cost', spec.wrapping]] as const) {
    const amounts = charge === undefined ? { ex: 0n, tax: 0n, inc: 0n } : split(d4(charge.amount), charge.ratePercent, spec.inclusive);
    order[`${key}_ex_tax`] = s4(amounts.ex);
    order[`${key}_inc_tax`] = s4(amounts.inc);
    order[`${key}_tax`] = s4(amounts.tax);
    order[`${key}_tax_class_id`] = charge?.taxClassId ?? 0;
    totalInc += amounts.inc;
    totalTax += amounts.tax;
  }
  const fees = (spec.fees ?? []).map((fee) => {
    const amounts = split(d4(fee.amount), fee.ratePercent, spec.inclusive);
    totalInc += amounts.inc;
    totalTax += amounts.tax;
    return {
      id: fee.id, type: 'custom_fee', display_name_customer: fee.name, display_name_merchant: fee.name, source: 'v2',
      base_cost: s4(d4(fee.amount)), cost_ex_tax: s4(amounts.ex), cost_inc_tax: s4(amounts.inc), cost_tax: s4(amounts.tax),
      tax_class_id: fee.taxClassId ?? null,
    };
  });
  const inc = toCents4(totalInc);
  const tax = toCents4(totalTax);
  Object.assign(order, {
    id: orderId,
    total_inc_tax: s4(inc),
    total_tax: s4(tax),
    total_ex_tax: s4(inc - tax),
    is_tax_inclusive_pricing: spec.inclusive,
    currency_code: spec.currency,
    default_currency_code: spec.currency,
    store_default_currency_code: spec.storeDefaultCurrency ?? spec.currency,
    store_default_to_transactional_exchange_rate: spec.storeRate ?? '1.0000000000',
    gift_certificate_amount: spec.giftCertificateRedeemed ?? '0.0000',
    channel_id: spec.channelId ?? 1,
    billing_address: { ...(order['billing_address'] as object), country_iso2: spec.country },
  });
  if (fees.length > 0) order['fees'] = fees;
  const shipping = clone(officialShipping[0]) as Record<string, unknown>;
  shipping['country_iso2'] = spec.country;
  shipping['order_id'] = orderId;
  const bundle: BcOrderBundle = {
    order: order as unknown as BcOrderBundle['order'],
    products: products as unknown as BcOrderBundle['products'],
    shippingAddresses: [shipping],
    coupons: (spec.couponCodes ?? []).map((code, i) => ({ id: i + 1, coupon_id: i + 1, order_id: orderId, code, amount: 5, type: 2, discount: 5 })),
  };
  if (spec.withTaxRows) {
    bundle.taxes = products.map((p, i) => ({
      id: i + 1, order_id: orderId, tax_class_id: 0, name: 'VAT', class: 'Default Tax Class',
      rate: spec.lines[i]?.ratePercent ?? '0', priority: 0, order_product_id: String(p['id']), line_item_type: 'item',
    }));
  }
  return bundle;
}

/** A refund built on the official refund sample: same shape, overridden order id, items and totals. */
export function buildRefund(overrides: Partial<Pick<BcRefund, 'id' | 'order_id' | 'items' | 'total_amount' | 'total_tax' | 'reason'>>): BcRefund {
  const base = clone(officialRefund.data) as unknown as BcRefund;
  return { ...base, ...overrides };
}

/** The official refund sample, untouched. */
export function officialRefundSample(): BcRefund {
  return clone(officialRefund.data);
}
