/**
 * Shared plumbing of the BigCommerce resource clients: `/v2` and `/v3` path builders under one store, date
 * formatting for filters, and V3 page-number paging driven by `meta.pagination` (customers.v3.yml `Pagination`:
 * `total_pages`, `current_page`; query `page` default 1, `limit` default 50).
 */
import type { ZodType, ZodTypeDef } from 'zod';
import type { Clock, HttpTransport, QueryValue } from '../../core';
import type { BigCommercePagination } from '../schemas/common.schema';

/** Base class holding the transport (its base URL already ends in `/stores/{store_hash}`) and the clock. */
export abstract class BigCommerceResource {
  constructor(
    protected readonly http: HttpTransport,
    protected readonly clock: Clock,
  ) {}

  /** GET and validate. */
  protected async read<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, query?: Readonly<Record<string, QueryValue>>): Promise<T> {
    const res = await this.http.request({ method: 'GET', path, schema, query });
    return res.body;
  }

  /**
   * Every item of a V2 sub-collection (coupons, taxes, products), `limit` per page, until a short or empty page
   * (V2 answers an empty page with 204, read as `[]`). At most `maxPages` pages.
   */
  protected async allV2<T>(path: string, schema: ZodType<T[], ZodTypeDef, unknown>, query: Readonly<Record<string, QueryValue>> = {}, limit = 250, maxPages = 40): Promise<{ items: T[]; calls: number }> {
    const items: T[] = [];
    for (let page = 1; page <= maxPages; page += 1) {
      const batch = await this.read(path, schema, { ...query, page, limit });
      items.push(...batch);
      if (batch.length < limit) return { items, calls: page };
    }
    return { items, calls: maxPages };
  }
}

/** True when this V3 page is the last one (`current_page >= total_pages`, or fewer items than asked). */
export function isLastV3Page(pagination: BigCommercePagination | undefined, received: number, limit: number): boolean {
  if (received === 0 || received < limit) return true;
  if (pagination?.total_pages !== undefined && pagination.current_page !== undefined) return pagination.current_page >= pagination.total_pages;
  return false;
}

/** ISO-8601 at second precision in UTC (`2024-05-14T09:34:00Z`), accepted by V2 `min_date_modified` and V3 `date_modified:min`. */
export function toBigCommerceDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A path segment from an id (numbers or strings), URI-encoded. */
export function bcSegment(id: number | string): string {
  return encodeURIComponent(String(id));
}
