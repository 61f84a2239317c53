import { CT_PAYMENT, type CommercetoolsClient, type CommercetoolsListCursor, type CommercetoolsOrder, type CommercetoolsPage, type CommercetoolsPayment } from '@mlc/connectors';
import type { ConnectionEntity } from '../../database/entities';
import type { CatchUpCapability, ChangedPage, ChangedRecord } from '../systems/capabilities';
import type { CommercetoolsClients } from './commercetools-clients.service';
import { commercetoolsCancellationRecordId, commercetoolsTransactionRecordId, ORDER_WITH_PAYMENTS } from './commercetools-records.adapter';

/** Re-read this long before the window start: a record committed late with an earlier `lastModifiedAt`. */
const OVERLAP_MS = 5_000;
/**
 * Records per page of a catch-up listing. The API allows 500; a run saves its cursor after each page, so smaller pages
 * lose less work when a worker dies mid-run (one page of 500 received one by one outlived the chaos suite's kills).
 */
const PAGE_LIMIT = 100;
/** Largest `in (…)` list of payment ids in one order query (a page of payments holds at most PAGE_LIMIT). */
const PAYMENT_IDS_PER_QUERY = 100;

/** Which listing a step of a run reads: changed payments (their orders looked up) or changed orders. */
type Step = { resource: 'payments' | 'orders' | 'customers' | 'products'; storeKey: string | null };
/** The catch-up cursor: the step being read and the connector's cursor inside it. */
type Cursor = { v: 'ct1'; step: number; inner: CommercetoolsListCursor | null };

function isCursor(value: unknown): value is Cursor {
  return typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 'ct1';
}

/** The transaction types each event entity is made of (openapi.yaml `TransactionType`). */
const TYPES_OF: Record<string, readonly string[]> = { capture: ['Charge'], refund: ['Refund', 'Chargeback'] };

/**
 * Catch-up listings of a commercetools project, the source of truth (commercetools has no HTTP webhooks):
 * - `order`, `customer`, `product`: `GET /{projectKey}/orders|customers|products` with `where=lastModifiedAt > … and lastModifiedAt <= …`,
 *   `sort=lastModifiedAt asc&sort=id asc`, `withTotal=false`, 100 per page, by key cursor (never past the 10,000
 *   offset cap); per store under `in-store/key=…` for store-limited connections.
 * - `capture` (successful Charges) and `refund` (successful Refunds and Chargebacks, and cancellations after a
 *   charge): first the changed payments (`GET /payments` the same way; a transaction added or changing state changes
 *   its payment, not its order), their orders found with `paymentInfo(payments(id in (…)))` (one query per 100);
 *   then the changed orders with their payments expanded, for payments charged before their order existed and for
 *   cancellations. Each transaction is one record `<order>:<payment>:<transaction>`; a cancellation `<order>:x`.
 * Stubs carry type, state and amount, so a listed-again transaction that did not change is a duplicate at intake.
 */
export class CommercetoolsCatchUp implements CatchUpCapability {
  readonly entityTypes = ['order', 'capture', 'refund', 'customer', 'product'] as const;

  constructor(private readonly clients: CommercetoolsClients) {}

  async *listChanged(conn: ConnectionEntity, entityType: string, window: { since: Date | undefined; until: Date; resume: unknown }): AsyncIterable<ChangedPage> {
    const client = await this.clients.forConnection(conn);
    const stores: (string | null)[] = client.settings.storeKeys.length ? [...client.settings.storeKeys] : [null];
    const steps: Step[] =
      entityType === 'product'
        ? [{ resource: 'products', storeKey: null }]
        : entityType === 'customer'
        ? stores.map((storeKey) => ({ resource: 'customers', storeKey }))
        : entityType === 'order'
          ? stores.map((storeKey) => ({ resource: 'orders', storeKey }))
          : [{ resource: 'payments', storeKey: null }, ...stores.map((storeKey): Step => ({ resource: 'orders', storeKey }))];
    const since = window.since ? new Date(window.since.getTime() - OVERLAP_MS) : undefined;
    const resume = isCursor(window.resume) ? window.resume : undefined;
    for (let index = resume?.step ?? 0; index < steps.length; index += 1) {
      const step = steps[index] as Step;
      const inner = resume && resume.step === index ? resume.inner : null;
      const from = inner ?? { since, until: window.until, limit: PAGE_LIMIT, ...(step.storeKey ? { storeKey: step.storeKey } : {}) };
      const next = (page: { nextCursor: CommercetoolsListCursor | undefined }): Cursor | undefined =>
        page.nextCursor ? { v: 'ct1', step: index, inner: page.nextCursor } : index + 1 < steps.length ? { v: 'ct1', step: index + 1, inner: null } : undefined;
      if (step.resource === 'products') {
        for await (const page of client.products.listModified(from)) {
          yield { items: page.items.map((p) => ({ externalId: p.id, payload: { id: p.id, key: p.key ?? null, lastModifiedAt: p.lastModifiedAt, via: 'catch-up' }, version: p.lastModifiedAt })), nextCursor: next(page) };
        }
      } else if (step.resource === 'customers') {
        for await (const page of client.customers.listModified(from)) {
          yield { items: page.items.map((c) => ({ externalId: c.id, payload: { id: c.id, lastModifiedAt: c.lastModifiedAt, via: 'catch-up' }, version: c.lastModifiedAt })), nextCursor: next(page) };
        }
      } else if (step.resource === 'orders') {
        for await (const page of client.orders.listModified(from, entityType === 'order' ? {} : { expand: ORDER_WITH_PAYMENTS })) {
          yield { items: entityType === 'order' ? page.items.map(orderStub) : eventsOfOrders(page, entityType), nextCursor: next(page) };
        }
      } else {
        for await (const page of client.payments.listModified(from)) {
          yield { items: await eventsOfPayments(client, page.items, entityType), nextCursor: next(page) };
        }
      }
    }
  }
}

