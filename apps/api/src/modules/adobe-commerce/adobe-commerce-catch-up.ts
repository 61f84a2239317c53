import { adobeCommerceStateOf, type AdobeCommerceListCursor } from '@mlc/connectors';
import type { ConnectionEntity } from '../../database/entities';
import type { CatchUpCapability, ChangedPage } from '../systems/capabilities';
import type { AdobeCommerceClients } from './adobe-commerce-clients.service';
import { adobeCommerceChildRecordId, adobeCommerceVersionOf } from './adobe-commerce-records.adapter';

function isCursor(value: unknown): value is AdobeCommerceListCursor {
  return typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 1;
}

/**
 * Ids, state and `updated_at` only: the listing's records are whole, but a capture or credit memo is read against its
 * order, so the worker fetches. The state makes a change within one second a new payload (see the webhook verifier).
 */
function stub(id: number, orderId: number | undefined, updatedAt: string | null | undefined, state: string | undefined): Record<string, unknown> {
  return { id, ...(orderId === undefined ? {} : { order_id: orderId }), state: state ?? null, updated_at: updatedAt ?? null, via: 'catch-up' };
}

/**
 * Catch-up listings of an Adobe Commerce store, the source of truth when the webhook module is missing or a delivery
 * was lost: `GET /V1/orders|invoices|creditmemos|customers/search` with `searchCriteria` on `updated_at` (gteq the
 * window start minus an overlap, lteq its frozen end; one-second granularity, so the overlap is de-duplicated), sorted
 * by `updated_at` and id, always with `pageSize`, stopping at `currentPage * pageSize >= total_count` (a page past the
 * end returns the last one again: magento2 #3787, #26986; commerce-webapi `performing-searches.md`). One call per
 * page of up to 100 records; each found record is received with its `updated_at` as its version.
 */
export class AdobeCommerceCatchUp implements CatchUpCapability {
  readonly entityTypes = ['order', 'capture', 'refund', 'customer'] as const;

  constructor(private readonly clients: AdobeCommerceClients) {}

  async *listChanged(conn: ConnectionEntity, entityType: string, window: { since: Date | undefined; until: Date; resume: unknown }): AsyncIterable<ChangedPage> {
    const client = await this.clients.forConnection(conn);
    const from = { since: window.since, until: window.until, pageSize: 100, ...(isCursor(window.resume) ? { resume: window.resume } : {}) };
    const version = (updatedAt: string | null | undefined): { version?: string } => {
      const v = adobeCommerceVersionOf(updatedAt);
      return v ? { version: v } : {};
    };
    switch (entityType) {
      case 'order':
        for await (const page of client.orders.listModified(from)) {
          yield { items: page.items.map((o) => ({ externalId: String(o.entity_id), payload: stub(o.entity_id, undefined, o.updated_at, adobeCommerceStateOf(o)), ...version(o.updated_at) })), nextCursor: page.nextCursor };
        }
        return;
      case 'capture':
        for await (const page of client.invoices.listModified(from)) {
          yield { items: page.items.map((i) => ({ externalId: adobeCommerceChildRecordId(i.order_id, i.entity_id), payload: stub(i.entity_id, i.order_id, i.updated_at, adobeCommerceStateOf(i)), ...version(i.updated_at) })), nextCursor: page.nextCursor };
        }
        return;
      case 'refund':
        for await (const page of client.creditMemos.listModified(from)) {
          yield { items: page.items.map((m) => ({ externalId: adobeCommerceChildRecordId(m.order_id, m.entity_id), payload: stub(m.entity_id, m.order_id, m.updated_at, adobeCommerceStateOf(m)), ...version(m.updated_at) })), nextCursor: page.nextCursor };
        }
        return;
      case 'customer':
        for await (const page of client.customers.listModified(from)) {
          yield { items: page.items.map((c) => ({ externalId: String(c.id), payload: stub(c.id, undefined, c.updated_at, undefined), ...version(c.updated_at) })), nextCursor: page.nextCursor };
        }
        return;
      default:
        return;
    }
  }
}
