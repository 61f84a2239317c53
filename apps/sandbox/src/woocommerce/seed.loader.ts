/**
 * Fills the WooCommerce sandbox's state (see seed/README.md for the files and their source):
 * - always: user 1 (the administrator who owns the API keys) and the id sequences;
 * - with `seed`: the official examples — orders 727 (`retrieve-an-order`), 723 (`list-all-orders`), 728 and 729
 *   (`batch-update-orders` → create), refunds 726 and 724 of order 723 (`list-all-refunds`), customers 26 and 25
 *   (`list-all-customers`) — parsed into records with every value kept (dates with their own local offsets), then
 *   OUR demo customers and orders (seed.demo.ts), computed by the same code as API calls.
 */
import { WOOCOMMERCE_DEMO } from './demo.constants';
import { parseAmountMicro } from './money';
import type { TaxesById } from './order-totals';
import { seedDemo } from './seed.demo';
import type { OrderService } from './order-service';
import type { Address, CustomerRecord, FeeLine, Json, LineItem, Meta, OrderRecord, RefundRecord, ShippingLine, TaxLine, WooCommerceState } from './state';
import { wpDateAt, wpDateFromExample, type WpDate } from './wp-dates';
import { phpString } from './wp-schema';
import specOrders from './seed/wc-v3.orders.list-all-orders.response.json';
import specOrder727 from './seed/wc-v3.orders.retrieve-an-order.response.json';
import specBatchOrders from './seed/wc-v3.orders.batch-update-orders.response.json';
import specRefunds from './seed/wc-v3.order-refunds.list-all-refunds.response.json';
import specCustomers from './seed/wc-v3.customers.list-all-customers.response.json';

/** Fills `state` (after `state.reset()`). */
export function loadSeed(state: WooCommerceState, orders: OrderService, seed: boolean): void {
  state.customers.set(1, adminUser());
  state.observe('user', 1);
  state.observe('webhook', 143);
  if (seed) {
    const examples = [specOrder727 as Json, ...(specOrders as Json[]).filter((o) => o['id'] !== 727), ...((specBatchOrders as { create: Json[] }).create)];
    for (const example of examples) {
      const order = orderFromExample(example);
      state.orders.set(order.id, order);
      observeOrder(state, order);
    }
    for (const example of specRefunds as Json[]) {
      const refund = refundFromExample(example);
      state.refunds.set(refund.id, refund);
      state.observe('post', refund.id);
      refund.lineItems.forEach((i) => observeItem(state, i.id, i.metaData));
    }
    for (const example of specCustomers as Json[]) {
      const customer = customerFromExample(example);
      state.customers.set(customer.id, customer);
      state.observe('user', customer.id);
    }
    state.observe('postMeta', 13_109);
    seedDemo(state, orders);
  }
}

function adminUser(): CustomerRecord {
  const date = wpDateAt(Date.UTC(2025, 0, 2, 9, 0, 0), WOOCOMMERCE_DEMO.timezone);
  return {
    id: 1, dateCreated: date, dateModified: date, email: 'admin@nordlys-demo.example', firstName: 'Shop', lastName: 'Admin', role: 'administrator', username: 'admin',
    billing: address({}, true), shipping: address({}, false), isPayingCustomer: false, avatarUrl: 'https://secure.gravatar.com/avatar/00000000000000000000000000000000?s=96&d=mm&r=g', metaData: [], origin: 'demo',
  };
}

