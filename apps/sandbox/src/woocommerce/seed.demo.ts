/**
 * OUR demo data (not WooCommerce's): Nordic customers 30-32 and orders 740-742 plus a partial refund, covering what
 * the official examples do not — VAT at 25 %, 15 %, 12 %, 25.5 % and a zero-rate book, shipping tax, a taxable fee,
 * a percent coupon, a guest order, NOK/SEK/EUR orders in a USD store, and a refund with line items. Order bodies are
 * `POST /orders` bodies and go through OrderService like API calls (no webhooks exist while seeding); only their
 * dates are then fixed. Every demo order carries the meta `_mlc_demo` = "ours".
 */
import { WOOCOMMERCE_DEMO } from './demo.constants';
import { blankAddress, BILLING_KEYS, SHIPPING_KEYS } from './order-builder';
import type { OrderService, Params } from './order-service';
import { orderBodyArgs } from './route-args';
import { gravatarUrl } from './customers.routes';
import type { Address, Json, WooCommerceState } from './state';
import { wpDateAt } from './wp-dates';
import { sanitizeValue } from './wp-schema';

type DemoPerson = { id: number; created: string; email: string; first: string; last: string; street: string; city: string; postcode: string; country: string; phone: string };

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { id: 30, created: '2025-05-02T08:15:00Z', email: 'ingrid.hansen@example.no', first: 'Ingrid', last: 'Hansen', street: 'Karl Johans gate 20', city: 'Oslo', postcode: '0159', country: 'NO', phone: '+47 912 34 567' },
  { id: 31, created: '2025-05-03T09:30:00Z', email: 'erik.lindqvist@example.se', first: 'Erik', last: 'Lindqvist', street: 'Drottninggatan 5', city: 'Stockholm', postcode: '111 51', country: 'SE', phone: '+46 70 123 45 67' },
  { id: 32, created: '2025-05-04T10:45:00Z', email: 'aino.virtanen@example.fi', first: 'Aino', last: 'Virtanen', street: 'Mannerheimintie 12', city: 'Helsinki', postcode: '00100', country: 'FI', phone: '+358 40 123 4567' },
];

const billingOf = (p: DemoPerson): Address => ({ ...blankAddress(BILLING_KEYS), first_name: p.first, last_name: p.last, address_1: p.street, city: p.city, postcode: p.postcode, country: p.country, email: p.email, phone: p.phone });
const shippingOf = (p: DemoPerson): Address => ({ ...blankAddress(SHIPPING_KEYS), first_name: p.first, last_name: p.last, address_1: p.street, city: p.city, postcode: p.postcode, country: p.country });
const person = (id: number): DemoPerson => DEMO_PEOPLE.find((p) => p.id === id) as DemoPerson;
const ours = [{ key: '_mlc_demo', value: 'ours' }];

/** The demo orders as `POST /orders` bodies with the dates they get. */
export const DEMO_ORDERS: ReadonlyArray<{ id: number; created: string; modified: string; body: Json }> = [
  {
    id: 740,
    created: '2025-06-02T09:00:00Z',
    modified: '2025-06-02T09:00:05Z',
    body: {
      customer_id: 30, currency: 'NOK', payment_method: 'bacs', payment_method_title: 'Direct bank transfer', set_paid: true, transaction_id: 'demo-740',
      billing: billingOf(person(30)), shipping: shippingOf(person(30)), meta_data: ours,
      line_items: [{ product_id: 501, quantity: 1 }, { product_id: 502, quantity: 2 }, { sku: 'BOOK-NORD', quantity: 1 }],
      shipping_lines: [{ method_id: 'flat_rate', method_title: 'Bring', total: '99.00' }],
    },
  },
  {
    id: 741,
    created: '2025-06-03T10:00:00Z',
    modified: '2025-06-04T08:00:00Z',
    body: {
      customer_id: 31, currency: 'SEK', status: 'completed', payment_method: 'bacs', payment_method_title: 'Direct bank transfer',
      billing: billingOf(person(31)), shipping: shippingOf(person(31)), meta_data: ours,
      line_items: [{ product_id: 504, quantity: 1 }, { product_id: 502, quantity: 3 }],
      fee_lines: [{ name: 'Eco packaging', total: '20.00', tax_status: 'taxable' }],
      shipping_lines: [{ method_id: 'flat_rate', method_title: 'PostNord', total: '49.00' }],
      coupon_lines: [{ code: 'spring10' }],
    },
  },
  {
    id: 742,
    created: '2025-06-05T11:00:00Z',
    modified: '2025-06-05T11:00:00Z',
    body: {
      customer_id: 0, currency: 'EUR', payment_method: 'cod', payment_method_title: 'Cash on delivery',
      billing: { ...billingOf(person(32)), first_name: 'Guest', last_name: 'Buyer', email: 'guest.buyer@example.fi' }, meta_data: ours,
      line_items: [{ product_id: 505, quantity: 1 }],
    },
  },
];

function paramsOf(body: Json): Params {
  const args = orderBodyArgs(true);
  const value = (name: string): unknown => {
    const schema = args[name];
    const raw = body[name];
    if (raw === undefined) return schema?.default;
    return schema ? sanitizeValue(raw, schema) : raw;
  };
  return { param: value, isset: (name) => value(name) !== undefined && value(name) !== null };
}

/** Adds the demo customers, orders and refund (ids fixed; the sequences continue above them). */
export function seedDemo(state: WooCommerceState, orders: OrderService): void {
  const tz = WOOCOMMERCE_DEMO.timezone;
  for (const p of DEMO_PEOPLE) {
    const created = wpDateAt(Date.parse(p.created), tz);
    state.customers.set(p.id, {
      id: p.id, dateCreated: created, dateModified: created, email: p.email, firstName: p.first, lastName: p.last, role: 'customer',
      username: p.email.split('@')[0] ?? p.first.toLowerCase(), billing: billingOf(p), shipping: shippingOf(p), isPayingCustomer: false,
      avatarUrl: gravatarUrl(p.email), metaData: [], origin: 'demo',
    });
    state.observe('user', p.id);
  }
  const none = (): void => undefined;
  for (const demo of DEMO_ORDERS) {
    state.observe('post', demo.id - 1);
    const order = orders.create(paramsOf(demo.body), none);
    order.origin = 'demo';
    const created = wpDateAt(Date.parse(demo.created), tz);
    const modified = wpDateAt(Date.parse(demo.modified), tz);
    order.dateCreated = created;
    order.dateModified = modified;
    if (order.datePaid) order.datePaid = modified;
    if (order.dateCompleted) order.dateCompleted = modified;
  }
  for (const id of [30, 31]) {
    const customer = state.customers.get(id);
    if (customer) customer.dateModified = wpDateAt(Date.parse('2025-06-04T08:00:00Z'), tz);
  }
  const order = state.orders.get(740);
  const coffee = order?.lineItems.find((i) => i.productId === 502);
  if (order && coffee) {
    state.observe('post', 742);
    const refund = orders.refund(
      order,
      { amount: 182_850_000, reason: 'Damaged in transit', lineItems: new Map([[coffee.id, { qty: 1, refund_total: '159.00', refund_tax: { 102: '23.85' } }]]), refundPayment: false },
      none,
    );
    refund.origin = 'demo';
    refund.dateCreated = wpDateAt(Date.parse('2025-06-06T12:00:00Z'), tz);
    order.dateModified = refund.dateCreated;
  }
}
