/**
 * `/wc/v3/orders` and `/wc/v3/orders/{id}` (WC_REST_Orders_Controller v3 over the v2 controller and
 * WC_REST_CRUD_Controller @ 0059466f):
 * - GET list: filters status (array; `any` = everything but trash and drafts), customer, product, include/exclude,
 *   parent/parent_exclude, search (billing/shipping names, email, number), after/before (date_created) and
 *   modified_after/modified_before (date_modified), compared with the local dates or, with `dates_are_gmt=true`, the
 *   GMT ones (wp-dates.ts filterWallMs), all exclusive; orderby date|modified (ties by id) | id | include | title |
 *   slug (the last two sort like date: order post titles and slugs are made from the creation date); offset
 *   overrides page; paging headers as paging.ts;
 * - GET one: 404 `woocommerce_rest_shop_order_invalid_id` "Invalid ID." (also for refund ids);
 * - POST: 201 with `Location`; PUT: 400 "Invalid ID." for an unknown id (the CRUD controller answers 400 there);
 * - DELETE: `force=true` deletes for good; otherwise the order is trashed (status `trash`), and trashing it again is
 *   410 `woocommerce_rest_already_trashed` "The shop_order has already been deleted."; the answer is the order as it
 *   was before.
 * `dp` (decimal places) is honoured on every route.
 */
import { renderOrder, type RenderContext } from './order-render';
import type { OrderService } from './order-service';
import { absint, pageOf, pagingHeaders } from './paging';
import type { RestContext, WordPressRestServer } from './rest-server';
import { ORDER_LIST_ARGS, orderBodyArgs } from './route-args';
import type { OrderRecord, WooCommerceState } from './state';
import { columnWallMs, filterWallMs } from './wp-dates';
import { wpError } from './wp-json';

export type OrderRoutesDeps = { state: WooCommerceState; orders: OrderService; decimals: number; timeZone: string };

const ID = '(?<id>\\d+)';
const HIDDEN_FROM_ANY = ['trash', 'auto-draft', 'checkout-draft'];

/** Render context of a request: rest_url() of its listener and the `dp` parameter. */
export function renderContext(ctx: RestContext, decimals: number): RenderContext {
  return { restUrl: ctx.restUrl, dp: absint(ctx.param('dp'), decimals) };
}

/** The REST view of an order (GET, webhook payloads). */
export function orderBody(order: OrderRecord, state: WooCommerceState, render: RenderContext): Record<string, unknown> {
  return renderOrder(order, state.refundsOf(order.id), render);
}

/** Registers the order routes on the WordPress REST server. */
export function registerOrderRoutes(rest: WordPressRestServer, deps: OrderRoutesDeps): void {
  const { state, orders } = deps;
  const find = (ctx: RestContext): OrderRecord | undefined => state.orders.get(Number(ctx.param('id')));
  const invalidId = (status: number) => wpError('woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', status);

  rest.add({
    pattern: '/wc/v3/orders',
    method: 'GET',
    args: ORDER_LIST_ARGS,
    permission: 'list',
    handler: (ctx) => {
      const page = Number(ctx.param('page'));
      const perPage = Number(ctx.param('per_page'));
      const matches = sortOrders(filterOrders([...state.orders.values()], ctx, deps.timeZone), ctx);
      const slice = pageOf(matches, page, perPage, ctx.isset('offset') ? Number(ctx.param('offset')) : undefined);
      const render = renderContext(ctx, deps.decimals);
      const totalPages = Math.ceil(matches.length / perPage);
      return { body: slice.map((o) => orderBody(o, state, render)), headers: pagingHeaders(ctx, '/wc/v3/orders', page, matches.length, totalPages) };
    },
  });

  rest.add({
    pattern: '/wc/v3/orders',
    method: 'POST',
    args: orderBodyArgs(true),
    permission: 'create',
    handler: (ctx) => {
      if (ctx.param('id')) throw wpError('woocommerce_rest_shop_order_exists', 'Cannot create existing shop_order.', 400);
      const order = orders.create(ctx, ctx.fire);
      return { status: 201, body: orderBody(order, state, renderContext(ctx, deps.decimals)), headers: { location: ctx.restUrl(`/wc/v3/orders/${order.id}`) } };
    },
  });

  rest.add({
    pattern: `/wc/v3/orders/${ID}`,
    method: 'GET',
    args: { context: { type: 'string', enum: ['view', 'edit'], default: 'view' } },
    permission: 'view',
    handler: (ctx) => {
      const order = find(ctx);
      if (!order) throw invalidId(404);
      return { body: orderBody(order, state, renderContext(ctx, deps.decimals)) };
    },
  });

  for (const method of ['PUT', 'PATCH', 'POST']) {
    rest.add({
      pattern: `/wc/v3/orders/${ID}`,
      method,
      args: orderBodyArgs(false),
      permission: 'edit',
      handler: (ctx) => {
        const order = find(ctx);
        if (!order) throw invalidId(400);
        orders.update(order, ctx, ctx.fire);
        return { body: orderBody(order, state, renderContext(ctx, deps.decimals)) };
      },
    });
  }

  rest.add({
    pattern: `/wc/v3/orders/${ID}`,
    method: 'DELETE',
    args: { force: { type: 'boolean', default: false } },
    permission: 'delete',
    handler: (ctx) => {
      const order = find(ctx);
      if (!order) throw invalidId(404);
      const body = orderBody(order, state, renderContext(ctx, deps.decimals));
      if (ctx.param('force') === true) orders.deletePermanently(order);
      else if (order.status === 'trash') throw wpError('woocommerce_rest_already_trashed', 'The shop_order has already been deleted.', 410);
      else orders.trash(order, ctx.fire);
      return { body };
    },
  });
}

