/**
 * Collection paging as WC_REST_CRUD_Controller::get_items() answers it (v3 @ 0059466f; the customers and webhooks
 * controllers do the same): `X-WP-Total` (all matches), `X-WP-TotalPages` (ceil(total / per_page)), and RFC 5988
 * `Link` entries `rel="prev"` (page > 1, at most the last page) and `rel="next"` (more pages), each the collection URL
 * with every query parameter of the request and `page` replaced. add_query_arg() does not encode, so values appear as
 * received after decoding — including `oauth_*` or `consumer_*` parameters, as on a real store.
 */
import type { RestContext } from './rest-server';

/** The page of `items` for `page`/`per_page`, or `offset`/`per_page` when an offset is given (WP_Query). */
export function pageOf<T>(items: readonly T[], page: number, perPage: number, offset: number | undefined): T[] {
  const start = offset !== undefined && offset > 0 ? offset : (page - 1) * perPage;
  return items.slice(start, start + perPage);
}

/** X-WP-Total, X-WP-TotalPages and Link for a collection at `path` (e.g. `/wc/v3/orders`). */
export function pagingHeaders(ctx: RestContext, path: string, page: number, total: number, totalPages: number): Record<string, string> {
  const base = ctx.restUrl(path);
  const url = (n: number): string => {
    const pairs = ctx.queryPairs.filter(([k]) => k !== 'page');
    const index = ctx.queryPairs.findIndex(([k]) => k === 'page');
    const withPage: Array<[string, string]> = index < 0 ? [...pairs, ['page', String(n)]] : [...pairs.slice(0, index), ['page', String(n)], ...pairs.slice(index)];
    return `${base}?${withPage.map(([k, v]) => `${k}=${v}`).join('&')}`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${url(Math.min(page - 1, Math.max(totalPages, 0)))}>; rel="prev"`);
  if (totalPages > page) links.push(`<${url(page + 1)}>; rel="next"`);
  return { 'x-wp-total': String(total), 'x-wp-totalpages': String(totalPages), ...(links.length > 0 ? { link: links.join(', ') } : {}) };
}

/** absint() of an optional numeric parameter. */
export function absint(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  return Math.abs(Math.trunc(Number(value))) || 0;
}
