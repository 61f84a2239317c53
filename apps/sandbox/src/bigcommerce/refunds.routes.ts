import { SandboxHttpError, type SandboxRequest, type SandboxRouter } from '../core';
import { jsonText } from '../core/json-text';
import { SCOPES, type createAuthGuard } from './auth.guard';
import { BIGCOMMERCE_STATUS_CODES_URL } from './demo.constants';
import { parseApiDate, toIsoSeconds } from './dates';
import { v3Error } from './errors';
import { formatUnits, InvalidAmountError, mulDiv, parseUnits, roundToCents, toCentsNumber } from './money';
import type { WebhookEmitter } from './orders.routes';
import type { BigCommerceState, Json, OrderRecord, RefundRecord, TransactionRecord } from './state';

export type RefundsDeps = { state: BigCommerceState; guard: ReturnType<typeof createAuthGuard>; events: WebhookEmitter };

const V3 = '/stores/:storeHash/v3';

type QuoteLine = { item: Json; amount: number; tax: number; productIndex?: number; quantity?: number };
type Quote = { lines: QuoteLine[]; total: number; tax: number; orderLevel: number };
type PaymentOption = { provider_id: string; provider_description: string; offline: boolean; offline_provider: boolean; offline_reason: string };

/** 422 in the refund endpoint's own shape `{data: [ErrorResponse]}` (orders.v3.yml createOrderRefund 422). */
function refund422(title: string): SandboxHttpError {
  return new SandboxHttpError(422, { data: [{ status: 422, title, type: BIGCOMMERCE_STATUS_CODES_URL }] });
}

const u = (value: unknown, field: string): number => {
  try {
    return parseUnits(value ?? '0', field);
  } catch (err) {
    if (err instanceof InvalidAmountError) throw refund422(`The field '${field}' must be a non-negative amount.`);
    throw err;
  }
};

/**
 * Registers the V3 refund and transaction routes (orders.v3.yml): refund quotes, refunds per order and
 * store-wide, one refund by id, and order transactions. A refund updates the order (`refunded_amount`,
 * `payment_status`, status 14 Partially Refunded / 4 Refunded, product `quantity_refunded`), records one
 * `refund` transaction per payment, and fires `store/order/refund/created` (+ updated/statusUpdated).
 * Amounts: product lines refund their `discounted_total_inc_tax` share per unit; SHIPPING / HANDLING /
 * FEE / ORDER take the requested amount (ORDER without tax, as "tax is not re-calculated"); totals are
 * rounded half-up to 2 decimals, and payments must add up to that total (else 422).
 * Not simulated: GIFT_WRAPPING items, `tax_adjustment_amount`, capture/void, batch endpoints.
 */
