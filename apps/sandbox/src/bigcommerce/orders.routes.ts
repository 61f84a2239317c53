import type { SandboxRequest, SandboxResponse, SandboxRouter } from '../core';
import { jsonText } from '../core/json-text';
import { SCOPES, type createAuthGuard } from './auth.guard';
import { parseApiDate } from './dates';
import { v2Error, v2NotFound } from './errors';
import { formatUnits } from './money';
import { OrderMathError } from './order-math';
import { buildOrderRecord, link, renderOrder } from './orders.builder';
import { applyMoneyPut, parseOrderPost, parseStatusId, pickScalars, putChangesMoney, rejectReadOnly, normalizeAddress, units } from './orders.draft';
import type { BigCommerceState, Json, OrderRecord } from './state';

/** Fires webhook events (implemented by the dispatcher). */
export interface WebhookEmitter {
  emit(scope: string, data: Json): void;
}

export type OrdersDeps = {
  state: BigCommerceState;
  guard: ReturnType<typeof createAuthGuard>;
  events: WebhookEmitter;
  /** V2 API base, e.g. `http://127.0.0.1:4000/stores/mlcdemo1/v2`. */
  apiBase: () => string;
};

const V2 = '/stores/:storeHash/v2';
/** BigCommerce caps V2 `limit` at 250 (not stated in the spec, which gives no maximum). */
const MAX_LIMIT = 250;

/**
 * Registers the V2 order routes (orders.v2.oas2.yml): list/count/create/get/update/archive orders, the
 * products, shipping_addresses (also `shippingaddresses`, as the spec's links spell it), coupons,
 * taxes, fees and consignments sub-resources, and order statuses. V2 answers an empty collection with
 * 204 No Content (real-store behaviour, also documented for shipments).
 */
export function registerOrderRoutes(router: SandboxRouter, deps: OrdersDeps): void {
  const { state, guard } = deps;
  const find = (req: SandboxRequest): OrderRecord => {
    const record = state.orders.get(Number(req.params['orderId']));
    if (!record || record.isDeleted) throw v2NotFound();
    return record;
  };
  const page = (req: SandboxRequest, items: Json[]): SandboxResponse => {
    const { offset, limit } = paging(req.query);
    const slice = items.slice(offset, offset + limit);
    return slice.length === 0 ? { status: 204 } : { status: 200, body: slice };
  };

  router.add('GET', `${V2}/order_statuses`, guard(SCOPES.ordersRead, () => ({ status: 200, body: state.orderStatuses })));
  router.add('GET', `${V2}/order_statuses/:statusId`, guard(SCOPES.ordersRead, (req) => {
    const status = state.orderStatuses.find((s) => String(s['id']) === req.params['statusId']);
    if (!status) throw v2NotFound();
    return { status: 200, body: status };
  }));

  router.add('GET', `${V2}/orders`, guard(SCOPES.ordersRead, (req) => {
    const records = sortOrders(filterOrders([...state.orders.values()], req.query), req.query.get('sort'));
    const includes = includeSet(req.query);
    return page(req, records.map((r) => renderWithIncludes(r, deps.apiBase(), includes)));
  }));

  router.add('GET', `${V2}/orders/count`, guard(SCOPES.ordersRead, (req) => {
    const records = filterOrders([...state.orders.values()], req.query);
    const statuses = state.orderStatuses.map((s) => {
      const { order, ...rest } = s;
      return { ...rest, count: records.filter((r) => r.order['status_id'] === s['id']).length, sort_order: order };
    });
    return { status: 200, body: { statuses, count: records.length } };
  }));

  router.add('POST', `${V2}/orders`, guard(SCOPES.ordersWrite, (req) => {
    const draft = parseOrderPost(req.body, state.orderStatuses.map((s) => s['id'] as number));
    const now = state.nowMs();
    const id = state.nextId('order');
    const record = build(() => buildOrderRecord(state, draft, { id, createdMs: draft.dateCreatedMs ?? now, modifiedMs: now, origin: 'api', apiBase: deps.apiBase() }));
    state.orders.set(id, record);
    deps.events.emit('store/order/created', { type: 'order', id });
    return { status: 200, body: renderWithIncludes(record, deps.apiBase(), includeSet(req.query)) };
  }));

  router.add('GET', `${V2}/orders/:orderId`, guard(SCOPES.ordersRead, (req) => ({
    status: 200,
    body: renderWithIncludes(find(req), deps.apiBase(), includeSet(req.query)),
  })));

  router.add('PUT', `${V2}/orders/:orderId`, guard(SCOPES.ordersWrite, (req) => {
    const record = find(req);
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw v2Error(400, 'The request body must be a JSON object.');
    const updated = updateOrder(deps, record, body as Json);
    return { status: 200, body: renderWithIncludes(updated, deps.apiBase(), includeSet(req.query)) };
  }));

  router.add('DELETE', `${V2}/orders/:orderId`, guard(SCOPES.ordersWrite, (req) => {
    const record = find(req);
    record.isDeleted = true;
    record.modifiedMs = state.nowMs();
    deps.events.emit('store/order/archived', { type: 'order', id: record.id });
    return { status: 204 };
  }));

  router.add('GET', `${V2}/orders/:orderId/products`, guard(SCOPES.ordersRead, (req) => page(req, find(req).products)));
  router.add('GET', `${V2}/orders/:orderId/products/:productId`, guard(SCOPES.ordersRead, (req) => {
    const product = find(req).products.find((p) => String(p['id']) === req.params['productId']);
    if (!product) throw v2NotFound();
    return { status: 200, body: product };
  }));
  for (const segment of ['shipping_addresses', 'shippingaddresses']) {
    router.add('GET', `${V2}/orders/:orderId/${segment}`, guard(SCOPES.ordersRead, (req) => page(req, find(req).shippingAddresses)));
    router.add('GET', `${V2}/orders/:orderId/${segment}/:addressId`, guard(SCOPES.ordersRead, (req) => {
      const address = find(req).shippingAddresses.find((a) => String(a['id']) === req.params['addressId']);
      if (!address) throw v2NotFound();
      return { status: 200, body: address };
    }));
  }
  router.add('GET', `${V2}/orders/:orderId/coupons`, guard(SCOPES.ordersRead, (req) => page(req, find(req).coupons)));
  router.add('GET', `${V2}/orders/:orderId/taxes`, guard(SCOPES.ordersRead, (req) => {
    const taxes = find(req).taxes;
    return page(req, req.query.get('details') === 'true' ? taxes : aggregateTaxes(taxes));
  }));
  router.add('GET', `${V2}/orders/:orderId/fees`, guard(SCOPES.ordersRead, (req) => ({ status: 200, body: { fees: find(req).fees } })));
  router.add('GET', `${V2}/orders/:orderId/consignments`, guard(SCOPES.ordersRead, (req) => {
    const withItems = (req.query.get('include') ?? '').split(',').includes('consignments.line_items');
    return { status: 200, body: consignments(find(req), deps.apiBase(), withItems) };
  }));
  router.add('GET', `${V2}/orders/:orderId/shipments`, guard(SCOPES.ordersRead, (req) => {
    find(req);
    return { status: 204 };
  }));
}

