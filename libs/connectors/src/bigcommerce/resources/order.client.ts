/**
 * Orders V2 (orders.v2.oas2.yml): one order, the complete order in as few calls as the spec allows, and delta
 * listing by `min_date_modified` / `max_date_modified` (RFC-2822 or ISO-8601) with `page`, `limit`, `sort`
 * (parameters `min_date_modified`, `page` default 1, `limit` default 50, `sort` enum id|customer_id|date_created|
 * date_modified|status_id|channel_id|external_id with `:asc|:desc`; "The default sort is by order id, from lowest to
 * highest").
 */
import type { PageIterator } from '../../core';
import {
  BC_ORDER,
  BC_ORDER_COUPON_LIST,
  BC_ORDER_LIST,
  BC_ORDER_PRODUCT_LIST,
  BC_ORDER_TAX_LIST,
  BC_SHIPPING_ADDRESS,
  type BigCommerceConsignments,
  type BigCommerceOrder,
  type BigCommerceOrderCoupon,
  type BigCommerceOrderFee,
  type BigCommerceOrderProduct,
  type BigCommerceOrderTax,
  type BigCommerceShippingAddress,
} from '../schemas/order.schema';
import { z } from 'zod';
import { BigCommerceResource, bcSegment, toBigCommerceDate } from './bigcommerce-resource';

export type BigCommerceOrderSortField = 'id' | 'customer_id' | 'date_created' | 'date_modified' | 'status_id' | 'channel_id' | 'external_id';
export type BigCommerceOrderSort = BigCommerceOrderSortField | `${BigCommerceOrderSortField}:${'asc' | 'desc'}`;

/**
 * JSON cursor of an order listing. `maxDateModified` is frozen when the run starts. With the default sort `id:asc`
 * the next page is asked by `min_id = afterId + 1` (keyset), so orders leaving the window mid-run (modified again)
 * cannot shift unread orders onto pages already read; other sorts page by number.
 */
export type BigCommerceOrderCursor = { minDateModified: string | null; maxDateModified: string; limit: number; sort: BigCommerceOrderSort; page: number; afterId: number | null };

/** How to start a listing; `maxDateModified` defaults to now (frozen). */
export type BigCommerceOrderListStart = { minDateModified?: Date | undefined; maxDateModified?: Date | undefined; page?: number | undefined; limit?: number | undefined; sort?: BigCommerceOrderSort | undefined };

/** An order with everything needed to invoice it. Money fields are decimal strings in the order's currency. */
export type BigCommerceCompleteOrder = {
  order: BigCommerceOrder;
  /** Every order line (from the consignments: shipping, pickups, digital downloads, gift certificates). */
  products: BigCommerceOrderProduct[];
  /** Shipping destinations with their shipping and handling costs (consignment `shipping` entries without line items). */
  shippingAddresses: BigCommerceShippingAddress[];
  coupons: BigCommerceOrderCoupon[];
  /** Detailed tax lines (`details=true`: with `order_product_id` and `line_item_type`). */
  taxes: BigCommerceOrderTax[];
  fees: BigCommerceOrderFee[];
  consignments: BigCommerceConsignments | undefined;
  /** HTTP calls this fetch made (2 for an order without coupons, 3 with). */
  calls: number;
};

const DEFAULT_LIMIT = 50;
/** `include` of GET /orders/{id} (orders.v2.oas2.yml components/parameters `order_includes`, `consignment_structure`). */
const COMPLETE_INCLUDE = { include: 'consignments.line_items,fees', consignment_structure: 'object' } as const;
/** A shipping consignment (`consignment_structure=object`): a shipping address plus its `line_items`. */
type ShippingConsignment = BigCommerceShippingAddress & { line_items?: unknown };

/** Orders V2 of one store. */
export class BigCommerceOrderClient extends BigCommerceResource {
  /**
   * GET /v2/orders/{order_id}.
   * @throws ConnectorNotFoundError when the order does not exist (or is archived)
   */
  async get(orderId: number): Promise<BigCommerceOrder> {
    return this.readOrder(orderId, {});
  }

  /**
   * The complete order in 2 or 3 calls:
   * 1. GET /v2/orders/{id}?include=consignments.line_items,fees&consignment_structure=object — the order, its
   *    consignments with full line items (= GET /orders/{id}/products, per `order_includes`: "include the response
   *    returned from the request to the /orders/{order_id}/products endpoint in consignments") and its fees
   *    (= GET /orders/{id}/fees). Shipping destinations come from the shipping consignments.
   * 2. GET /v2/orders/{id}/taxes?details=true (no `include` exists for taxes), after the order;
   * 3. GET /v2/orders/{id}/coupons (no `include` exists for coupons), only when `coupon_discount` is not zero.
   * So 2 calls for an order without coupons, 3 with.
   * Coupons and taxes page at 250 lines; an order with more lines costs one call per extra page. Should a store
   * answer without object consignments or without embedded line items, products and shipping addresses are fetched
   * separately (2 more calls).
   * @throws ConnectorNotFoundError when the order does not exist
   */
  async getComplete(orderId: number): Promise<BigCommerceCompleteOrder> {
    const base = `/v2/orders/${bcSegment(orderId)}`;
    const order = await this.readOrder(orderId, COMPLETE_INCLUDE);
    // The store's quota is the scarce resource (150 calls per 30 s on Standard plans), so coupons are only asked
    // for when the order carries a coupon discount, at the cost of one round trip of latency.
    const [coupons, taxes] = await Promise.all([
      hasCouponDiscount(order.coupon_discount) ? this.allV2(`${base}/coupons`, BC_ORDER_COUPON_LIST) : Promise.resolve({ items: [] as BigCommerceOrderCoupon[], calls: 0 }),
      this.allV2(`${base}/taxes`, BC_ORDER_TAX_LIST, { details: 'true' }),
    ]);
    let calls = 1 + coupons.calls + taxes.calls;
    const consignments = isConsignmentObject(order.consignments) ? order.consignments : undefined;
    const embedded = consignments ? productsOf(consignments) : undefined;
    let products: BigCommerceOrderProduct[];
    let shippingAddresses: BigCommerceShippingAddress[];
    if (consignments && embedded) {
      products = embedded;
      shippingAddresses = (consignments.shipping ?? []).map((s) => stripLineItems(s));
    } else {
      const [p, a] = await Promise.all([this.allV2(`${base}/products`, BC_ORDER_PRODUCT_LIST), this.allV2(`${base}/shipping_addresses`, z.union([z.array(BC_SHIPPING_ADDRESS), z.undefined().transform((): BigCommerceShippingAddress[] => [])]))]);
      products = p.items;
      shippingAddresses = a.items;
      calls += p.calls + a.calls;
    }
    const fees = Array.isArray(order.fees) ? order.fees : [];
    return { order, products, shippingAddresses, coupons: coupons.items, taxes: taxes.items, fees, consignments, calls };
  }