export function registerRefundRoutes(router: SandboxRouter, deps: RefundsDeps): void {
  const { state, guard } = deps;
  const findOrder = (req: SandboxRequest): OrderRecord => {
    const record = state.orders.get(Number(req.params['orderId']));
    if (!record || record.isDeleted) throw v3Error(404, `Order with id ${req.params['orderId'] ?? ''} not found`);
    return record;
  };

  router.add('POST', `${V3}/orders/:orderId/payment_actions/refund_quotes`, guard(SCOPES.refundsWrite, (req) => {
    const record = findOrder(req);
    const quote = computeQuote(record, itemsOf(req.body));
    const rounded = roundToCents(quote.total);
    return {
      status: 201,
      body: {
        data: {
          order_id: record.id,
          total_refund_amount: toCentsNumber(rounded),
          total_refund_tax_amount: toCentsNumber(quote.tax),
          order_level_refund_amount: toCentsNumber(quote.orderLevel),
          rounding: Number(formatUnits(rounded - quote.total)),
          adjustment: 0,
          tax_inclusive: true,
          refund_methods: paymentOptions(record).map((o) => [{ ...o, amount: toCentsNumber(rounded) }]),
        },
        meta: {},
      },
    };
  }));

  router.add('POST', `${V3}/orders/:orderId/payment_actions/refunds`, guard(SCOPES.refundsWrite, (req) => {
    const record = findOrder(req);
    const body = (req.body ?? {}) as Json;
    const quote = computeQuote(record, itemsOf(body));
    const override = body['merchant_calculated_override'] as Json | undefined;
    const total = override ? roundToCents(u(override['total_amount'], 'merchant_calculated_override.total_amount')) : roundToCents(quote.total);
    const tax = override ? u(override['total_tax'], 'merchant_calculated_override.total_tax') : roundToCents(quote.tax);
    if (!Array.isArray(body['payments']) || body['payments'].length === 0) throw refund422('payments is required.');
    const options = paymentOptions(record);
    const payments = (body['payments'] as Json[]).map((p, i) => {
      const option = options.find((o) => o.provider_id === p['provider_id']);
      if (p['provider_id'] === 'storecredit' && record.order['customer_id'] === 0) throw refund422('Unable to provide store credit for a guest customer.');
      if (!option) throw refund422(`payments[${i}].provider_id '${String(p['provider_id'])}' is not a refund method of this order.`);
      return { option, amount: roundToCents(u(p['amount'], `payments[${i}].amount`)), offline: p['offline'] === true || option.offline };
    });
    const paid = payments.reduce((a, p) => a + p.amount, 0);
    if (paid !== total) throw refund422(`The payments add up to ${formatUnits(paid)} but the refund total is ${formatUnits(total)}.`);
    const remaining = u(record.order['total_inc_tax'], 'total_inc_tax') - u(record.order['refunded_amount'], 'refunded_amount');
    if (total > remaining) throw refund422(`The refund total ${formatUnits(total)} exceeds the refundable amount ${formatUnits(remaining)}.`);

    const now = state.nowMs();
    const refundId = state.nextId('refund');
    const currency = jsonText(record.order['currency_code'] ?? record.order['default_currency_code'] ?? 'USD');
    const refundPayments = payments.map((p) => {
      const transaction = refundTransaction(state, record, p.option, p.amount, p.offline, currency, now);
      state.transactions.push(transaction);
      return { id: state.nextId('refundPayment'), provider_id: p.option.provider_id, amount: toCentsNumber(p.amount), offline: p.offline, is_declined: false, declined_message: '', transaction_id: String(transaction.id) };
    });
    const reason = quote.lines.map((l) => l.item['reason']).find((r) => typeof r === 'string') ?? '';
    const refund: RefundRecord = {
      id: refundId,
      order_id: record.id,
      user_id: 0,
      created: toIsoSeconds(new Date(now)).replace('Z', '+00:00'),
      reason,
      total_amount: toCentsNumber(total),
      total_tax: toCentsNumber(tax),
      uses_merchant_override_values: Boolean(override),
      items: quote.lines.map((l) => ({
        item_type: l.item['item_type'],
        item_id: l.item['item_id'],
        ...(typeof l.item['reason'] === 'string' ? { reason: l.item['reason'] } : {}),
        ...(l.quantity !== undefined ? { quantity: l.quantity } : {}),
        requested_amount: toCentsNumber(l.amount),
      })),
      payments: refundPayments,
    };
    state.refunds.push(refund);
    applyToOrder(deps, record, quote, total, now, refundId);
    return { status: 201, body: { data: refund, meta: {} } };
  }));

  router.add('GET', `${V3}/orders/:orderId/payment_actions/refunds`, guard(SCOPES.refundsRead, (req) => {
    const record = findOrder(req);
    const tx = req.query.get('transaction_id');
    const refunds = state.refunds.filter((r) => r.order_id === record.id && (tx === null || hasTransaction(r, tx)));
    return { status: 200, body: { data: refunds, meta: {} } };
  }));

  router.add('GET', `${V3}/orders/payment_actions/refunds`, guard(SCOPES.refundsRead, (req) => {
    const q = req.query;
    const orderIds = q.get('order_id:in')?.split(',').map(Number);
    const ids = q.get('id:in')?.split(',').map(Number);
    const min = q.get('created:min') === null ? undefined : parseApiDate(q.get('created:min') ?? '');
    const max = q.get('created:max') === null ? undefined : parseApiDate(q.get('created:max') ?? '');
    const tx = q.get('transaction_id');
    const filtered = state.refunds.filter((r) => {
      const created = parseApiDate(String(r['created'])) ?? 0;
      return (!orderIds || orderIds.includes(r.order_id)) && (!ids || ids.includes(r.id)) && (min === undefined || created >= min) && (max === undefined || created <= max) && (tx === null || hasTransaction(r, tx));
    });
    const pageNo = Math.max(1, Number(q.get('page') ?? '1') || 1);
    const limit = Math.max(1, Number(q.get('limit') ?? '50') || 50);
    return { status: 200, body: { data: filtered.slice((pageNo - 1) * limit, pageNo * limit), meta: {} } };
  }));

  router.add('GET', `${V3}/orders/payment_actions/refunds/:refundId`, guard(SCOPES.refundsRead, (req) => {
    const refund = state.refunds.find((r) => String(r.id) === req.params['refundId']);
    if (!refund) throw v3Error(404, `Refund with id ${req.params['refundId'] ?? ''} not found`);
    return { status: 200, body: { data: refund, meta: {} } };
  }));

  router.add('GET', `${V3}/orders/:orderId/transactions`, guard(SCOPES.transactionsRead, (req) => {
    const record = findOrder(req);
    const data = state.transactions.filter((t) => t.order_id === String(record.id));
    if (data.length === 0) return { status: 204 };
    const pagination = { total: data.length, count: data.length, per_page: 50, current_page: 1, total_pages: 1, links: { current: '?page=1&limit=50' } };
    return { status: 200, body: { data, meta: { pagination } } };
  }));
}

