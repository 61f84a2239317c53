import {
  ADOBE_COMMERCE_CREDIT_MEMO,
  ADOBE_COMMERCE_CUSTOMER,
  ADOBE_COMMERCE_INVOICE,
  ADOBE_COMMERCE_ORDER,
  ConnectorNotFoundError,
  type AdobeCommerceCreditMemo,
  type AdobeCommerceCustomer,
  type AdobeCommerceInvoice,
  type AdobeCommerceOrder,
} from '@mlc/connectors';
import {
  adobeCommerceCreditMemoReadiness,
  adobeCommerceCreditMemoToSalesDocument,
  adobeCommerceCustomerToSalesCustomer,
  adobeCommerceInvoiceToSalesCapture,
  adobeCommerceOrderReadiness,
  adobeCommerceOrderToSalesDocument,
  MappingError,
} from '@mlc/mapping';
import { z } from 'zod';
import type { ConnectionEntity } from '../../database/entities';
import type { FetchedRecord, ReadRecord, RecordSourceCapability } from '../systems/capabilities';
import { parseStoredPayload, refundRecordId, splitRefundRecordId } from '../systems/stored-payload';
import type { AdobeCommerceClients } from './adobe-commerce-clients.service';

/** The store id of external references and routing: the connection's store view code (`default`). */
export function adobeCommerceStoreIdOf(conn: ConnectionEntity): string {
  const code = conn.settings['storeCode'];
  return typeof code === 'string' && code !== '' ? code : 'default';
}

/** `<orderId>:<invoiceId>` / `<orderId>:<creditMemoId>`: the record id of a capture or credit memo (its order first). */
export function adobeCommerceChildRecordId(orderId: number | string, childId: number | string): string {
  return refundRecordId(orderId, childId);
}

