/**
 * `/wc/v3/orders/{order_id}/refunds[/{id}]` (WC_REST_Order_Refunds_Controller v3 @ 0379e4ee over the v2 controller;
 * RestApiUtil::adjust_create_refund_request_parameters()):
 * - POST: `reason` empty → null; `api_refund` and `api_restock` default to true (non-booleans too); `line_items`
 *   `[{id, quantity, refund_total, refund_tax: [{id, refund_total}]}]` are converted to the internal
 *   `{item id: {qty, refund_total, refund_tax: {rate id: amount}}}`; a missing `amount` is the sum of the lines'
 *   refund_total and refund_tax when all are numeric. Then wc_create_refund() (order-service.ts). Failures keep
 *   WooCommerce's odd error data: an unknown order is `woocommerce_rest_invalid_order_id` with data 404, a negative
 *   amount `woocommerce_rest_invalid_order_refund` with data 400 and a wc_create_refund() failure
 *   `woocommerce_rest_cannot_create_order_refund` with data 500 — all three answer HTTP 500, because WordPress only
 *   takes the status from an array. The 201's Location header keeps the route's `(?P<order_id>[\d]+)` pattern, as
 *   create_item() builds it from rest_base;
 * - GET list: the order's refunds, newest first, paged (an unknown order simply has none);
 * - GET one / DELETE: an unknown id is 404 `woocommerce_rest_shop_order_refund_invalid_id`; a refund of another order
 *   is `woocommerce_rest_invalid_order_refund_id` (data 404, HTTP 500). DELETE needs `force` (default true; false is
 *   501 "The shop_order_refund does not support trashing.") and fires `woocommerce_delete_order_refund` for the
 *   parent (order.updated), without moving the parent's date_modified.
 */
import { renderRefund } from './order-render';
import { RefundFailure, type OrderService } from './order-service';
import { formatTrimmed, isNumeric, parseAmountMicro } from './money';
import { renderContext } from './orders.routes';
import { pageOf, pagingHeaders } from './paging';
import type { RestContext, WordPressRestServer } from './rest-server';
import { COLLECTION_ARGS, REFUND_CREATE_ARGS } from './route-args';
import type { Json, RefundRecord, WooCommerceState } from './state';
import { WpRestError, wpError } from './wp-json';
import { phpString } from './wp-schema';

export type RefundRoutesDeps = { state: WooCommerceState; orders: OrderService; decimals: number };

const BASE = '/wc/v3/orders/(?<order_id>\\d+)/refunds';