function orderStub(order: CommercetoolsOrder): ChangedRecord {
  return {
    externalId: order.id,
    payload: { id: order.id, orderNumber: order.orderNumber ?? null, orderState: order.orderState, paymentState: order.paymentState ?? null, lastModifiedAt: order.lastModifiedAt, via: 'catch-up' },
    version: order.lastModifiedAt,
  };
}

/** The successful transactions of `entityType`'s types on a payment. */
function postableTransactions(payment: CommercetoolsPayment, entityType: string): CommercetoolsPayment['transactions'] {
  const types = TYPES_OF[entityType] ?? [];
  return payment.transactions.filter((t) => types.includes(t.type) && t.state === 'Success');
}

/** The successful transactions of `entityType`'s types on a payment, as records of `orderId`. */
function transactionRecords(orderId: string, payment: CommercetoolsPayment, entityType: string): ChangedRecord[] {
  return postableTransactions(payment, entityType)
    .map((t) => ({
      externalId: commercetoolsTransactionRecordId(orderId, payment.id, t.id),
      payload: { orderId, paymentId: payment.id, transactionId: t.id, type: t.type, state: t.state, amount: t.amount, via: 'catch-up' },
    }));
}

/** Orders read with their payments expanded → their transactions' records, and cancellations for `refund`. */
function eventsOfOrders(page: CommercetoolsPage<CommercetoolsOrder>, entityType: string): ChangedRecord[] {
  const out: ChangedRecord[] = [];
  for (const order of page.items) {
    for (const ref of order.paymentInfo?.payments ?? []) {
      const expanded = CT_PAYMENT.safeParse(ref['obj']);
      if (expanded.success) out.push(...transactionRecords(order.id, expanded.data, entityType));
    }
    if (entityType === 'refund' && order.orderState === 'Cancelled') {
      out.push({ externalId: commercetoolsCancellationRecordId(order.id), payload: { orderId: order.id, orderState: order.orderState, lastModifiedAt: order.lastModifiedAt, via: 'catch-up' } });
    }
  }
  return out;
}

/**
 * Changed payments → their transactions' records. A payment names no order, so the orders holding these payments are
 * queried (`paymentInfo(payments(id in :ids))`); a payment of no order yet (a cart's) is left to the orders step of a
 * later run, when its order exists.
 */
async function eventsOfPayments(client: CommercetoolsClient, payments: readonly CommercetoolsPayment[], entityType: string): Promise<ChangedRecord[]> {
  const relevant = payments.filter((p) => postableTransactions(p, entityType).length > 0);
  const orderOf = new Map<string, string>();
  for (let i = 0; i < relevant.length; i += PAYMENT_IDS_PER_QUERY) {
    const ids = relevant.slice(i, i + PAYMENT_IDS_PER_QUERY).map((p) => p.id);
    const stores: (string | null)[] = client.settings.storeKeys.length ? [...client.settings.storeKeys] : [null];
    for (const storeKey of stores) {
      const found = await client.orders.query({ where: ['paymentInfo(payments(id in :ids))'], vars: { ids }, limit: 500 }, storeKey ? { storeKey } : {});
      for (const order of found.results) for (const ref of order.paymentInfo?.payments ?? []) if (ids.includes(ref.id)) orderOf.set(ref.id, order.id);
    }
  }
  return relevant.flatMap((p) => {
    const orderId = orderOf.get(p.id);
    return orderId ? transactionRecords(orderId, p, entityType) : [];
  });
}