function hasTransaction(refund: RefundRecord, transactionId: string): boolean {
  return Array.isArray(refund['payments']) && (refund['payments'] as Json[]).some((p) => p['transaction_id'] === transactionId);
}

function itemsOf(body: unknown): Json[] {
  const items = typeof body === 'object' && body !== null ? (body as Json)['items'] : undefined;
  if (!Array.isArray(items) || items.length === 0) {
    if (typeof body === 'object' && body !== null && (body as Json)['tax_adjustment_amount'] !== undefined) {
      throw refund422('The sandbox does not simulate tax_adjustment_amount refunds.');
    }
    throw refund422('items is required.');
  }
  return items as Json[];
}

/** Prices every requested item against what is still refundable on the order. */
function computeQuote(record: OrderRecord, items: Json[]): Quote {
  const lines: QuoteLine[] = items.map((item, i) => {
    const type = item['item_type'];
    if (type === 'PRODUCT') {
      const index = record.products.findIndex((p) => p['id'] === item['item_id']);
      const product = record.products[index];
      if (!product) throw refund422(`items[${i}]: order product ${String(item['item_id'])} does not exist.`);
      const quantity = item['quantity'];
      const left = Number(product['quantity']) - Number(product['quantity_refunded'] ?? 0);
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > left) {
        throw refund422(`items[${i}]: quantity must be between 1 and ${left}.`);
      }
      const lineInc = u(product['discounted_total_inc_tax'] ?? product['total_inc_tax'], 'discounted_total_inc_tax');
      const lineTax = u(product['total_tax'], 'total_tax');
      const lineTotalInc = u(product['total_inc_tax'], 'total_inc_tax');
      const amount = mulDiv(lineInc, quantity, Number(product['quantity']));
      return { item, amount, tax: lineTotalInc === 0 ? 0 : mulDiv(amount, lineTax, lineTotalInc), productIndex: index, quantity };
    }
    if (type === 'SHIPPING' || type === 'HANDLING') {
      const address = record.shippingAddresses.find((a) => a['id'] === item['item_id']);
      if (!address) throw refund422(`items[${i}]: order address ${String(item['item_id'])} does not exist.`);
      const prefix = type === 'SHIPPING' ? 'cost' : 'handling_cost';
      const inc = u(address[`${prefix}_inc_tax`], `${prefix}_inc_tax`);
      const amount = u(item['amount'], `items[${i}].amount`);
      if (amount > inc) throw refund422(`items[${i}]: amount exceeds the ${type.toLowerCase()} cost ${formatUnits(inc)}.`);
      return { item, amount, tax: inc === 0 ? 0 : mulDiv(amount, u(address[`${prefix}_tax`], `${prefix}_tax`), inc) };
    }
    if (type === 'FEE') {
      const fee = record.fees.find((f) => f['id'] === item['item_id']);
      if (!fee) throw refund422(`items[${i}]: fee ${String(item['item_id'])} does not exist.`);
      const inc = u(fee['cost_inc_tax'], 'cost_inc_tax');
      const amount = u(item['amount'], `items[${i}].amount`);
      if (amount > inc) throw refund422(`items[${i}]: amount exceeds the fee ${formatUnits(inc)}.`);
      return { item, amount, tax: inc === 0 ? 0 : mulDiv(amount, u(fee['cost_tax'], 'cost_tax'), inc) };
    }
    if (type === 'ORDER') return { item, amount: u(item['amount'], `items[${i}].amount`), tax: 0 };
    throw refund422(`items[${i}]: item_type ${String(type)} is not supported by the sandbox.`);
  });
  return {
    lines,
    total: lines.reduce((a, l) => a + l.amount, 0),
    tax: lines.reduce((a, l) => a + l.tax, 0),
    orderLevel: lines.filter((l) => l.item['item_type'] === 'ORDER').reduce((a, l) => a + l.amount, 0),
  };
}

