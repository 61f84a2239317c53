/**
 * Order refunds (docs `_order-refunds.md`): GET /orders/{id}/refunds/{refund_id} and GET /orders/{id}/refunds. We never
 * create refunds (POST defaults to `api_refund=true`, which moves money through the gateway).
 */
import { WC_REFUND, WC_REFUND_LIST, type WooCommerceRefund } from '../woocommerce.schema';
import { wcSegment, WooCommerceResource, WOOCOMMERCE_MAX_PER_PAGE } from './woocommerce-resource';

/** Refunds of one shop's orders. `amount` is a positive major-unit string; refunded line totals are negative. */
export class WooCommerceRefundClient extends WooCommerceResource {
  /**
   * GET /orders/{orderId}/refunds/{refundId}.
   * @throws ConnectorNotFoundError when the order or refund does not exist
   */
  async get(orderId: number, refundId: number): Promise<WooCommerceRefund> {
    return this.read(`/orders/${wcSegment(orderId)}/refunds/${wcSegment(refundId)}`, WC_REFUND);
  }

  /**
   * Every refund of an order (100 per call, all pages).
   * @throws ConnectorNotFoundError when the order does not exist
   */
  async list(orderId: number): Promise<WooCommerceRefund[]> {
    const out: WooCommerceRefund[] = [];
    for (let page = 1; page <= 100; page += 1) {
      const a = await this.readList(`/orders/${wcSegment(orderId)}/refunds`, WC_REFUND_LIST, { per_page: WOOCOMMERCE_MAX_PER_PAGE, page });
      out.push(...a.items);
      if (a.items.length < WOOCOMMERCE_MAX_PER_PAGE || (a.totalPages !== undefined && page >= a.totalPages)) break;
    }
    return out;
  }
}
