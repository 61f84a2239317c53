/**
 * Customers (docs `_customers.md`). The list has no modified filter (`orderby` is id, include, name or
 * registered_date) and `role` defaults to `customer` (so `role=all` is passed to see every user that can order).
 */
import type { PageIterator } from '../../core';
import { WC_CUSTOMER, WC_CUSTOMER_LIST, type WooCommerceCustomer } from '../woocommerce.schema';
import { wcSegment, WooCommerceResource, WOOCOMMERCE_MAX_PER_PAGE } from './woocommerce-resource';

/**
 * JSON cursor of a customer scan: `offset` = customers read so far in id order (the position after `lastId`),
 * `lastId` = the highest id yielded (null before the first page).
 */
export type WooCommerceCustomerCursor = { offset: number; lastId: number | null };

/** Start of a fresh scan: `{}`. */
export type WooCommerceCustomerScanStart = { [K in keyof WooCommerceCustomerCursor]?: never };

/** Customers of one shop. */
export class WooCommerceCustomerClient extends WooCommerceResource {
  /**
   * GET /customers/{id}.
   * @throws ConnectorNotFoundError (`woocommerce_rest_invalid_id`) when the customer does not exist
   */
  async get(id: number): Promise<WooCommerceCustomer> {
    return this.read(`/customers/${wcSegment(id)}`, WC_CUSTOMER);
  }

  /**
   * A bounded full scan of every customer by id (`role=all&orderby=id&order=asc&per_page=100&offset=…`), resumable
   * after the last id. New customers get higher ids, so they only append; a deleted one would shift later customers
   * one place left, so each page after the first starts one row early, on the previous page's last customer: when
   * that row is no longer `lastId`, the scan steps back a page (ids ≤ `lastId` are dropped, nothing is skipped).
   * Cost: one call per 99 customers after the first 100, i.e. about ceil(N/100) calls per scan (plus one per
   * step-back after deletions). Filter on `date_modified_gmt` yourself; the API cannot.
   * @throws ConnectorError family from the transport
   */
  async *scan(from: WooCommerceCustomerScanStart | WooCommerceCustomerCursor): PageIterator<WooCommerceCustomer, WooCommerceCustomerCursor> {
    let cursor: WooCommerceCustomerCursor = typeof from.offset === 'number' ? { offset: from.offset, lastId: from.lastId ?? null } : { offset: 0, lastId: null };
    for (;;) {
      const start = cursor.lastId === null ? cursor.offset : Math.max(0, cursor.offset - 1);
      const answer = await this.readList('/customers', WC_CUSTOMER_LIST, { role: 'all', orderby: 'id', order: 'asc', per_page: WOOCOMMERCE_MAX_PER_PAGE, offset: start });
      const lastId = cursor.lastId;
      const first = answer.items[0];
      if (lastId !== null && start > 0 && (first === undefined || first.id > lastId)) {
        cursor = { offset: Math.max(1, start + 1 - WOOCOMMERCE_MAX_PER_PAGE), lastId };
        continue;
      }
      const fresh = lastId === null ? answer.items : answer.items.filter((c) => c.id > lastId);
      const isLast = answer.items.length < WOOCOMMERCE_MAX_PER_PAGE;
      const newLast = fresh.at(-1)?.id ?? lastId;
      const next: WooCommerceCustomerCursor | undefined = isLast ? undefined : { offset: start + answer.items.length, lastId: newLast };
      yield { items: fresh, nextCursor: next };
      if (!next) return;
      cursor = next;
    }
  }
}
