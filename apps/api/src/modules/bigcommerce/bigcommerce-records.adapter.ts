import {
  BC_CUSTOMER,
  BC_ORDER,
  BC_ORDER_COUPON,
  BC_ORDER_FEE,
  BC_ORDER_PRODUCT,
  BC_ORDER_TAX,
  BC_REFUND,
  BC_SHIPPING_ADDRESS,
  type BigCommerceCompleteOrder,
  type BigCommerceCustomer,
  type BigCommerceRefund,
  ConnectorNotFoundError,
} from '@mlc/connectors';
import {
  type BcCustomer,
  type BcOrderBundle,
  type BcRefund,
  bigCommerceCustomerToSalesCustomer,
  bigCommerceOrderToSalesDocument,
  bigCommerceRefundToSalesDocument,
  MappingError,
} from '@mlc/mapping';
import { z } from 'zod';
import type { ConnectionEntity } from '../../database/entities';
import type { FetchedRecord, ReadRecord, RecordSourceCapability } from '../systems/capabilities';
import { parseStoredPayload, refundRecordId, splitRefundRecordId } from '../systems/stored-payload';
import type { BigCommerceClients } from './bigcommerce-clients.service';

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

/** Date part (YYYY-MM-DD, UTC) of a BigCommerce date (RFC-2822 `Tue, 05 Mar 2019 21:53:45 +0000` or ISO-8601). */
export function issueDateOf(date: string | undefined | null, fallback: Date): string {
  const parsed = date ? new Date(date) : fallback;
  return (Number.isNaN(parsed.getTime()) ? fallback : parsed).toISOString().slice(0, 10);
}

/** A stored order as the record keeps it: the complete order's parts, read back with the connector's own schemas. */
const STORED_ORDER = z.object({
  order: BC_ORDER,
  products: z.array(BC_ORDER_PRODUCT),
  shippingAddresses: z.array(BC_SHIPPING_ADDRESS).default([]),
  coupons: z.array(BC_ORDER_COUPON).default([]),
  taxes: z.array(BC_ORDER_TAX).default([]),
  fees: z.array(BC_ORDER_FEE).default([]),
});
const STORED_REFUND = z.object({ refund: BC_REFUND, order: STORED_ORDER });

/** The parts of a complete order that are stored on the record and read by the mapping. */
type OrderParts = Pick<BigCommerceCompleteOrder, 'order' | 'products' | 'shippingAddresses' | 'coupons' | 'taxes' | 'fees'>;

/** The connector's complete order in the mapping library's input type (checked by the compiler, no cast). */
export function toOrderBundle(complete: OrderParts): BcOrderBundle {
  return { order: complete.order, products: complete.products, shippingAddresses: complete.shippingAddresses, coupons: complete.coupons, taxes: complete.taxes, fees: complete.fees };
}

function toRefund(refund: BigCommerceRefund): BcRefund {
  return refund;
}

function toCustomer(customer: BigCommerceCustomer): BcCustomer {
  return customer;
}

/** `<orderId>:<refundId>`, the record id of a refund (from `store/order/refund/created`: `data.id` and `data.refund.refund_id`). */
export function bigCommerceRefundRecordId(orderId: number | string, refundId: number | string): string {
  return refundRecordId(orderId, refundId);
}

function storeIdOf(conn: ConnectionEntity): string {
  const storeHash = conn.settings['storeHash'];
  return typeof storeHash === 'string' ? storeHash : '';
}

/** An order in a paid status → its invoice document; any other status → `not-yet`. @throws MappingError. */
function readOrder(storeId: string, parts: OrderParts, now: Date): ReadRecord {
  const statusId = parts.order.status_id;
  if (statusId === undefined || statusId === null || !INVOICEABLE_BIGCOMMERCE_STATUS_IDS.has(statusId)) {
    const name = statusId === undefined || statusId === null ? 'unknown' : (BIGCOMMERCE_STATUS_NAMES[statusId] ?? String(statusId));
    return { kind: 'not-yet', reason: `Order status "${name}" is not invoiced (only paid orders are); the next status change posts it` };
  }
  return { kind: 'sales-document', document: bigCommerceOrderToSalesDocument(toOrderBundle(parts), { storeId, issueDate: issueDateOf(parts.order.date_created, now) }) };
}

