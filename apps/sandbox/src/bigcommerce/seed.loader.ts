import { jsonText } from '../core/json-text';
import { parseApiDate, toIsoSeconds } from './dates';
import { parseUnits, toCentsNumber } from './money';
import { buildOrderRecord } from './orders.builder';
import { parseOrderPost } from './orders.draft';
import { newCustomer } from './customers.routes';
import { DEMO_CUSTOMERS, DEMO_ORDERS } from './seed.demo';
import type { BigCommerceState, Json, OrderRecord } from './state';
import specCustomers from './seed/customers.v3.CustomerCollectionResponse.example-1.json';
import specOrderCollection from './seed/orders.v2.orderCollection_Resp.response.json';
import specOrderMultipleItems from './seed/orders.v2.order_Resp.Multiple-Items.json';
import specOrderResponse from './seed/orders.v2.order_Resp.Response.json';
import specOrderStatuses from './seed/orders.v2.orderStatusCollection_Resp.response.json';

/** Seeded records get this creation time when the source has none (the spec customer). */
const SPEC_CUSTOMER_CREATED = '2025-05-01T08:00:00Z';

/**
 * Fills the state. Order statuses (the spec's `orderStatusCollection_Resp` example) are always loaded:
 * they are store configuration. With `seed`, also: the official example orders 100, 218 and 247
 * (orders.v2.oas2.yml `orderCollection_Resp` / `order_Resp` examples, served as given — they have no
 * products or addresses behind them, because the spec's sub-resource examples belong to other order
 * ids), the official customer example (customers.v3.yml `CustomerCollectionResponse`, given id 1 and
 * dates since the example has none), then OUR demo customers 2-4 and orders 301-304 (seed.demo.ts),
 * computed by the same code as API orders, each with a captured purchase transaction.
 */
export function loadSeed(state: BigCommerceState, apiBase: string, seed: boolean): void {
  state.orderStatuses = (specOrderStatuses as Json[]).map((s) => ({ ...s }));
  state.seedSequence('hook', 25_000_000);
  state.seedSequence('transaction', 1_000);
  if (!seed) return;

  const specOrders = [...(specOrderCollection as Json[]), specOrderResponse as Json, specOrderMultipleItems as Json];
  for (const example of specOrders) {
    const record = specExampleOrder(structuredClone(example));
    state.orders.set(record.id, record);
    state.observeId('order', record.id);
  }

  const created = parseApiDate(SPEC_CUSTOMER_CREATED) ?? 0;
  for (const example of (specCustomers as { data: Json[] }).data) {
    const id = state.nextId('customer');
    const customer = structuredClone(example);
    const addresses = Array.isArray(customer['addresses']) ? (customer['addresses'] as Json[]) : [];
    addresses.forEach((a) => state.observeId('address', Number(a['id'] ?? 0)));
    state.customers.set(id, {
      id,
      customer: { ...customer, id, address_count: addresses.length, attribute_count: 0, date_created: toIsoSeconds(new Date(created)) },
      createdMs: created,
      modifiedMs: created,
      origin: 'spec-example',
    });
  }

  for (const demo of DEMO_CUSTOMERS) {
    state.observeId('customer', demo.id - 1);
    const id = state.nextId('customer');
    const ms = parseApiDate(demo.dateCreated) ?? 0;
    state.customers.set(id, { id, customer: newCustomer(state, id, demo.body), createdMs: ms, modifiedMs: ms, origin: 'demo' });
  }

  const statusIds = state.orderStatuses.map((s) => s['id'] as number);
  for (const demo of DEMO_ORDERS) {
    const draft = parseOrderPost(demo.body, statusIds);
    draft.paymentStatus = demo.paymentStatus;
    if (demo.giftCertificateAmount) draft.giftCertificateAmount = parseUnits(demo.giftCertificateAmount, 'gift_certificate_amount');
    const record = buildOrderRecord(state, draft, {
      id: demo.id,
      createdMs: parseApiDate(demo.dateCreated) ?? 0,
      modifiedMs: parseApiDate(demo.dateModified) ?? 0,
      origin: 'demo',
      apiBase,
    });
    state.orders.set(demo.id, record);
    state.observeId('order', demo.id);
    state.transactions.push(purchaseTransaction(state, record));
  }
}

function specExampleOrder(example: Json): OrderRecord {
  const id = Number(example['id']);
  const createdMs = parseApiDate(jsonText(example['date_created'] ?? '')) ?? 0;
  const modifiedMs = parseApiDate(jsonText(example['date_modified'] ?? '')) ?? createdMs;
  return { id, order: example, products: [], shippingAddresses: [], coupons: [], taxes: [], fees: Array.isArray(example['fees']) ? (example['fees'] as Json[]) : [], createdMs, modifiedMs, origin: 'spec-example', isDeleted: false };
}

/** A captured card purchase for a demo order (orders.v3.yml `Transaction`). Amount excludes any gift-certificate part. */
function purchaseTransaction(state: BigCommerceState, record: OrderRecord): Json & { id: number; order_id: string } {
  const total = parseUnits(record.order['total_inc_tax'], 'total_inc_tax') - parseUnits(record.order['gift_certificate_amount'], 'gift_certificate_amount');
  return {
    id: state.nextId('transaction'),
    order_id: String(record.id),
    event: 'purchase',
    method: 'credit_card',
    amount: toCentsNumber(total),
    currency: String(record.order['currency_code']),
    gateway: 'testgateway',
    gateway_transaction_id: String(record.order['payment_provider_id']),
    date_created: toIsoSeconds(new Date(record.createdMs)),
    test: true,
    status: 'ok',
    fraud_review: false,
    offline: null,
    custom: null,
    payment_method_id: 'testgateway',
    payment_instrument_token: null,
    credit_card: { card_type: 'visa', card_iin: '411111', card_last4: '1111', card_expiry_month: 12, card_expiry_year: 2030 },
    gift_certificate: null,
    store_credit: null,
    custom_provider_field_result: null,
  };
}
