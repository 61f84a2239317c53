/**
 * Orders V3 refunds and transactions (orders.v3.yml): GET /orders/{order_id}/payment_actions/refunds,
 * GET /orders/payment_actions/refunds (store-wide, "Get All Refunds"), GET /orders/payment_actions/refunds/{refund_id},
 * GET /orders/{order_id}/transactions. Amounts come back as decimal strings (the wire sends JSON numbers; see
 * common.schema.ts).
 */
import type { PageIterator } from '../../core';
import { BC_REFUND_LIST, BC_REFUND_ONE, BC_TRANSACTION_LIST, type BigCommerceRefund, type BigCommerceTransaction } from '../schemas/refund.schema';
import { BigCommerceResource, bcSegment, isLastV3Page, toBigCommerceDate } from './bigcommerce-resource';

/** JSON cursor of a refund catch-up run: the window `[since, until]` (ISO-8601, `until` frozen at the first call). */
export type BigCommerceRefundCursor = { since: string | null; until: string; page: number; limit: number };
/** Where a refund catch-up run starts; `until` defaults to now (frozen at the first call). */
export type BigCommerceRefundListStart = { since?: Date | undefined; until?: Date | undefined; limit?: number | undefined };

const DEFAULT_LIMIT = 50;

function isRefundCursor(from: BigCommerceRefundListStart | BigCommerceRefundCursor): from is BigCommerceRefundCursor {
  return typeof from.until === 'string' && 'page' in from;
}

/** Refunds of one store. */
export class BigCommerceRefundClient extends BigCommerceResource {
  /**
   * Every refund of an order (`RefundCollection_Resp`, not paginated: `meta` is `metaEmpty_Full`).
   * @throws ConnectorNotFoundError when the order does not exist
   */
  async listForOrder(orderId: number): Promise<BigCommerceRefund[]> {
    const body = await this.read(`/v3/orders/${bcSegment(orderId)}/payment_actions/refunds`, BC_REFUND_LIST);
    return body.data;
  }

  /**
   * One refund by id (the `refund_id` of a store/order/refund/created webhook).
   * @throws ConnectorNotFoundError when it does not exist
   */
  async get(refundId: number): Promise<BigCommerceRefund> {
    const body = await this.read(`/v3/orders/payment_actions/refunds/${bcSegment(refundId)}`, BC_REFUND_ONE);
    return body.data;
  }

  /**
   * Pages of the store's refunds created in `[since, until]`, for a catch-up poll of refunds whose webhook was lost.
   * Calls `GET /v3/orders/payment_actions/refunds` with `created:min` / `created:max` (both inclusive, RFC 3339; sent
   * as `2024-05-14T09:34:00Z`), `page` and `limit` (orders.v3.yml `getOrdersRefunds`). The API orders refunds by id
   * ascending and declares `meta` as `metaEmpty_Full` (no pagination), so a page shorter than `limit` ends the run;
   * a full page is followed by one more request, which may come back empty. `until` is frozen at the first call:
   * refunds created later have higher ids and fall outside the window, so earlier pages never shift. The next run
   * should start at this run's `until`. That second is read twice, so dedupe by refund id.
   * Resume from a saved cursor to continue after a crash.
   */
  async *listCreatedSince(from: BigCommerceRefundListStart | BigCommerceRefundCursor = {}): PageIterator<BigCommerceRefund, BigCommerceRefundCursor> {
    let cursor: BigCommerceRefundCursor | undefined = isRefundCursor(from)
      ? from
      : {
          since: from.since ? toBigCommerceDate(from.since.getTime()) : null,
          until: toBigCommerceDate((from.until ?? new Date(this.clock.now())).getTime()),
          page: 1,
          limit: from.limit ?? DEFAULT_LIMIT,
        };
    while (cursor) {
      const query: Record<string, string | number> = { page: cursor.page, limit: cursor.limit, 'created:max': cursor.until };
      if (cursor.since !== null) query['created:min'] = cursor.since;
      const body = await this.read('/v3/orders/payment_actions/refunds', BC_REFUND_LIST, query);
      const next: BigCommerceRefundCursor | undefined = isLastV3Page(body.meta?.pagination, body.data.length, cursor.limit) ? undefined : { ...cursor, page: cursor.page + 1 };
      yield { items: body.data, nextCursor: next };
      cursor = next;
    }
  }
}

/** Payment transactions of one store. */
export class BigCommerceTransactionClient extends BigCommerceResource {
  /**
   * GET /v3/orders/{order_id}/transactions (`TransactionCollection_Resp`); an empty list may come back as 204.
   * Needs scope `store_v2_transactions_read_only`.
   * @throws ConnectorNotFoundError when the order does not exist; ConnectorAuthError `forbidden` without the scope
   */
  async listForOrder(orderId: number): Promise<BigCommerceTransaction[]> {
    const body = await this.read(`/v3/orders/${bcSegment(orderId)}/transactions`, BC_TRANSACTION_LIST);
    return body?.data ?? [];
  }
}