/** Registers the refund routes. */
export function registerRefundRoutes(rest: WordPressRestServer, deps: RefundRoutesDeps): void {
  const { state, orders } = deps;

  rest.add({
    pattern: BASE,
    method: 'GET',
    args: { ...COLLECTION_ARGS, dp: { type: 'integer' } },
    permission: 'list',
    handler: (ctx) => {
      const orderId = Number(ctx.param('order_id'));
      const page = Number(ctx.param('page'));
      const perPage = Number(ctx.param('per_page'));
      const all = ctx.param('order') === 'asc' ? [...state.refundsOf(orderId)].reverse() : state.refundsOf(orderId);
      const slice = pageOf(all, page, perPage, ctx.isset('offset') ? Number(ctx.param('offset')) : undefined);
      const render = renderContext(ctx, deps.decimals);
      return { body: slice.map((r) => renderRefund(r, render)), headers: pagingHeaders(ctx, `/wc/v3/orders/${orderId}/refunds`, page, all.length, Math.ceil(all.length / perPage)) };
    },
  });

  rest.add({
    pattern: BASE,
    method: 'POST',
    args: REFUND_CREATE_ARGS,
    permission: 'create',
    handler: (ctx) => {
      const order = state.orders.get(Number(ctx.param('order_id')));
      const lineItems = internalLineItems(ctx.param('line_items'));
      let amount = ctx.param('amount');
      if (amount === undefined || amount === null) amount = amountFromLines(lineItems);
      if (!order) throw new WpRestError('woocommerce_rest_invalid_order_id', 'Invalid order ID.', 404);
      if (amount !== undefined && isNumeric(amount) && Number(amount) < 0) throw new WpRestError('woocommerce_rest_invalid_order_refund', 'Refund amount must be greater than zero.', 400);
      const reason = ctx.param('reason');
      const apiRefund = ctx.param('api_refund');
      let refund: RefundRecord;
      try {
        refund = orders.refund(
          order,
          {
            amount: parseAmountMicro(amount ?? 0),
            reason: typeof reason === 'string' && reason !== '' && reason !== '0' ? reason : null,
            lineItems,
            refundPayment: typeof apiRefund === 'boolean' ? apiRefund : true,
            refundedBy: ctx.key.userId,
          },
          ctx.fire,
        );
      } catch (err) {
        if (err instanceof RefundFailure) throw new WpRestError('woocommerce_rest_cannot_create_order_refund', err.message, 500);
        throw err;
      }
      if (Array.isArray(ctx.param('meta_data'))) {
        for (const meta of ctx.param('meta_data') as Json[]) refund.metaData.push({ id: state.nextId('itemMeta'), key: phpString(meta['key']), value: meta['value'] ?? null });
      }
      return {
        status: 201,
        body: renderRefund(refund, renderContext(ctx, deps.decimals)),
        headers: { location: ctx.restUrl(`/wc/v3/orders/(?P<order_id>[\\d]+)/refunds/${refund.id}`) },
      };
    },
  });

  const findRefund = (ctx: RestContext): RefundRecord => {
    const refund = state.refunds.get(Number(ctx.param('id')));
    if (!refund) throw wpError('woocommerce_rest_shop_order_refund_invalid_id', 'Invalid ID.', 404);
    if (!state.orders.has(Number(ctx.param('order_id')))) throw new WpRestError('woocommerce_rest_invalid_order_id', 'Invalid order ID.', 404);
    if (refund.parentId !== Number(ctx.param('order_id'))) throw new WpRestError('woocommerce_rest_invalid_order_refund_id', 'Invalid order refund ID.', 404);
    return refund;
  };

  rest.add({
    pattern: `${BASE}/(?<id>\\d+)`,
    method: 'GET',
    args: { context: { type: 'string', enum: ['view', 'edit'], default: 'view' } },
    permission: 'view',
    handler: (ctx) => ({ body: renderRefund(findRefund(ctx), renderContext(ctx, deps.decimals)) }),
  });

  rest.add({
    pattern: `${BASE}/(?<id>\\d+)`,
    method: 'DELETE',
    args: { force: { type: 'boolean', default: true } },
    permission: 'delete',
    handler: (ctx) => {
      if (!state.refunds.has(Number(ctx.param('id')))) throw wpError('woocommerce_rest_shop_order_refund_invalid_id', 'Invalid ID.', 404);
      if (ctx.param('force') !== true) throw wpError('woocommerce_rest_trash_not_supported', 'The shop_order_refund does not support trashing.', 501);
      const refund = findRefund(ctx);
      const body = renderRefund(refund, renderContext(ctx, deps.decimals));
      state.refunds.delete(refund.id);
      ctx.fire('woocommerce_delete_order_refund', refund.parentId);
      return { body };
    },
  });
}

/** adjust_line_items_for_create_refund_request(): a list of `{id, …}` becomes a map keyed by item id. */
function internalLineItems(value: unknown): Map<number, Json> {
  const out = new Map<number, Json>();
  if (typeof value !== 'object' || value === null) return out;
  const list = Array.isArray(value) ? (value as unknown[]) : Object.entries(value as Json).map(([id, v]) => ({ ...(v as Json), id }));
  for (const raw of list) {
    if (typeof raw !== 'object' || raw === null) continue;
    const item = { ...(raw as Json) };
    if (item['id'] === undefined) continue;
    if (item['quantity'] !== undefined && item['qty'] === undefined) item['qty'] = item['quantity'];
    const taxes = item['refund_tax'];
    if (Array.isArray(taxes)) {
      const map: Json = {};
      for (const t of taxes as Json[]) if (t && t['id'] !== undefined && t['refund_total'] !== undefined) map[phpString(t['id'])] = t['refund_total'];
      item['refund_tax'] = map;
    }
    out.set(Number(item['id']), item);
  }
  return out;
}

/** calculate_refund_amount_from_line_items(): Σ refund_total + Σ refund_tax, or undefined if any is not numeric. */
function amountFromLines(lines: Map<number, Json>): string | undefined {
  if (lines.size === 0) return undefined;
  let micro = 0;
  for (const line of lines.values()) {
    if (!isNumeric(line['refund_total'])) return undefined;
    micro += parseAmountMicro(line['refund_total']);
    const taxes = line['refund_tax'];
    if (taxes === undefined) continue;
    for (const tax of Object.values(taxes as Json)) {
      if (!isNumeric(tax)) return undefined;
      micro += parseAmountMicro(tax);
    }
  }
  return formatTrimmed(micro);
}