function build(make: () => OrderRecord): OrderRecord {
  try {
    return make();
  } catch (err) {
    if (err instanceof OrderMathError) throw v2Error(400, err.message);
    throw err;
  }
}

/** Applies a PUT: status, scalars, billing address, and (when money fields are present) a full recompute. */
function updateOrder(deps: OrdersDeps, record: OrderRecord, body: Json): OrderRecord {
  const { state } = deps;
  rejectReadOnly(body, ['default_currency_code']);
  if (body['is_deleted'] === true) {
    record.isDeleted = true;
    record.modifiedMs = state.nowMs();
    deps.events.emit('store/order/archived', { type: 'order', id: record.id });
    return record;
  }
  const previousStatus = record.order['status_id'] as number;
  const statusId = body['status_id'] === undefined ? previousStatus : parseStatusId(body['status_id'], state.orderStatuses.map((s) => s['id'] as number));
  const scalars = pickScalars(body);
  const billing = body['billing_address'] === undefined ? undefined : { ...(record.order['billing_address'] as Json), ...normalizeAddress(body['billing_address'], 'billing_address', false) };
  if (body['customer_id'] !== undefined && (typeof body['customer_id'] !== 'number' || body['customer_id'] < 0)) throw v2Error(400, "The field 'customer_id' is invalid.");
  let next = record;
  if (putChangesMoney(body)) {
    if (!record.draft) throw v2Error(400, 'The sandbox cannot recompute the money of an order it did not compute (an official spec example).');
    const draft = applyMoneyPut(record.draft, body);
    next = build(() => buildOrderRecord(state, draft, { id: record.id, createdMs: record.createdMs, modifiedMs: record.modifiedMs, origin: record.origin, apiBase: deps.apiBase(), previous: record }));
  }
  const status = state.orderStatuses.find((s) => s['id'] === statusId);
  next.order = {
    ...next.order,
    ...scalars,
    ...(body['customer_id'] !== undefined ? { customer_id: body['customer_id'] } : {}),
    ...(billing ? { billing_address: billing } : {}),
    status_id: statusId,
    status: status?.['name'] ?? '',
    custom_status: status?.['custom_label'] ?? '',
  };
  if (next.draft) {
    next.draft = { ...next.draft, statusId, scalars: { ...next.draft.scalars, ...scalars }, ...(billing ? { billingAddress: billing } : {}) };
    if (typeof body['customer_id'] === 'number') next.draft.customerId = body['customer_id'];
  }
  next.modifiedMs = state.nowMs();
  state.orders.set(record.id, next);
  deps.events.emit('store/order/updated', { type: 'order', id: record.id });
  if (statusId !== previousStatus) {
    deps.events.emit('store/order/statusUpdated', { type: 'order', id: record.id, status: { previous_status_id: previousStatus, new_status_id: statusId } });
  }
  return next;
}

