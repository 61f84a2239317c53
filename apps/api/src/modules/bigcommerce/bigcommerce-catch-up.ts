import type { BigCommerceCustomerCursor, BigCommerceOrderCursor, BigCommerceRefundCursor } from '@mlc/connectors';
import type { ConnectionEntity } from '../../database/entities';
import type { CatchUpCapability, ChangedPage } from '../systems/capabilities';
import type { BigCommerceClients } from './bigcommerce-clients.service';
import { bigCommerceRefundRecordId } from './bigcommerce-records.adapter';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Catch-up listings of a BigCommerce store, with the window's upper bound frozen at the start of a run:
 * - orders by `min_date_modified` / `max_date_modified`, keyset-paged by id (orders.v2.oas2.yml `GET /orders`);
 *   one call per 50 orders;
 * - refunds by `created:min` / `created:max` (orders.v3.yml `GET /orders/payment_actions/refunds`), so a refund
 *   whose webhook was lost is found although its order was already invoiced; one call per page;
 * - customers by `date_modified:min` / `date_modified:max` (customers.v3.yml `GET /customers`); one call per page.
 * Cursors are the connector's own JSON cursors; a saved one resumes the run it belongs to.
 */
export class BigCommerceCatchUp implements CatchUpCapability {
  readonly entityTypes = ['order', 'refund', 'customer'] as const;

  constructor(private readonly clients: BigCommerceClients) {}

  async *listChanged(conn: ConnectionEntity, entityType: string, window: { since: Date | undefined; until: Date; resume: unknown }): AsyncIterable<ChangedPage> {
    const client = await this.clients.forConnection(conn);
    const resume = isObject(window.resume) ? window.resume : undefined;
    switch (entityType) {
      case 'order': {
        const from = resume && 'afterId' in resume ? (resume as BigCommerceOrderCursor) : { minDateModified: window.since, maxDateModified: window.until, sort: 'id:asc' as const };
        for await (const page of client.orders.list(from)) {
          yield {
            items: page.items.map((o) => ({ externalId: String(o.id), payload: { id: o.id, status_id: o.status_id, date_modified: o.date_modified, via: 'catch-up' } })),
            nextCursor: page.nextCursor,
          };
        }
        return;
      }
      case 'refund': {
        const from = resume && 'until' in resume ? (resume as BigCommerceRefundCursor) : { since: window.since, until: window.until };
        for await (const page of client.refunds.listCreatedSince(from)) {
          yield {
            items: page.items.map((r) => ({ externalId: bigCommerceRefundRecordId(r.order_id, r.id), payload: { id: r.id, order_id: r.order_id, created: r.created, via: 'catch-up' } })),
            nextCursor: page.nextCursor,
          };
        }
        return;
      }
      case 'customer': {
        const from = resume && 'until' in resume ? (resume as BigCommerceCustomerCursor) : { since: window.since };
        for await (const page of client.customers.listModifiedSince(from)) {
          yield {
            items: page.items.map((c) => ({ externalId: String(c.id), payload: { id: c.id, date_modified: c.date_modified, via: 'catch-up' } })),
            nextCursor: page.nextCursor,
          };
        }
        return;
      }
      default:
        return;
    }
  }
}
