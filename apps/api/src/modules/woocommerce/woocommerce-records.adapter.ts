import { ConnectorNotFoundError, WC_CUSTOMER, WC_ORDER, WC_REFUND, type WooCommerceCustomer, type WooCommerceOrder, type WooCommerceRefund } from '@mlc/connectors';
import { MappingError, wooCommerceCustomerToSalesCustomer, wooCommerceOrderToSalesDocument, wooCommerceRefundToSalesDocument } from '@mlc/mapping';
import { z } from 'zod';
import type { ConnectionEntity } from '../../database/entities';
import type { FetchedRecord, ReadRecord, RecordSourceCapability } from '../systems/capabilities';
import { parseStoredPayload, refundRecordId, splitRefundRecordId } from '../systems/stored-payload';
import type { WooCommerceClients } from './woocommerce-clients.service';

/**
 * WooCommerce order statuses that mean the order is paid and becomes a customer invoice: `processing` and `completed`
 * (`wc_get_is_paid_statuses()`, woocommerce/includes/wc-order-functions.php), and `refunded` (it was paid; its refunds
 * become credit notes). `pending`, `on-hold` (awaiting payment), `failed`, `cancelled`, `checkout-draft` and `trash`
 * wait: their next change (a webhook or the poll) runs the record again.
 */
export const INVOICEABLE_WOOCOMMERCE_STATUSES: ReadonlySet<string> = new Set(['processing', 'completed', 'refunded']);

/** `<orderId>:<refundId>`, the record id of a refund (refunds have no webhook topic; an order lists its `refunds[]`). */
export function wooCommerceRefundRecordId(orderId: number | string, refundId: number | string): string {
  return refundRecordId(orderId, refundId);
}