/** Refund methods: the order's gateway (when it has one), store credit for registered customers, custom (offline). */
function paymentOptions(record: OrderRecord): PaymentOption[] {
  const options: PaymentOption[] = [];
  const gateway = jsonText(record.order['payment_provider_id'] ?? '') === '' ? undefined : gatewayOf(record);
  if (gateway) options.push({ provider_id: gateway, provider_description: String(record.order['payment_method']), offline: false, offline_provider: false, offline_reason: '' });
  if (record.order['customer_id'] !== 0) options.push({ provider_id: 'storecredit', provider_description: 'Store Credit', offline: false, offline_provider: false, offline_reason: '' });
  options.push({ provider_id: 'custom', provider_description: 'Custom', offline: true, offline_provider: true, offline_reason: 'This is an offline payment provider.' });
  return options;
}

function gatewayOf(record: OrderRecord): string | undefined {
  const purchase = record.order['payment_method'] === 'Test Payment Gateway' ? 'testgateway' : undefined;
  return purchase;
}

function refundTransaction(state: BigCommerceState, record: OrderRecord, option: PaymentOption, amount: number, offline: boolean, currency: string, now: number): TransactionRecord {
  const storeCredit = option.provider_id === 'storecredit';
  const gateway = storeCredit ? 'storecredit' : option.provider_id === 'custom' ? 'custom' : option.provider_id;
  const purchase = state.transactions.find((t) => t.order_id === String(record.id) && t['event'] === 'purchase');
  return {
    id: state.nextId('transaction'),
    order_id: String(record.id),
    event: 'refund',
    method: storeCredit ? 'store_credit' : offline ? 'custom' : 'credit_card',
    amount: toCentsNumber(amount),
    currency,
    gateway,
    gateway_transaction_id: '',
    date_created: toIsoSeconds(new Date(now)),
    test: true,
    status: 'ok',
    fraud_review: false,
    ...(purchase ? { reference_transaction_id: purchase.id } : {}),
    offline: null,
    custom: gateway === 'custom' ? { payment_method: 'Custom' } : null,
    payment_method_id: gateway,
    payment_instrument_token: null,
    gift_certificate: null,
    store_credit: storeCredit ? { remaining_balance: toCentsNumber(amount) } : null,
    custom_provider_field_result: null,
  };
}

function applyToOrder(deps: RefundsDeps, record: OrderRecord, quote: Quote, total: number, now: number, refundId: number): void {
  const refunded = u(record.order['refunded_amount'], 'refunded_amount') + total;
  const fullyRefunded = refunded >= u(record.order['total_inc_tax'], 'total_inc_tax');
  const previousStatus = record.order['status_id'] as number;
  const statusId = fullyRefunded ? 4 : 14;
  const status = deps.state.orderStatuses.find((s) => s['id'] === statusId);
  for (const line of quote.lines) {
    if (line.productIndex === undefined || line.quantity === undefined) continue;
    const product = record.products[line.productIndex];
    if (!product) continue;
    const quantityRefunded = Number(product['quantity_refunded'] ?? 0) + line.quantity;
    record.products[line.productIndex] = { ...product, quantity_refunded: quantityRefunded, is_refunded: quantityRefunded >= Number(product['quantity']) };
  }
  record.order = {
    ...record.order,
    refunded_amount: formatUnits(refunded),
    payment_status: fullyRefunded ? 'refunded' : 'partially refunded',
    status_id: statusId,
    status: status?.['name'] ?? '',
    custom_status: status?.['custom_label'] ?? '',
  };
  if (record.draft) record.draft = { ...record.draft, statusId };
  record.modifiedMs = now;
  deps.events.emit('store/order/refund/created', { type: 'order', id: record.id, refund: { refund_id: refundId } });
  deps.events.emit('store/order/updated', { type: 'order', id: record.id });
  if (statusId !== previousStatus) {
    deps.events.emit('store/order/statusUpdated', { type: 'order', id: record.id, status: { previous_status_id: previousStatus, new_status_id: statusId } });
  }
}
