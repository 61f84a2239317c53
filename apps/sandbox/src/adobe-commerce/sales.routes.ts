/**
 * Sales routes (Magento_Sales etc/webapi.xml): orders, invoices, credit memos, with the ACL resource of each route.
 * - `GET /V1/orders` (searchCriteria), `GET /V1/orders/:id` — Magento_Sales::actions_view
 * - `POST /V1/orders` `{entity}` — Magento_Sales::create: an entity without `entity_id` is placed as a new order from
 *   its `items[].sku|qty_ordered[|price]` (prices from the catalog otherwise), `order_currency_code`, `customer_id` or
 *   `customer_email`, `billing_address`; with the `entity_id` of an order, its `status`/`state`/`customer_note` are
 *   saved (OrderRepository::save) — both fire `sales_order_save_after`
 * - `GET /V1/invoices`, `GET /V1/invoices/:id`, `POST /V1/order/:orderId/invoice` (→ invoice id),
 *   `POST /V1/invoices/:id/capture` (pays an open invoice; InvoiceManagement::setCapture() answers `"true"`, a string in
 *   the schema) — Magento_Sales::sales_invoice
 * - `GET /V1/creditmemos`, `GET /V1/creditmemo/:id`, `POST /V1/order/:orderId/refund` (→ credit memo id) —
 *   Magento_Sales::sales_creditmemo
 * Orders render with each child item's `parent_item` (the configurable parent), as Commerce's order repository does.
 */
import { magentoDate } from './dates';
import { entityNotFound, magentoError, requiredField } from './errors';
import { placeOrder, type BuildContext, type PlaceOrderInput } from './order-builder';
import type { CommerceRestServer, RouteContext } from './rest-server';
import { reportId } from './rest-server';
import { invoiceOrder, payInvoice, refundOrder, type RefundArguments } from './sales-documents';
import { applySearchCriteria, parseSearchCriteria, UNKNOWN_FIELD } from './search-criteria';
import { clone, itemsOf, num, snakeKeys, type AdobeCommerceState, type Json, str } from './state';

export type SalesDeps = { state: AdobeCommerceState; build: () => BuildContext; nowMs: () => number };

/** Columns a filter may name even when no record has a value for them (NULL in the table). */
const NULLABLE = new Set(['customer_id', 'coupon_code', 'customer_note', 'ext_order_id', 'discount_description', 'transaction_id', 'invoice_id', 'creditmemo_status', 'customer_dob', 'customer_taxvat', 'customer_gender', 'remote_ip', 'total_paid', 'total_invoiced', 'total_refunded', 'base_total_paid', 'base_total_refunded']);

/** A column reader for a collection: a field some record of the table has (or a nullable column) is a column. */
function fieldsOf(records: readonly Json[]): (item: unknown, field: string) => unknown {
  const columns = new Set([...NULLABLE, ...records.flatMap((r) => Object.keys(r))]);
  return (item, field) => (columns.has(field) ? ((item as Json)[field] ?? null) : UNKNOWN_FIELD);
}

/** The order as answered: a copy whose child items carry `parent_item`. */
export function renderOrder(order: Json): Json {
  const out = clone(order);
  const items = itemsOf(out);
  for (const item of items) {
    const parentId = item['parent_item_id'];
    if (typeof parentId === 'number') {
      const parent = items.find((i) => i['item_id'] === parentId);
      if (parent) item['parent_item'] = clone(parent);
    }
  }
  const assignments = (out['extension_attributes'] as Json | undefined)?.['shipping_assignments'];
  if (Array.isArray(assignments)) for (const a of assignments as Json[]) a['items'] = clone(items);
  return out;
}

function orderEvent(order: Json): { eventName: string; data: Json } {
  const rendered = renderOrder(order);
  return { eventName: 'sales_order_save_after', data: { data_object: rendered, order: rendered } };
}

function intParam(ctx: RouteContext, name: string): number {
  const raw = ctx.params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw magentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.', { value: raw, type: 'int' });
  return Number(raw);
}

function itemsArg(body: Json): Array<{ order_item_id: number; qty: number }> | undefined {
  const items = body['items'];
  if (!Array.isArray(items)) return undefined;
  return (items as Json[]).map((i) => ({ order_item_id: num(i, 'order_item_id'), qty: num(i, 'qty') }));
}

function placeFromEntity(deps: SalesDeps, entity: Json): Json {
  const items = Array.isArray(entity['items']) ? (entity['items'] as Json[]) : [];
  if (items.length === 0) throw requiredField('items');
  const billing = entity['billing_address'] as Json | undefined;
  const input: PlaceOrderInput = {
    lines: items.filter((i) => i['parent_item_id'] === undefined).map((i) => ({ sku: str(i['sku'], ''), qty: num(i, 'qty_ordered') || 1, ...(i['price'] !== undefined ? { price: num(i, 'price') } : {}) })),
    ...(entity['customer_id'] !== undefined && entity['customer_id'] !== null ? { customerId: num(entity, 'customer_id') } : {}),
    ...(typeof entity['customer_email'] === 'string' ? { email: entity['customer_email'] } : {}),
    ...(typeof entity['order_currency_code'] === 'string' ? { currency: entity['order_currency_code'] } : {}),
    ...(entity['shipping_amount'] !== undefined ? { shippingAmount: num(entity, 'shipping_amount') } : {}),
    ...(billing
      ? { address: { firstname: str(billing['firstname'], ''), lastname: str(billing['lastname'], ''), street: (billing['street'] as string[] | undefined) ?? [], city: str(billing['city'], ''), postcode: str(billing['postcode'], ''), country_id: str(billing['country_id'], 'NO'), telephone: str(billing['telephone'], '') } }
      : {}),
  };
  return placeOrder(deps.build(), input);
}