/** A WooCommerce GMT date (`2017-03-22T16:28:08`, no zone) as ISO-8601 UTC, or undefined. */
export function wooCommerceVersionOf(gmt: string | null | undefined): string | undefined {
  if (!gmt) return undefined;
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(gmt) ? gmt : `${gmt}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The store id of external references and routing: the site's host (`shop.example.com`, port kept when not default). */
export function wooCommerceStoreIdOf(conn: ConnectionEntity): string {
  const siteUrl = conn.settings['siteUrl'];
  if (typeof siteUrl !== 'string') return '';
  try {
    return new URL(siteUrl).host;
  } catch {
    return '';
  }
}

/** The store's price decimals (connection setting `priceDecimals`, default 2), which its amount strings are rounded to. */
function decimalsOf(conn: ConnectionEntity): number {
  const value = Number(conn.settings['priceDecimals'] ?? 2);
  return Number.isInteger(value) && value >= 0 && value <= 8 ? value : 2;
}

function issueDate(gmt: string | null | undefined, fallback: Date): string {
  return (wooCommerceVersionOf(gmt) ?? fallback.toISOString()).slice(0, 10);
}

const STORED_REFUND = z.object({ refund: WC_REFUND, order: WC_ORDER });

/** A paid order → its invoice; any other status → `not-yet`. The issue date is the payment date (else creation), UTC. */
function readOrder(store: { storeId: string; decimals: number }, order: WooCommerceOrder, now: Date): ReadRecord {
  if (!INVOICEABLE_WOOCOMMERCE_STATUSES.has(order.status)) {
    return { kind: 'not-yet', reason: `Order status "${order.status}" is not invoiced (only paid orders are: processing, completed); its next change posts it` };
  }
  return { kind: 'sales-document', document: wooCommerceOrderToSalesDocument(order, { ...store, issueDate: issueDate(order.date_paid_gmt ?? order.date_created_gmt, now) }) };
}

function readRefund(store: { storeId: string; decimals: number }, refund: WooCommerceRefund, order: WooCommerceOrder, now: Date): ReadRecord {
  return { kind: 'sales-document', document: wooCommerceRefundToSalesDocument(order, refund, { ...store, issueDate: issueDate(refund.date_created_gmt, now) }) };
}

function readCustomer(customer: WooCommerceCustomer): ReadRecord {
  return { kind: 'customer', customer: wooCommerceCustomerToSalesCustomer(customer) };
}

/** True when a stored payload is a whole order or customer as the REST API returns it (not a stub of ours). */
function isWhole(entityType: string, payload: unknown): boolean {
  if (typeof payload !== 'object' || payload === null || 'via' in payload) return false;
  if (entityType === 'order') return 'line_items' in payload && 'date_modified_gmt' in payload && 'status' in payload;
  if (entityType === 'customer') return 'email' in payload && 'date_modified_gmt' in payload;
  return false;
}

/**
 * WooCommerce as a record source. Webhook deliveries and the order listing carry the whole resource, so an order or
 * customer is posted from the newest version the shop sent (`fromPayload`, 0 calls; stale versions are refused at
 * intake); stubs (a refund, an order asked for by its refund) are fetched: an order in 1 call, a refund with its
 * order in 2, a customer in 1. The site host is the store id of external references and routing.
 */
export class WooCommerceRecordSource implements RecordSourceCapability {
  readonly entityTypes = ['order', 'refund', 'customer'] as const;

  constructor(private readonly clients: WooCommerceClients) {}

  async fetch(conn: ConnectionEntity, entityType: string, externalId: string): Promise<FetchedRecord | undefined> {
    const client = await this.clients.forConnection(conn);
    const store = { storeId: wooCommerceStoreIdOf(conn), decimals: decimalsOf(conn) };
    try {
      switch (entityType) {
        case 'order': {
          const order = await client.orders.get(Number(externalId));
          return { raw: order, calls: 1, message: `Order ${externalId} fetched from WooCommerce`, version: wooCommerceVersionOf(order.date_modified_gmt), read: (now) => readOrder(store, order, now) };
        }
        case 'refund': {
          const { orderId, refundId } = splitRefundRecordId(externalId);
          const [order, refund] = await Promise.all([client.orders.get(Number(orderId)), client.refunds.get(Number(orderId), Number(refundId))]);
          return { raw: { refund, order }, calls: 2, message: `Refund ${refundId} of order ${orderId} fetched in 2 calls`, read: (now) => readRefund(store, refund, order, now) };
        }
        case 'customer': {
          const customer = await client.customers.get(Number(externalId));
          return { raw: customer, calls: 1, message: `Customer ${externalId} fetched from WooCommerce`, version: wooCommerceVersionOf(customer.date_modified_gmt), read: () => readCustomer(customer) };
        }
        default:
          throw new MappingError('invalid-field', 'entityType', `WooCommerce has no ${entityType} records`);
      }
    } catch (err) {
      if (err instanceof ConnectorNotFoundError) return undefined;
      throw err;
    }
  }

  fromPayload(conn: ConnectionEntity, entityType: string, payload: unknown): FetchedRecord | undefined {
    if (!isWhole(entityType, payload)) return undefined;
    const store = { storeId: wooCommerceStoreIdOf(conn), decimals: decimalsOf(conn) };
    if (entityType === 'order') {
      const order = parseStoredPayload(WC_ORDER, payload, 'order');
      return { raw: payload, calls: 0, message: `Order ${order.id} as the shop sent it (modified ${order.date_modified_gmt ?? '?'} GMT)`, version: wooCommerceVersionOf(order.date_modified_gmt), read: (now) => readOrder(store, order, now) };
    }
    const customer = parseStoredPayload(WC_CUSTOMER, payload, 'customer');
    return { raw: payload, calls: 0, message: `Customer ${customer.id} as the shop sent it (modified ${customer.date_modified_gmt ?? '?'} GMT)`, version: wooCommerceVersionOf(customer.date_modified_gmt), read: () => readCustomer(customer) };
  }

  read(conn: ConnectionEntity, entityType: string, raw: unknown, now: Date): ReadRecord {
    const store = { storeId: wooCommerceStoreIdOf(conn), decimals: decimalsOf(conn) };
    switch (entityType) {
      case 'order':
        return readOrder(store, parseStoredPayload(WC_ORDER, raw, 'order'), now);
      case 'refund': {
        const stored = parseStoredPayload(STORED_REFUND, raw, 'refund');
        return readRefund(store, stored.refund, stored.order, now);
      }
      case 'customer':
        return readCustomer(parseStoredPayload(WC_CUSTOMER, raw, 'customer'));
      default:
        throw new MappingError('invalid-field', 'entityType', `WooCommerce has no ${entityType} records`);
    }
  }

  parentOf(entityType: string, externalId: string): { entityType: string; externalId: string } | undefined {
    if (entityType !== 'refund') return undefined;
    return { entityType: 'order', externalId: splitRefundRecordId(externalId).orderId };
  }
}
