import { CT_CUSTOMER, CT_ORDER, CT_PAYMENT, CT_PRODUCT, ConnectorNotFoundError, type CommercetoolsClient, type CommercetoolsCustomer, type CommercetoolsOrder, type CommercetoolsPayment, type CommercetoolsProduct } from '@mlc/connectors';
import {
  commercetoolsCustomerToSalesCustomer,
  commercetoolsProductToCatalogItems,
  commercetoolsOrderToSalesDocument,
  commercetoolsPaymentEvents,
  MappingError,
  type CommercetoolsPaymentEvent,
  type CtCustomer,
  type CtOrder,
  type CtPayment,
} from '@mlc/mapping';
import { z } from 'zod';
import type { ConnectionEntity } from '../../database/entities';
import type { FetchedRecord, ReadRecord, RecordSourceCapability } from '../systems/capabilities';
import { parseStoredPayload } from '../systems/stored-payload';
import { commercetoolsProjectKeyOf, type CommercetoolsClients } from './commercetools-clients.service';

/** Expansion that puts each payment (with its transactions) into the order: one call for an order and its events. */
export const ORDER_WITH_PAYMENTS = ['paymentInfo.payments[*]'] as const;

/** The suffix of an order's cancellation record (`<order id>:x`, kind letter `x` of external-reference.ts). */
const CANCELLATION = 'x';

/** A record id of a payment event: `<order id>:<payment id>:<transaction id>`, or `<order id>:x` for a cancellation. */
export type CommercetoolsEventId = { orderId: string; paymentId: string; transactionId: string } | { orderId: string; cancellation: true };

/** `<orderId>:<paymentId>:<transactionId>`: the record id of one payment transaction (its order first, for its parent). */
export function commercetoolsTransactionRecordId(orderId: string, paymentId: string, transactionId: string): string {
  return `${orderId}:${paymentId}:${transactionId}`;
}

/** `<orderId>:x`: the record id of an order's cancellation. */
export function commercetoolsCancellationRecordId(orderId: string): string {
  return `${orderId}:${CANCELLATION}`;
}

/** @throws MappingError `invalid-field` on `externalId` for any other shape. */
export function splitCommercetoolsEventId(externalId: string): CommercetoolsEventId {
  const parts = externalId.split(':');
  const [orderId, second, third] = parts;
  if (orderId && second === CANCELLATION && parts.length === 2) return { orderId, cancellation: true };
  if (orderId && second && third && parts.length === 3) return { orderId, paymentId: second, transactionId: third };
  throw new MappingError('invalid-field', 'externalId', `commercetools event record id "${externalId}" is not <order>:<payment>:<transaction> or <order>:x`);
}

/** What a fetched order-side record holds: the order and its payments (with transactions), as stored for replay. */
const STORED_ORDER = z.object({ order: CT_ORDER, payments: z.array(CT_PAYMENT) });
type StoredOrder = { order: CommercetoolsOrder; payments: CommercetoolsPayment[] };
/** An event record's stored payload: its order and payments, plus its own record id (which transaction it is). */
const STORED_EVENT = z.object({ order: CT_ORDER, payments: z.array(CT_PAYMENT), recordId: z.string() });

/**
 * The connector's zod-checked records as the mapping library's input types: the one place the two meet. Both follow
 * openapi.yaml `Order`, `Payment`, `Customer` field for field (money in `CentPrecisionMoney` where the spec says so,
 * the spec's enums); they differ only in how unread fields are typed (the connector passes them through as
 * `unknown`, the mapping names the optional ones it reads, e.g. `discountOnTotalPrice`, and checks them at run time,
 * throwing a MappingError that names the field). Hence the conversion is a type assertion, not a copy.
 */
function asMappingOrder(order: CommercetoolsOrder): CtOrder {
  return order as unknown as CtOrder;
}
function asMappingPayments(payments: readonly CommercetoolsPayment[]): CtPayment[] {
  return payments as unknown as CtPayment[];
}
function asMappingCustomer(customer: CommercetoolsCustomer): CtCustomer {
  return customer;
}