function filterOrders(list: OrderRecord[], ctx: RestContext, timeZone: string): OrderRecord[] {
  const statuses = (ctx.param('status') as string[] | undefined) ?? ['any'];
  const ids = (name: string): number[] => (ctx.param(name) as number[] | undefined) ?? [];
  const include = ids('include');
  const exclude = ids('exclude');
  const parent = ids('parent');
  const parentExclude = ids('parent_exclude');
  const gmt = ctx.param('dates_are_gmt') === true;
  const bound = (name: string): number | undefined => (typeof ctx.param(name) === 'string' ? filterWallMs(String(ctx.param(name)), timeZone) : undefined);
  const after = bound('after');
  const before = bound('before');
  const modifiedAfter = bound('modified_after');
  const modifiedBefore = bound('modified_before');
  const search = typeof ctx.param('search') === 'string' ? String(ctx.param('search')).toLowerCase() : '';
  return list.filter((o) => {
    if (statuses.includes('any') ? HIDDEN_FROM_ANY.includes(o.status) : !statuses.includes(o.status)) return false;
    if (ctx.isset('customer') && o.customerId !== Math.abs(Number(ctx.param('customer')))) return false;
    if (ctx.isset('product') && Number(ctx.param('product')) !== 0 && !o.lineItems.some((i) => i.productId === Number(ctx.param('product')))) return false;
    if (include.length > 0 && !include.includes(o.id)) return false;
    if (exclude.includes(o.id)) return false;
    if (parent.length > 0 && !parent.includes(o.parentId)) return false;
    if (parentExclude.includes(o.parentId)) return false;
    const created = columnWallMs(o.dateCreated, gmt);
    const modified = columnWallMs(o.dateModified, gmt);
    if (after !== undefined && !(created > after)) return false;
    if (before !== undefined && !(created < before)) return false;
    if (modifiedAfter !== undefined && !(modified > modifiedAfter)) return false;
    if (modifiedBefore !== undefined && !(modified < modifiedBefore)) return false;
    if (search) {
      const haystack = [String(o.id), ...Object.values(o.billing), ...Object.values(o.shipping)].join(' ').toLowerCase();
      if (!haystack.includes(search)) return false;
    }
    return true;
  });
}

function sortOrders(list: OrderRecord[], ctx: RestContext): OrderRecord[] {
  const orderby = String(ctx.param('orderby'));
  const direction = ctx.param('order') === 'asc' ? 1 : -1;
  if (orderby === 'include') {
    const include = (ctx.param('include') as number[] | undefined) ?? [];
    return [...list].sort((a, b) => include.indexOf(a.id) - include.indexOf(b.id));
  }
  const key = (o: OrderRecord): number => (orderby === 'id' ? o.id : orderby === 'modified' ? o.dateModified.ms : o.dateCreated.ms);
  return [...list].sort((a, b) => direction * (key(a) - key(b) || a.id - b.id));
}
