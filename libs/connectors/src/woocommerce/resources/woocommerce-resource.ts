/**
 * Shared plumbing of the WooCommerce resource clients: GET with validation, the WordPress paging headers
 * (`X-WP-Total`, `X-WP-TotalPages`; docs `_introduction.md` "Pagination"), and date formatting for filters.
 */
import type { ZodType, ZodTypeDef } from 'zod';
import type { Clock, HttpTransport, QueryValue } from '../../core';

/** WordPress caps `per_page` at 100 (WP_REST_Controller::get_collection_params: maximum 100). */
export const WOOCOMMERCE_MAX_PER_PAGE = 100;

/** A list answer: items plus what the paging headers said (undefined when a header is absent). */
export type WooCommerceListAnswer<T> = { items: T; total: number | undefined; totalPages: number | undefined };

/** Base class holding the transport (base URL `${siteUrl}/wp-json/wc/v3`) and the clock. */
export abstract class WooCommerceResource {
  constructor(
    protected readonly http: HttpTransport,
    protected readonly clock: Clock,
  ) {}

  /** GET and validate. */
  protected async read<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, query?: Readonly<Record<string, QueryValue>>): Promise<T> {
    return (await this.http.request({ method: 'GET', path, schema, query })).body;
  }

  /** GET a collection and read `X-WP-Total` / `X-WP-TotalPages`. */
  protected async readList<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, query: Readonly<Record<string, QueryValue>>): Promise<WooCommerceListAnswer<T>> {
    const res = await this.http.request({ method: 'GET', path, schema, query });
    return { items: res.body, total: headerInt(res.headers['x-wp-total']), totalPages: headerInt(res.headers['x-wp-totalpages']) };
  }
}

function headerInt(v: string | undefined): number | undefined {
  return v !== undefined && /^\s*\d+\s*$/.test(v) ? Number(v) : undefined;
}

/** A path segment from a numeric id. */
export function wcSegment(id: number): string {
  return encodeURIComponent(String(id));
}

/** UTC date at second precision without zone (`2024-05-14T09:34:00`), as filters take it with `dates_are_gmt=true`. */
export function toWooCommerceGmt(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
}

/** Epoch ms of a WooCommerce GMT date (`2017-03-22T19:28:08`, no zone = UTC). */
export function wooCommerceGmtMs(gmt: string): number {
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(gmt) ? gmt : `${gmt}Z`);
}
