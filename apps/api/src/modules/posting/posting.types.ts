import type { BcOrderBundle, BcRefund } from '@mlc/mapping';

/**
 * What the posting handlers need from a BigCommerce store, in the mapping library's input types.
 * Implemented over the BigCommerce connector by `BigCommerceClients.source(conn)`.
 */
export interface BigCommerceOrderSource {
  readonly storeHash: string;
  /** The complete order (order, products, shipping addresses, coupons, taxes, fees) and how many calls it took. */
  getOrderBundle(orderId: string): Promise<{ bundle: BcOrderBundle; calls: number }>;
  /** One refund of an order (v3 payment_actions/refunds). */
  getRefund(orderId: string, refundId: string): Promise<BcRefund>;
  /** A v3 customer as the mapping library's order customer (for customer master updates). */
  getCustomer(customerId: string): Promise<BigCommerceCustomerView | undefined>;
}

/** The customer fields the customer-master sync keeps aligned in Visma. */
export type BigCommerceCustomerView = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  phone: string;
  address?: { line1: string; line2: string; postalCode: string; city: string; countryCode: string; region: string };
};

/**
 * BigCommerce v2 order status ids that mean the order is paid and should become a customer invoice:
 * 2 Shipped, 3 Partially Shipped, 4 Refunded, 8 Awaiting Pickup, 9 Awaiting Shipment, 10 Completed,
 * 11 Awaiting Fulfillment, 14 Partially Refunded (GET /v2/order_statuses, orders.v2.oas2.yml).
 * Others (0 Incomplete, 1 Pending, 5 Cancelled, 6 Declined, 7 Awaiting Payment, 12 Manual Verification
 * Required, 13 Disputed) wait: their status-change webhook re-runs the record.
 */
export const INVOICEABLE_BIGCOMMERCE_STATUS_IDS: ReadonlySet<number> = new Set([2, 3, 4, 8, 9, 10, 11, 14]);

/** BigCommerce's default order status names by id (GET /v2/order_statuses, orders.v2.oas2.yml). */
export const BIGCOMMERCE_STATUS_NAMES: Readonly<Record<number, string>> = {
  0: 'Incomplete', 1: 'Pending', 2: 'Shipped', 3: 'Partially Shipped', 4: 'Refunded', 5: 'Cancelled', 6: 'Declined',
  7: 'Awaiting Payment', 8: 'Awaiting Pickup', 9: 'Awaiting Shipment', 10: 'Completed', 11: 'Awaiting Fulfillment',
  12: 'Manual Verification Required', 13: 'Disputed', 14: 'Partially Refunded',
};