/** A product → the items (one per SKU) the ERP's item master should hold; one with no SKU posts nothing. */
function readProduct(product: CommercetoolsProduct): ReadRecord {
  const items = commercetoolsProductToCatalogItems(product);
  if (!items.length) return { kind: 'not-yet', reason: `Product ${product.key ?? product.id} has no variant with a SKU; nothing to put in the item master` };
  return { kind: 'catalog-items', items, productId: product.id };
}

/** Whether any payment holds a successful Charge (money was taken). */
export function hasSuccessfulCharge(payments: readonly CommercetoolsPayment[]): boolean {
  return payments.some((p) => p.transactions.some((t) => t.type === 'Charge' && t.state === 'Success'));
}

/**
 * An order → its customer invoice once money was taken (a successful Charge), its payment state is Paid, or it is
 * Complete (an order paid on account); until then `not-yet` (its first charge asks for it again, as the charge's
 * parent). An order cancelled before any charge posts nothing: skipped, visibly.
 */
function readOrder(projectKey: string, stored: StoredOrder): ReadRecord {
  const { order, payments } = stored;
  const label = order.orderNumber ?? order.id;
  const isCharged = hasSuccessfulCharge(payments);
  if (order.orderState === 'Cancelled' && !isCharged) return { kind: 'not-yet', reason: `Order ${label} was cancelled before any charge; nothing to post` };
  if (!isCharged && order.paymentState !== 'Paid' && order.orderState !== 'Complete') {
    return { kind: 'not-yet', reason: `Order ${label} has no successful charge yet (payment state ${order.paymentState ?? 'none'}); its first charge posts it` };
  }
  return { kind: 'sales-document', document: commercetoolsOrderToSalesDocument(asMappingOrder(order), { projectKey }) };
}

function eventToRead(event: CommercetoolsPaymentEvent): ReadRecord {
  switch (event.kind) {
    case 'customer-payment':
      return { kind: 'capture', capture: event.capture };
    case 'credit-note':
      return { kind: 'sales-document', document: event.document };
    case 'skip':
      return { kind: 'not-yet', reason: `Nothing to post: ${event.message}` };
  }
}

/**
 * A payment event record → what it posts: the event of `commercetoolsPaymentEvents` with this record's payment and
 * transaction (or the cancellation). @throws MappingError when the order no longer holds that transaction.
 */
function readEvent(projectKey: string, entityType: string, externalId: string, stored: StoredOrder): ReadRecord {
  const id = splitCommercetoolsEventId(externalId);
  const events = commercetoolsPaymentEvents(asMappingOrder(stored.order), asMappingPayments(stored.payments), { projectKey });
  if ('cancellation' in id) {
    const cancellation = events.find((e) => e.paymentId === undefined);
    if (!cancellation) return { kind: 'not-yet', reason: `Order ${stored.order.orderNumber ?? stored.order.id} is not cancelled (state ${stored.order.orderState}); nothing to credit` };
    return eventToRead(cancellation);
  }
  const event = events.find((e) => e.paymentId === id.paymentId && e.transactionId === id.transactionId);
  if (!event) throw new MappingError('invalid-field', 'transactionId', `transaction ${id.transactionId} is not on payment ${id.paymentId} of order ${id.orderId}`);
  const read = eventToRead(event);
  const expected = entityType === 'capture' ? 'capture' : 'sales-document';
  if (read.kind !== 'not-yet' && read.kind !== expected) {
    throw new MappingError('invalid-field', 'transactionId', `transaction ${id.transactionId} is a ${event.transactionType ?? 'transaction'}, not a ${entityType}`);
  }
  return read;
}

/**
 * commercetools as a record source (openapi.yaml `GET /{projectKey}/orders/{ID}` with
 * `expand=paymentInfo.payments[*]`, `GET /{projectKey}/customers/{ID}`). An order and every event of it (a charge, a
 * refund, a chargeback, its cancellation) are read from the order with its payments expanded, in one call: the
 * events are the order's payment transactions, read against the invoice they settle or credit. Events follow the
 * order's invoice (parent), so a transaction polled before its order waits for the invoice by that declared
 * dependency, and every event of an order goes to the company its invoice went to. The project key is the store id
 * of external references (`ct:<project>:<order id>`).
 */
export class CommercetoolsRecordSource implements RecordSourceCapability {
  readonly entityTypes = ['order', 'capture', 'refund', 'customer', 'product'] as const;