/** A refund and its order → the credit note document. @throws MappingError. */
function readRefund(storeId: string, refund: BigCommerceRefund, order: OrderParts, now: Date): ReadRecord {
  return { kind: 'sales-document', document: bigCommerceRefundToSalesDocument(toOrderBundle(order), toRefund(refund), { storeId, issueDate: issueDateOf(refund.created, now) }) };
}

function readCustomer(customer: BigCommerceCustomer): ReadRecord {
  return { kind: 'customer', customer: bigCommerceCustomerToSalesCustomer(toCustomer(customer)) };
}

/**
 * BigCommerce as a record source: fetches orders (2 calls, 3 with coupons), refunds (with their order) and
 * customers through the connector, and reads them into the mapping library's canonical shapes.
 * - Orders are invoiced only in a paid status (INVOICEABLE_BIGCOMMERCE_STATUS_IDS); others are `not-yet`.
 * - The issue date is the order's `date_created` (a refund's `created`), in UTC.
 * - The store hash is the store id of external references and routing.
 */
export class BigCommerceRecordSource implements RecordSourceCapability {
  readonly entityTypes = ['order', 'refund', 'customer'] as const;

  constructor(private readonly clients: BigCommerceClients) {}

  async fetch(conn: ConnectionEntity, entityType: string, externalId: string): Promise<FetchedRecord | undefined> {
    const client = await this.clients.forConnection(conn);
    const storeId = storeIdOf(conn);
    try {
      switch (entityType) {
        case 'order': {
          const complete = await client.orders.getComplete(Number(externalId));
          const raw = toOrderBundle(complete);
          return { raw, calls: complete.calls, message: `Order ${externalId} fetched from BigCommerce in ${complete.calls} call(s)`, read: (now) => readOrder(storeId, complete, now) };
        }
        case 'refund': {
          const { orderId, refundId } = splitRefundRecordId(externalId);
          const [complete, refund] = await Promise.all([client.orders.getComplete(Number(orderId)), client.refunds.get(Number(refundId))]);
          return {
            raw: { refund, order: toOrderBundle(complete) },
            calls: complete.calls + 1,
            message: `Refund ${refundId} of order ${orderId} fetched in ${complete.calls + 1} call(s)`,
            read: (now) => readRefund(storeId, refund, complete, now),
          };
        }
        case 'customer': {
          const customer = await client.customers.get(Number(externalId));
          return { raw: customer, calls: 1, message: `Customer ${externalId} fetched from BigCommerce`, read: () => readCustomer(customer) };
        }
        default:
          throw new MappingError('invalid-field', 'entityType', `BigCommerce has no ${entityType} records`);
      }
    } catch (err) {
      if (err instanceof ConnectorNotFoundError) return undefined;
      throw err;
    }
  }

  read(conn: ConnectionEntity, entityType: string, raw: unknown, now: Date): ReadRecord {
    const storeId = storeIdOf(conn);
    switch (entityType) {
      case 'order':
        return readOrder(storeId, parseStoredPayload(STORED_ORDER, raw, 'order'), now);
      case 'refund': {
        const stored = parseStoredPayload(STORED_REFUND, raw, 'refund');
        return readRefund(storeId, stored.refund, stored.order, now);
      }
      case 'customer':
        return readCustomer(parseStoredPayload(BC_CUSTOMER, raw, 'customer'));
      default:
        throw new MappingError('invalid-field', 'entityType', `BigCommerce has no ${entityType} records`);
    }
  }

  parentOf(entityType: string, externalId: string): { entityType: string; externalId: string } | undefined {
    if (entityType !== 'refund') return undefined;
    return { entityType: 'order', externalId: splitRefundRecordId(externalId).orderId };
  }
}