export function registerSalesRoutes(rest: CommerceRestServer, deps: SalesDeps): void {
  const { state } = deps;
  const VIEW = ['Magento_Sales::actions_view'];
  const INVOICE = ['Magento_Sales::sales_invoice'];
  const CREDITMEMO = ['Magento_Sales::sales_creditmemo'];
  const list = (records: Map<number, Json>, ctx: RouteContext, render: (r: Json) => Json) => {
    const all = [...records.values()];
    const result = applySearchCriteria(all, parseSearchCriteria(ctx.req.query), fieldsOf(all), reportId);
    return { ...result, items: result.items.map(render) };
  };
  rest
    .add('GET', '/V1/orders', VIEW, (ctx) => list(state.orders, ctx, renderOrder))
    .add('GET', '/V1/orders/:id', VIEW, (ctx) => {
      const order = state.orders.get(intParam(ctx, 'id'));
      if (!order) throw entityNotFound();
      return renderOrder(order);
    })
    .add('POST', '/V1/orders', ['Magento_Sales::create'], (ctx) => {
      const entity = snakeKeys((ctx.body as Json | undefined)?.['entity']) as Json | undefined;
      if (!entity || typeof entity !== 'object') throw requiredField('entity');
      let order: Json;
      const existing = entity['entity_id'] !== undefined ? state.orders.get(num(entity, 'entity_id')) : undefined;
      if (entity['entity_id'] !== undefined && !existing) throw entityNotFound();
      if (existing) {
        for (const field of ['status', 'state', 'customer_note', 'customer_note_notify', 'email_sent']) if (entity[field] !== undefined) existing[field] = entity[field];
        existing['updated_at'] = magentoDate(deps.nowMs());
        order = existing;
      } else order = placeFromEntity(deps, entity);
      ctx.saved(orderEvent(order));
      return renderOrder(order);
    })
    .add('GET', '/V1/invoices', INVOICE, (ctx) => list(state.invoices, ctx, clone))
    .add('GET', '/V1/invoices/:id', INVOICE, (ctx) => {
      const invoice = state.invoices.get(intParam(ctx, 'id'));
      if (!invoice) throw entityNotFound();
      return clone(invoice);
    })
    .add('POST', '/V1/order/:orderId/invoice', INVOICE, (ctx) => {
      const body = (snakeKeys(ctx.body ?? {}) as Json) ?? {};
      const items = itemsArg(body);
      const invoice = invoiceOrder(state, intParam(ctx, 'orderId'), { capture: body['capture'] === true, ...(items ? { items } : {}) }, deps.nowMs());
      ctx.saved({ eventName: 'sales_order_invoice_save_after', data: { data_object: clone(invoice), invoice: clone(invoice) } });
      const order = state.orders.get(num(invoice, 'order_id'));
      if (order) ctx.saved(orderEvent(order));
      return invoice['entity_id'];
    })
    .add('POST', '/V1/invoices/:id/capture', INVOICE, (ctx) => {
      const invoice = state.invoices.get(intParam(ctx, 'id'));
      if (!invoice) throw entityNotFound();
      if (invoice['state'] !== 1) throw magentoError(400, 'The invoice can\'t be captured.');
      const order = state.orders.get(num(invoice, 'order_id'));
      if (!order) throw entityNotFound();
      payInvoice(order, invoice);
      invoice['updated_at'] = magentoDate(deps.nowMs());
      order['updated_at'] = invoice['updated_at'];
      ctx.saved({ eventName: 'sales_order_invoice_save_after', data: { data_object: clone(invoice), invoice: clone(invoice) } });
      ctx.saved(orderEvent(order));
      return 'true';
    })
    .add('GET', '/V1/creditmemos', CREDITMEMO, (ctx) => list(state.creditmemos, ctx, clone))
    .add('GET', '/V1/creditmemo/:id', CREDITMEMO, (ctx) => {
      const memo = state.creditmemos.get(intParam(ctx, 'id'));
      if (!memo) throw entityNotFound();
      return clone(memo);
    })
    .add('POST', '/V1/order/:orderId/refund', CREDITMEMO, (ctx) => {
      const body = (snakeKeys(ctx.body ?? {}) as Json) ?? {};
      const items = itemsArg(body);
      const args = body['arguments'] as Json | undefined;
      const refundArgs: RefundArguments = {
        ...(args?.['shipping_amount'] !== undefined ? { shipping_amount: num(args, 'shipping_amount') } : {}),
        ...(args?.['adjustment_positive'] !== undefined ? { adjustment_positive: num(args, 'adjustment_positive') } : {}),
        ...(args?.['adjustment_negative'] !== undefined ? { adjustment_negative: num(args, 'adjustment_negative') } : {}),
      };
      const memo = refundOrder(state, intParam(ctx, 'orderId'), { ...(items ? { items } : {}), arguments: refundArgs }, deps.nowMs());
      ctx.saved({ eventName: 'sales_order_creditmemo_save_after', data: { data_object: clone(memo), creditmemo: clone(memo) } });
      const order = state.orders.get(num(memo, 'order_id'));
      if (order) ctx.saved(orderEvent(order));
      return memo['entity_id'];
    });
}

export { orderEvent };
