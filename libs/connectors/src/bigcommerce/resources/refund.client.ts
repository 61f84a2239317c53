/**
 * Orders V3 refunds and transactions (orders.v3.yml): GET /orders/{order_id}/payment_actions/refunds,
 * GET /orders/payment_actions/refunds/{refund_id}, GET /orders/{order_id}/transactions. Amounts come back as decimal
 * strings (the wire sends JSON numbers; see common.schema.ts).
 */
import { BC_REFUND_LIST, BC_REFUND_ONE, BC_TRANSACTION_LIST, type BigCommerceRefund, type BigCommerceTransaction } from '../schemas/refund.schema';
import { BigCommerceResource, bcSegment } from './bigcommerce-resource';

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