  constructor(private readonly clients: CommercetoolsClients) {}

  async fetch(conn: ConnectionEntity, entityType: string, externalId: string): Promise<FetchedRecord | undefined> {
    const client = await this.clients.forConnection(conn);
    const projectKey = commercetoolsProjectKeyOf(conn);
    try {
      switch (entityType) {
        case 'order': {
          const { stored, calls } = await fetchOrder(client, externalId);
          return { raw: stored, calls, message: `Order ${stored.order.orderNumber ?? externalId} fetched from commercetools with ${stored.payments.length} payment(s)`, version: stored.order.lastModifiedAt, read: () => readOrder(projectKey, stored) };
        }
        case 'capture':
        case 'refund': {
          const { orderId } = splitCommercetoolsEventId(externalId);
          const { stored, calls } = await fetchOrder(client, orderId);
          return { raw: { ...stored, recordId: externalId }, calls, message: `Order ${stored.order.orderNumber ?? orderId} and its ${stored.payments.length} payment(s) fetched for ${entityType} ${externalId}`, read: () => readEvent(projectKey, entityType, externalId, stored) };
        }
        case 'product': {
          const product = await client.products.get(externalId);
          return { raw: product, calls: 1, message: `Product ${product.key ?? externalId} fetched from commercetools`, version: product.lastModifiedAt, read: () => readProduct(product) };
        }
        case 'customer': {
          const customer = await client.customers.get(externalId);
          return { raw: customer, calls: 1, message: `Customer ${customer.email} fetched from commercetools`, version: customer.lastModifiedAt, read: () => ({ kind: 'customer', customer: commercetoolsCustomerToSalesCustomer(asMappingCustomer(customer)) }) };
        }
        default:
          throw new MappingError('invalid-field', 'entityType', `commercetools has no ${entityType} records`);
      }
    } catch (err) {
      if (err instanceof ConnectorNotFoundError) return undefined;
      throw err;
    }
  }

  read(conn: ConnectionEntity, entityType: string, raw: unknown): ReadRecord {
    const projectKey = commercetoolsProjectKeyOf(conn);
    switch (entityType) {
      case 'order':
        return readOrder(projectKey, parseStoredPayload(STORED_ORDER, raw, 'order'));
      case 'capture':
      case 'refund': {
        const stored = parseStoredPayload(STORED_EVENT, raw, entityType);
        return readEvent(projectKey, entityType, stored.recordId, stored);
      }
      case 'customer':
        return { kind: 'customer', customer: commercetoolsCustomerToSalesCustomer(asMappingCustomer(parseStoredPayload(CT_CUSTOMER, raw, 'customer'))) };
      case 'product':
        return readProduct(parseStoredPayload(CT_PRODUCT, raw, 'product'));
      default:
        throw new MappingError('invalid-field', 'entityType', `commercetools has no ${entityType} records`);
    }
  }

  parentOf(entityType: string, externalId: string): { entityType: string; externalId: string } | undefined {
    if (entityType !== 'capture' && entityType !== 'refund') return undefined;
    return { entityType: 'order', externalId: splitCommercetoolsEventId(externalId).orderId };
  }
}

/**
 * The order with its payments: one call with the payments expanded; a payment the expansion left out (deleted, or
 * not visible to the API client) is read on its own, and one that no longer exists is left out.
 */
async function fetchOrder(client: CommercetoolsClient, orderId: string): Promise<{ stored: StoredOrder; calls: number }> {
  const order = await client.orders.get(orderId, { expand: ORDER_WITH_PAYMENTS });
  let calls = 1;
  const payments: CommercetoolsPayment[] = [];
  for (const ref of order.paymentInfo?.payments ?? []) {
    const expanded = ref['obj'];
    const parsed = expanded === undefined ? undefined : CT_PAYMENT.safeParse(expanded);
    if (parsed?.success) {
      payments.push(parsed.data);
      continue;
    }
    calls += 1;
    try {
      payments.push(await client.payments.get(ref.id));
    } catch (err) {
      if (!(err instanceof ConnectorNotFoundError)) throw err;
    }
  }
  return { stored: { order, payments }, calls };
}