function paging(query: URLSearchParams): { offset: number; limit: number } {
  const pageNo = Math.max(1, Math.floor(Number(query.get('page') ?? '1')) || 1);
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(Number(query.get('limit') ?? '50')) || 50));
  return { offset: (pageNo - 1) * limit, limit };
}

function dateParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const ms = parseApiDate(raw);
  if (ms === undefined) throw v2Error(400, `The filter '${name}' must be an RFC-2822 or ISO-8601 date.`);
  return ms;
}

function numberParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw v2Error(400, `The filter '${name}' must be a number.`);
  return n;
}

/** Applies the V2 list filters (orders.v2.oas2.yml components/parameters). Dates compare at second precision. */
function filterOrders(records: OrderRecord[], q: URLSearchParams): OrderRecord[] {
  const minId = numberParam(q, 'min_id');
  const maxId = numberParam(q, 'max_id');
  const minTotal = q.get('min_total') === null ? undefined : units(q.get('min_total'), 'min_total');
  const maxTotal = q.get('max_total') === null ? undefined : units(q.get('max_total'), 'max_total');
  const customerId = numberParam(q, 'customer_id');
  const statusId = numberParam(q, 'status_id');
  const channelId = numberParam(q, 'channel_id');
  const email = q.get('email');
  const cartId = q.get('cart_id');
  const paymentMethod = q.get('payment_method');
  const externalOrderId = q.get('external_order_id');
  const minCreated = dateParam(q, 'min_date_created');
  const maxCreated = dateParam(q, 'max_date_created');
  const minModified = dateParam(q, 'min_date_modified');
  const maxModified = dateParam(q, 'max_date_modified');
  return records.filter((r) => {
    const o = r.order;
    const total = units(o['total_inc_tax'] ?? '0', 'total_inc_tax');
    const billing = (o['billing_address'] ?? {}) as Json;
    return (
      !r.isDeleted &&
      (minId === undefined || r.id >= minId) &&
      (maxId === undefined || r.id <= maxId) &&
      (minTotal === undefined || total >= minTotal) &&
      (maxTotal === undefined || total <= maxTotal) &&
      (customerId === undefined || o['customer_id'] === customerId) &&
      (statusId === undefined || o['status_id'] === statusId) &&
      (channelId === undefined || o['channel_id'] === channelId) &&
      (email === null || billing['email'] === email) &&
      (cartId === null || o['cart_id'] === cartId) &&
      (paymentMethod === null || o['payment_method'] === paymentMethod) &&
      (externalOrderId === null || o['external_order_id'] === externalOrderId) &&
      (minCreated === undefined || r.createdMs >= minCreated) &&
      (maxCreated === undefined || r.createdMs <= maxCreated) &&
      // The store keeps dates to the second (RFC-2822 in responses), so filters compare whole seconds, inclusive.
      (minModified === undefined || wholeSeconds(r.modifiedMs) >= wholeSeconds(minModified)) &&
      (maxModified === undefined || wholeSeconds(r.modifiedMs) <= wholeSeconds(maxModified))
    );
  });
}

const SORT_FIELDS = ['id', 'customer_id', 'date_created', 'date_modified', 'status_id', 'channel_id', 'external_id'] as const;

/** `sort=field[:asc|:desc]`; default by id ascending ("The default sort is by order id, from lowest to highest"). */
function sortOrders(records: OrderRecord[], sort: string | null): OrderRecord[] {
  const [field = 'id', direction = 'asc'] = (sort ?? 'id').split(':');
  if (!(SORT_FIELDS as readonly string[]).includes(field) || !['asc', 'desc'].includes(direction)) throw v2Error(400, `The sort '${sort ?? ''}' is invalid.`);
  const key = (r: OrderRecord): number | string =>
    field === 'id' ? r.id : field === 'date_created' ? r.createdMs : field === 'date_modified' ? r.modifiedMs : jsonText(r.order[field] ?? '').padStart(20, '0');
  const sorted = [...records].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : a.id - b.id;
  });
  return direction === 'desc' ? sorted.reverse() : sorted;
}