const text = (v: unknown): string => phpString(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

function date(example: Json, name: string): WpDate | null {
  return wpDateFromExample(example[name], example[`${name}_gmt`]);
}

function requiredDate(example: Json, name: string): WpDate {
  return date(example, name) ?? { ms: 0, offsetMin: 0 };
}

function meta(value: unknown): Meta[] {
  return list(value).map((m) => ({ id: Number(m['id']), key: text(m['key']), value: m['value'] }));
}

function address(value: unknown, billing: boolean): Address {
  const keys = billing
    ? ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country', 'email', 'phone']
    : ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country'];
  const source = (typeof value === 'object' && value !== null ? value : {}) as Json;
  return Object.fromEntries(keys.map((k) => [k, text(source[k])]));
}

function taxes(value: unknown): { total: TaxesById; subtotal: TaxesById } {
  const total: TaxesById = new Map();
  const subtotal: TaxesById = new Map();
  for (const t of list(value)) {
    total.set(Number(t['id']), parseAmountMicro(t['total']));
    if (t['subtotal'] !== '' && t['subtotal'] !== undefined) subtotal.set(Number(t['id']), parseAmountMicro(t['subtotal']));
  }
  return { total, subtotal };
}

function lineItem(l: Json): LineItem {
  const t = taxes(l['taxes']);
  return {
    id: Number(l['id']), name: text(l['name']), productId: Number(l['product_id']), variationId: Number(l['variation_id']), quantity: Number(l['quantity']),
    taxClass: text(l['tax_class']), subtotal: parseAmountMicro(l['subtotal']), total: parseAmountMicro(l['total']), taxes: t.total, subtotalTaxes: t.subtotal,
    subtotalTax: parseAmountMicro(l['subtotal_tax']), totalTax: parseAmountMicro(l['total_tax']), metaData: meta(l['meta_data']),
  };
}

function orderFromExample(o: Json): OrderRecord {
  return {
    id: Number(o['id']), parentId: Number(o['parent_id']), orderKey: text(o['order_key']), createdVia: text(o['created_via']), version: text(o['version']),
    status: text(o['status']), currency: text(o['currency']),
    dateCreated: requiredDate(o, 'date_created'), dateModified: requiredDate(o, 'date_modified'), datePaid: date(o, 'date_paid'), dateCompleted: date(o, 'date_completed'),
    discountTotal: parseAmountMicro(o['discount_total']), discountTax: parseAmountMicro(o['discount_tax']), shippingTotal: parseAmountMicro(o['shipping_total']),
    shippingTax: parseAmountMicro(o['shipping_tax']), cartTax: parseAmountMicro(o['cart_tax']), total: parseAmountMicro(o['total']), totalTax: parseAmountMicro(o['total_tax']),
    pricesIncludeTax: o['prices_include_tax'] === true, customerId: Number(o['customer_id']), customerIpAddress: text(o['customer_ip_address']),
    customerUserAgent: text(o['customer_user_agent']), customerNote: text(o['customer_note']), billing: address(o['billing'], true), shipping: address(o['shipping'], false),
    paymentMethod: text(o['payment_method']), paymentMethodTitle: text(o['payment_method_title']), transactionId: text(o['transaction_id']), cartHash: text(o['cart_hash']),
    metaData: meta(o['meta_data']),
    lineItems: list(o['line_items']).map(lineItem),
    taxLines: list(o['tax_lines']).map(
      (l): TaxLine => ({ id: Number(l['id']), rateId: Number(l['rate_id']), rateCode: text(l['rate_code']), label: text(l['label']), compound: l['compound'] === true, taxTotal: parseAmountMicro(l['tax_total']), shippingTaxTotal: parseAmountMicro(l['shipping_tax_total']), metaData: meta(l['meta_data']) }),
    ),
    shippingLines: list(o['shipping_lines']).map(
      (l): ShippingLine => ({ id: Number(l['id']), methodTitle: text(l['method_title']), methodId: text(l['method_id']), instanceId: '', total: parseAmountMicro(l['total']), taxes: taxes(l['taxes']).total, totalTax: parseAmountMicro(l['total_tax']), metaData: meta(l['meta_data']) }),
    ),
    feeLines: list(o['fee_lines']).map(
      (l): FeeLine => ({ id: Number(l['id']), name: text(l['name']), taxClass: text(l['tax_class']), taxStatus: text(l['tax_status']), total: parseAmountMicro(l['total']), taxes: taxes(l['taxes']).total, totalTax: parseAmountMicro(l['total_tax']), metaData: meta(l['meta_data']) }),
    ),
    couponLines: list(o['coupon_lines']).map((l) => ({ id: Number(l['id']), code: text(l['code']), discount: parseAmountMicro(l['discount']), discountTax: parseAmountMicro(l['discount_tax']), metaData: meta(l['meta_data']) })),
    origin: 'spec-example',
  };
}

function refundFromExample(r: Json): RefundRecord {
  const up = text((((r['_links'] as Json | undefined)?.['up'] as Json[] | undefined)?.[0] ?? {})['href']);
  return {
    id: Number(r['id']), parentId: Number(/orders\/(\d+)$/.exec(up)?.[1] ?? 0), dateCreated: requiredDate(r, 'date_created'), amount: parseAmountMicro(r['amount']),
    reason: text(r['reason']), refundedBy: Number(r['refunded_by']), refundedPayment: r['refunded_payment'] === true, metaData: meta(r['meta_data']),
    lineItems: list(r['line_items']).map(lineItem), shippingLines: [], feeLines: [], origin: 'spec-example',
  };
}

function customerFromExample(c: Json): CustomerRecord {
  return {
    id: Number(c['id']), dateCreated: requiredDate(c, 'date_created'), dateModified: requiredDate(c, 'date_modified'), email: text(c['email']),
    firstName: text(c['first_name']), lastName: text(c['last_name']), role: text(c['role']), username: text(c['username']),
    billing: address(c['billing'], true), shipping: address(c['shipping'], false), isPayingCustomer: c['is_paying_customer'] === true,
    avatarUrl: text(c['avatar_url']), metaData: meta(c['meta_data']), origin: 'spec-example',
  };
}

function observeItem(state: WooCommerceState, id: number, metaData: readonly Meta[]): void {
  state.observe('orderItem', id);
  metaData.forEach((m) => state.observe('itemMeta', m.id));
}

function observeOrder(state: WooCommerceState, order: OrderRecord): void {
  state.observe('post', order.id);
  order.metaData.forEach((m) => state.observe('postMeta', m.id));
  for (const item of [...order.lineItems, ...order.shippingLines, ...order.feeLines, ...order.taxLines, ...order.couponLines]) observeItem(state, item.id, item.metaData);
}