/** A Magento UTC date-time (`2026-11-30 12:04:05`) as ISO-8601 UTC, or undefined. */
export function adobeCommerceVersionOf(updatedAt: string | null | undefined): string | undefined {
  if (!updatedAt) return undefined;
  const date = new Date(`${updatedAt.trim().replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(updatedAt) ? '' : 'Z'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const STORED_CAPTURE = z.object({ invoice: ADOBE_COMMERCE_INVOICE, order: ADOBE_COMMERCE_ORDER });
const STORED_CREDIT_MEMO = z.object({ creditMemo: ADOBE_COMMERCE_CREDIT_MEMO, order: ADOBE_COMMERCE_ORDER });

function readOrder(storeId: string, order: AdobeCommerceOrder): ReadRecord {
  const readiness = adobeCommerceOrderReadiness(order);
  if (!readiness.isReady) return { kind: 'not-yet', reason: `Order ${order.increment_id ?? order.entity_id} is not invoiced yet (${readiness.reason}); its next change posts it` };
  return { kind: 'sales-document', document: adobeCommerceOrderToSalesDocument(order, { storeId }) };
}

function readCapture(storeId: string, invoice: AdobeCommerceInvoice, order: AdobeCommerceOrder): ReadRecord {
  return {
    kind: 'capture',
    capture: adobeCommerceInvoiceToSalesCapture(invoice, {
      storeId,
      ...(order.increment_id ? { orderIncrementId: order.increment_id } : {}),
      ...(order.payment?.method ? { paymentMethod: order.payment.method } : {}),
    }),
  };
}

function readCreditMemo(storeId: string, creditMemo: AdobeCommerceCreditMemo, order: AdobeCommerceOrder): ReadRecord {
  const readiness = adobeCommerceCreditMemoReadiness(creditMemo);
  if (!readiness.isReady) return { kind: 'not-yet', reason: `Credit memo ${creditMemo.increment_id ?? creditMemo.entity_id} is not refunded yet (${readiness.reason})` };
  return { kind: 'sales-document', document: adobeCommerceCreditMemoToSalesDocument(creditMemo, order, { storeId }) };
}

function readCustomer(customer: AdobeCommerceCustomer): ReadRecord {
  return { kind: 'customer', customer: adobeCommerceCustomerToSalesCustomer(customer) };
}

function idOf(externalId: string): number {
  if (!/^\d+$/.test(externalId)) throw new MappingError('invalid-field', 'externalId', `"${externalId}" is not a Commerce entity id`);
  return Number(externalId);
}

/**
 * Adobe Commerce as a record source (REST `GET /V1/orders/{id}`, `/V1/invoices/{id}`, `/V1/creditmemo/{id}`,
 * `/V1/customers/{id}`, admin-schema-2.4.9.yaml). Webhook deliveries are stubs (we subscribe with `fields` limited to
 * the ids), so every record is fetched: an order or customer in 1 call; a capture (a Commerce invoice) or a credit
 * memo with its order in 2, since both are read against the order (its number, payment method, item tax rates).
 * Captures and credit memos follow their order's invoice (parent), and the store view code is the store id of
 * external references (`ac:<store>:<order id>[:c<invoice>|:m<credit memo>]`).
 */
export class AdobeCommerceRecordSource implements RecordSourceCapability {
  readonly entityTypes = ['order', 'capture', 'refund', 'customer'] as const;

  constructor(private readonly clients: AdobeCommerceClients) {}

  async fetch(conn: ConnectionEntity, entityType: string, externalId: string): Promise<FetchedRecord | undefined> {
    const client = await this.clients.forConnection(conn);
    const storeId = adobeCommerceStoreIdOf(conn);
    try {
      switch (entityType) {
        case 'order': {
          const order = await client.orders.get(idOf(externalId));
          return { raw: order, calls: 1, message: `Order ${order.increment_id ?? externalId} fetched from Adobe Commerce`, version: adobeCommerceVersionOf(order.updated_at), read: () => readOrder(storeId, order) };
        }
        case 'capture': {
          const { orderId, refundId: invoiceId } = splitRefundRecordId(externalId);
          const [invoice, order] = await Promise.all([client.invoices.get(Number(invoiceId)), client.orders.get(Number(orderId))]);
          return { raw: { invoice, order }, calls: 2, message: `Invoice ${invoice.increment_id ?? invoiceId} of order ${order.increment_id ?? orderId} fetched in 2 calls`, version: adobeCommerceVersionOf(invoice.updated_at), read: () => readCapture(storeId, invoice, order) };
        }
        case 'refund': {
          const { orderId, refundId: creditMemoId } = splitRefundRecordId(externalId);
          const [creditMemo, order] = await Promise.all([client.creditMemos.get(Number(creditMemoId)), client.orders.get(Number(orderId))]);
          return { raw: { creditMemo, order }, calls: 2, message: `Credit memo ${creditMemo.increment_id ?? creditMemoId} of order ${order.increment_id ?? orderId} fetched in 2 calls`, version: adobeCommerceVersionOf(creditMemo.updated_at), read: () => readCreditMemo(storeId, creditMemo, order) };
        }
        case 'customer': {
          const customer = await client.customers.get(idOf(externalId));
          return { raw: customer, calls: 1, message: `Customer ${externalId} fetched from Adobe Commerce`, version: adobeCommerceVersionOf(customer.updated_at), read: () => readCustomer(customer) };
        }
        default:
          throw new MappingError('invalid-field', 'entityType', `Adobe Commerce has no ${entityType} records`);
      }
    } catch (err) {
      if (err instanceof ConnectorNotFoundError) return undefined;
      throw err;
    }
  }

  read(conn: ConnectionEntity, entityType: string, raw: unknown): ReadRecord {
    const storeId = adobeCommerceStoreIdOf(conn);
    switch (entityType) {
      case 'order':
        return readOrder(storeId, parseStoredPayload(ADOBE_COMMERCE_ORDER, raw, 'order'));
      case 'capture': {
        const stored = parseStoredPayload(STORED_CAPTURE, raw, 'capture');
        return readCapture(storeId, stored.invoice, stored.order);
      }
      case 'refund': {
        const stored = parseStoredPayload(STORED_CREDIT_MEMO, raw, 'refund');
        return readCreditMemo(storeId, stored.creditMemo, stored.order);
      }
      case 'customer':
        return readCustomer(parseStoredPayload(ADOBE_COMMERCE_CUSTOMER, raw, 'customer'));
      default:
        throw new MappingError('invalid-field', 'entityType', `Adobe Commerce has no ${entityType} records`);
    }
  }

  parentOf(entityType: string, externalId: string): { entityType: string; externalId: string } | undefined {
    if (entityType !== 'refund' && entityType !== 'capture') return undefined;
    return { entityType: 'order', externalId: splitRefundRecordId(externalId).orderId };
  }
}
