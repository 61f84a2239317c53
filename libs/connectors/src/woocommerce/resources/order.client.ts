/**
 * Orders (docs `_orders.md`): one order, and delta listing by `modified_after`/`modified_before` with
 * `dates_are_gmt=true`, `orderby=modified`, `order=asc`, `per_page=100`, `page` (list parameters of "List all orders").
 */
import type { PageIterator } from '../../core';
import { WC_ORDER, WC_ORDER_LIST, type WooCommerceOrder } from '../woocommerce.schema';
import { toWooCommerceGmt, wcSegment, WooCommerceResource, WOOCOMMERCE_MAX_PER_PAGE, wooCommerceGmtMs } from './woocommerce-resource';

/**
 * JSON cursor of an order listing (save it after every page; pass it back to resume). All dates are UTC at second
 * precision without zone, as `date_modified_gmt`.
 * - `until`: the window's upper bound, frozen when the run starts (`modified_before`, exclusive, the second after it).
 * - `after`: the lower bound sent as `modified_after` (exclusive), null for the whole history.
 * - `page`: the page under `after`; above 1 only while more than 100 orders share one second.
 * - `lastModified` / `lastIds`: the newest `date_modified_gmt` yielded so far and the ids yielded with exactly that
 *   date (the tie-break), so re-read orders are not yielded twice.
 */
export type WooCommerceOrderCursor = { until: string; after: string | null; page: number; lastModified: string | null; lastIds: number[] };

/** Where a listing starts: orders modified in [since, until) (`since` absent: from the beginning). */
export type WooCommerceOrderWindow = { since?: Date | undefined; until: Date };

/** Orders of one shop. */
export class WooCommerceOrderClient extends WooCommerceResource {
  /**
   * GET /orders/{id}. Amounts are major-unit decimal strings.
   * @throws ConnectorNotFoundError (404 `woocommerce_rest_shop_order_invalid_id`) when the order does not exist
   */
  async get(id: number): Promise<WooCommerceOrder> {
    return this.read(`/orders/${wcSegment(id)}`, WC_ORDER);
  }

  /**
   * Pages of orders modified in the window, oldest change first, 100 per call, or resumed from a saved cursor.
   * Paging is keyed on the last `date_modified_gmt` seen, not on page numbers: an order changed while we page moves
   * to the end of the `orderby=modified` list (so page numbers would skip the order that slides into its place).
   * After a full page the next request asks `modified_after` = (last date seen − 1 s), which re-reads that second,
   * and drops the orders of that second already yielded (`lastIds`); only when a whole page shares one second does
   * it step to the next page under the same bound. Bounds are exclusive (WordPress date_query before/after), so the
   * first request asks `modified_after` = since − 1 s to include changes in `since`'s own second; a boundary order
   * may therefore come in two runs: de-duplicate on id + `date_modified_gmt`. Reads `X-WP-TotalPages` to stop
   * without an extra empty call. Cost: one call per 100 changed orders (plus one per re-read boundary second).
   * @throws ConnectorError family from the transport (auth, rate-limited, transient, schema mismatch)
   */
  async *listModified(from: WooCommerceOrderWindow | WooCommerceOrderCursor): PageIterator<WooCommerceOrder, WooCommerceOrderCursor> {
    let cursor: WooCommerceOrderCursor | undefined = 'lastIds' in from ? from : startCursor(from);
    while (cursor) {
      const query: Record<string, string | number | boolean> = {
        modified_before: cursor.until,
        dates_are_gmt: true,
        orderby: 'modified',
        order: 'asc',
        per_page: WOOCOMMERCE_MAX_PER_PAGE,
        page: cursor.page,
      };
      if (cursor.after !== null) query['modified_after'] = cursor.after;
      const answer = await this.readList('/orders', WC_ORDER_LIST, query);
      const c: WooCommerceOrderCursor = cursor;
      const fresh = answer.items.filter((o) => !(o.date_modified_gmt === c.lastModified && c.lastIds.includes(o.id)));
      let lastModified = c.lastModified;
      let lastIds = [...c.lastIds];
      for (const o of fresh) {
        const m = o.date_modified_gmt;
        if (m === null) continue;
        if (m === lastModified) lastIds.push(o.id);
        else if (lastModified === null || m > lastModified) {
          lastModified = m;
          lastIds = [o.id];
        }
      }
      const isLast = answer.items.length < WOOCOMMERCE_MAX_PER_PAGE || (answer.totalPages !== undefined && c.page >= answer.totalPages);
      let next: WooCommerceOrderCursor | undefined;
      if (!isLast) {
        const bound = lastModified === null ? c.after : toWooCommerceGmt(wooCommerceGmtMs(lastModified) - 1000);
        next = bound !== null && (c.after === null || bound > c.after) ? { ...c, after: bound, page: 1, lastModified, lastIds } : { ...c, page: c.page + 1, lastModified, lastIds };
      }
      yield { items: fresh, nextCursor: next };
      cursor = next;
    }
  }
}

function startCursor(w: WooCommerceOrderWindow): WooCommerceOrderCursor {
  return {
    // Dates have whole seconds and `modified_before` is exclusive: the next second, so `until`'s own second is read now
    // (an order changed in it would otherwise wait for the next run; the overlap is de-duplicated by version).
    until: toWooCommerceGmt(w.until.getTime() + 1000),
    after: w.since ? toWooCommerceGmt(w.since.getTime() - 1000) : null,
    page: 1,
    lastModified: null,
    lastIds: [],
  };
}