function includeSet(query: URLSearchParams): Set<string> {
  return new Set((query.get('include') ?? '').split(',').map((s) => s.trim()).filter(Boolean));
}

/**
 * `include=consignments` / `consignments.line_items` (with `consignment_structure=object`) embeds the
 * consignments object, `include=fees` the fee array (orders.v2.oas2.yml `order_includes`). The sandbox
 * always answers with the object structure.
 */
function renderWithIncludes(record: OrderRecord, apiBase: string, includes: Set<string>): Json {
  const out = renderOrder(record, apiBase);
  if (includes.has('consignments') || includes.has('consignments.line_items')) {
    out['consignments'] = consignments(record, apiBase, includes.has('consignments.line_items'));
  }
  if (includes.has('fees')) out['fees'] = record.fees;
  return out;
}

/** orders.v2.oas2.yml `orderConsignment_Get`: shipping per address, digital downloads, gift certificates by email. */
function consignments(record: OrderRecord, apiBase: string, withItems: boolean): Json {
  const items = (predicate: (p: Json) => boolean): unknown[] =>
    record.products.filter(predicate).map((p) => (withItems ? p : link(apiBase, `/orders/${record.id}/products/${String(p['id'])}`)));
  const billingEmail = jsonText(((record.order['billing_address'] ?? {}) as Json)['email'] ?? '');
  const num = (v: unknown): number => Number(v ?? 0);
  const shipping = record.shippingAddresses.map((a) => ({
    id: a['id'],
    first_name: a['first_name'], last_name: a['last_name'], company: a['company'], street_1: a['street_1'], street_2: a['street_2'],
    city: a['city'], zip: a['zip'], country: a['country'], country_iso2: a['country_iso2'], state: a['state'], email: a['email'],
    phone: a['phone'], form_fields: a['form_fields'] ?? [],
    line_items: items((p) => p['order_address_id'] === a['id']),
    items_total: a['items_total'], items_shipped: a['items_shipped'], shipping_method: a['shipping_method'],
    base_cost: num(a['base_cost']), cost_ex_tax: num(a['cost_ex_tax']), cost_inc_tax: num(a['cost_inc_tax']), cost_tax: num(a['cost_tax']),
    cost_tax_class_id: a['cost_tax_class_id'], base_handling_cost: num(a['base_handling_cost']), handling_cost_ex_tax: num(a['handling_cost_ex_tax']),
    handling_cost_inc_tax: num(a['handling_cost_inc_tax']), handling_cost_tax: num(a['handling_cost_tax']),
    handling_cost_tax_class_id: a['handling_cost_tax_class_id'], shipping_zone_id: a['shipping_zone_id'], shipping_zone_name: a['shipping_zone_name'],
    shipping_quotes: link(apiBase, `/orders/${record.id}/consignments/shipping/${String(a['id'])}/shipping_quotes`),
  }));
  const digital = items((p) => p['type'] === 'digital');
  const gifts = items((p) => p['type'] === 'giftcertificate');
  return {
    pickups: [],
    shipping,
    downloads: digital.length > 0 ? [{ recipient_email: billingEmail, line_items: digital }] : [],
    email: { gift_certificates: gifts.length > 0 ? [{ recipient_email: billingEmail, line_items: gifts }] : [] },
  };
}

/** Without `details=true`, one line per address and rate (no `order_product_id` / `line_item_type`). */
function aggregateTaxes(taxes: Json[]): Json[] {
  const groups = new Map<string, Json>();
  for (const t of taxes) {
    const key = `${String(t['order_address_id'])}|${String(t['rate'])}|${String(t['name'])}`;
    const { order_product_id: _p, line_item_type: _l, ...rest } = t;
    const current = groups.get(key);
    if (!current) {
      groups.set(key, { ...rest });
      continue;
    }
    const sum = units(current['line_amount'], 'line_amount') + units(t['line_amount'], 'line_amount');
    const formatted = formatUnits(sum);
    current['line_amount'] = formatted;
    current['priority_amount'] = formatted;
  }
  return [...groups.values()];
}

/** Epoch milliseconds truncated to whole seconds, the precision of BigCommerce's stored dates. */
function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
