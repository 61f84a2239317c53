import type { WooCommerceCustomerCursor, WooCommerceOrderCursor } from '@mlc/connectors';
import type { ConnectionEntity } from '../../database/entities';
import type { CatchUpCapability, ChangedPage } from '../systems/capabilities';
import type { WooCommerceClients } from './woocommerce-clients.service';
import { wooCommerceRefundRecordId, wooCommerceVersionOf } from './woocommerce-records.adapter';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Catch-up listings of a WooCommerce shop, the source of truth (the shop never retries a failed delivery, disables a
 * hook after repeated failures and may not run its scheduler on a quiet site), with the window frozen at the start:
 * - orders by `modified_after`/`modified_before` with `dates_are_gmt=true`, sorted by `modified` (REST API docs, list
 *   all orders); the whole orders come back, so each is received with its version and posted without another call;
 *   one call per 100 changed orders;
 * - refunds from the same listing (each changed order's `refunds[]`; a refund changes its order), one call per 100;
 * - customers: there is no modified filter (`orderby` is id, include, name or registered_date), so a bounded full
 *   scan by id keeps the customers whose `date_modified_gmt` falls in the window: ceil(customers / 100) calls per run.
 *   Webhooks bring customer changes sooner; the scan on the flow's schedule makes sure none is missed.
 */
export class WooCommerceCatchUp implements CatchUpCapability {
  readonly entityTypes = ['order', 'refund', 'customer'] as const;

  constructor(private readonly clients: WooCommerceClients) {}

  async *listChanged(conn: ConnectionEntity, entityType: string, window: { since: Date | undefined; until: Date; resume: unknown }): AsyncIterable<ChangedPage> {
    const client = await this.clients.forConnection(conn);
    const resume = isObject(window.resume) ? window.resume : undefined;
    switch (entityType) {
      case 'order':
      case 'refund': {
        const from = resume ? (resume as WooCommerceOrderCursor) : { since: window.since, until: window.until };
        for await (const page of client.orders.listModified(from)) {
          yield {
            items:
              entityType === 'order'
                ? page.items.map((o) => ({ externalId: String(o.id), payload: o, ...versionOf(o.date_modified_gmt) }))
                : page.items.flatMap((o) => (o.refunds ?? []).map((r) => ({ externalId: wooCommerceRefundRecordId(o.id, r.id), payload: { id: r.id, order_id: o.id, total: r.total ?? null, via: 'catch-up' } }))),
            nextCursor: page.nextCursor,
          };
        }
        return;
      }
      case 'customer': {
        const from = resume ? (resume as WooCommerceCustomerCursor) : {};
        const since = window.since?.toISOString();
        const until = window.until.toISOString();
        for await (const page of client.customers.scan(from)) {
          yield {
            items: page.items
              .filter((c) => {
                const version = wooCommerceVersionOf(c.date_modified_gmt);
                return version === undefined || ((since === undefined || version >= since) && version <= until);
              })
              .map((c) => ({ externalId: String(c.id), payload: c, ...versionOf(c.date_modified_gmt) })),
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

function versionOf(gmt: string | null | undefined): { version?: string } {
  const version = wooCommerceVersionOf(gmt);
  return version ? { version } : {};
}