  /**
   * Pages of orders modified in [minDateModified, maxDateModified] (or resumed from a saved cursor). Save
   * `nextCursor` after each page; the upper bound stays frozen, so the next run starts at this run's
   * `maxDateModified` (inclusive: an order modified in that second may come twice; dedupe on id + date_modified).
   */
  async *list(from: BigCommerceOrderListStart | BigCommerceOrderCursor = {}): PageIterator<BigCommerceOrder, BigCommerceOrderCursor> {
    let cursor: BigCommerceOrderCursor | undefined = 'afterId' in from ? from : this.startCursor(from);
    while (cursor) {
      const isKeyset: boolean = cursor.sort === 'id' || cursor.sort === 'id:asc';
      const query: Record<string, string | number> = { limit: cursor.limit, sort: cursor.sort, max_date_modified: cursor.maxDateModified };
      if (cursor.minDateModified !== null) query['min_date_modified'] = cursor.minDateModified;
      if (isKeyset) {
        query['page'] = 1;
        if (cursor.afterId !== null) query['min_id'] = cursor.afterId + 1;
      } else {
        query['page'] = cursor.page;
      }
      const items = await this.read('/v2/orders', BC_ORDER_LIST, query);
      const last = items.at(-1);
      const next: BigCommerceOrderCursor | undefined =
        items.length < cursor.limit || !last ? undefined : isKeyset ? { ...cursor, afterId: last.id } : { ...cursor, page: cursor.page + 1 };
      yield { items, nextCursor: next };
      cursor = next;
    }
  }

  /** `list` from `since` (everything when undefined) up to now, frozen. */
  listModifiedSince(since: Date | undefined, options: { limit?: number; sort?: BigCommerceOrderSort } = {}): PageIterator<BigCommerceOrder, BigCommerceOrderCursor> {
    return this.list({ minDateModified: since, limit: options.limit, sort: options.sort });
  }

  private startCursor(start: BigCommerceOrderListStart): BigCommerceOrderCursor {
    return {
      minDateModified: start.minDateModified ? toBigCommerceDate(start.minDateModified.getTime()) : null,
      maxDateModified: toBigCommerceDate(start.maxDateModified?.getTime() ?? this.clock.now()),
      limit: start.limit ?? DEFAULT_LIMIT,
      sort: start.sort ?? 'id:asc',
      page: start.page ?? 1,
      afterId: null,
    };
  }

  private async readOrder(orderId: number, query: Readonly<Record<string, string>>): Promise<BigCommerceOrder> {
    return this.read(`/v2/orders/${bcSegment(orderId)}`, BC_ORDER, query);
  }
}

function isConsignmentObject(c: BigCommerceOrder['consignments']): c is BigCommerceConsignments {
  return typeof c === 'object' && c !== null && !Array.isArray(c) && !('url' in c && 'resource' in c && Object.keys(c).length <= 2);
}

/**
 * Full line items of every consignment, once each (by order product id); undefined when a line item came back as a
 * link only (the store ignored `consignments.line_items`), so the caller fetches the products instead.
 */
function productsOf(c: BigCommerceConsignments): BigCommerceOrderProduct[] | undefined {
  const groups = [...(c.shipping ?? []), ...(c.pickups ?? []), ...(c.downloads ?? []), ...(c.email?.gift_certificates ?? [])];
  const byId = new Map<number, BigCommerceOrderProduct>();
  for (const g of groups) {
    for (const item of g.line_items ?? []) {
      if (!('quantity' in item) || typeof item.id !== 'number') return undefined;
      if (!byId.has(item.id)) byId.set(item.id, item as BigCommerceOrderProduct);
    }
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function stripLineItems(s: ShippingConsignment): BigCommerceShippingAddress {
  // A copy and a delete: object rest over ~30 keys takes V8's slow generic path.
  const address: ShippingConsignment = { ...s };
  delete address.line_items;
  return address;
}

/** True when a V2 decimal string such as "0.0000" is not zero (the order used a coupon). */
function hasCouponDiscount(value: string | null | undefined): boolean {
  return typeof value === 'string' && /[1-9]/.test(value);
}
