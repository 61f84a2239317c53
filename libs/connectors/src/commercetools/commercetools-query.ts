/**
 * Query parameters and the delta listing (shared/specs/commercetools/raml/traits/{query,sortable,paging,expandable}.raml):
 * - `where` (QueryPredicate, repeatable: several are AND-ed), predicate input variables `var.<name>` referenced as
 *   `:<name>`, `sort` (repeatable, `field asc|desc`), `expand` (repeatable), `limit` 0..500 (default 20),
 *   `offset` 0..10 000, `withTotal` (default true; false skips counting).
 * The core transport takes single-valued query records, so these repeatable parameters are encoded here and sent as
 * part of the path (`ctPathWithQuery`).
 *
 * Delta listing, always by **key cursor**, never by offset (so the 10 000 offset cap is never reached, and records
 * that change while we page cannot shift others across a page boundary):
 * `where=lastModifiedAt <= :until` (the window's upper bound, frozen when the run starts) AND either
 * `lastModifiedAt > :since` (first page of a run started from a date) or
 * `(lastModifiedAt > :afterAt or (lastModifiedAt = :afterAt and id > :afterId))` (after the last record read),
 * `sort=lastModifiedAt asc&sort=id asc&limit=<n>&withTotal=false`. A short page ends the listing.
 */
import { ConnectorError, type Page } from '../core';
import { COMMERCETOOLS_SYSTEM } from './commercetools-errors';
import type { CommercetoolsPagedResponse } from './schemas/common.schema';

/** Query parameters in order; keys may repeat (`sort`, `where`, `expand`). */
export type CommercetoolsQueryParams = ReadonlyArray<readonly [string, string]>;

/** A query of a `…PagedQueryResponse` endpoint (raml/traits). */
export type CommercetoolsQuery = {
  /** Predicates, AND-ed by the API, e.g. `sku = :sku`. */
  where?: readonly string[] | undefined;
  /** Predicate input variables (`var.<name>`), e.g. `{ sku: 'A-1' }` for `sku = :sku`. */
  vars?: Readonly<Record<string, string | readonly string[]>> | undefined;
  /** e.g. `['lastModifiedAt asc', 'id asc']`. */
  sort?: readonly string[] | undefined;
  /** 0..500 (API default 20). */
  limit?: number | undefined;
  /** 0..10 000. */
  offset?: number | undefined;
  /** Default false here (the API's default is true). */
  withTotal?: boolean | undefined;
  /** Reference expansions, e.g. `paymentInfo.payments[*]`. */
  expand?: readonly string[] | undefined;
};

/** Largest `limit` (raml/traits/paging.raml). */
export const COMMERCETOOLS_MAX_LIMIT = 500;
/** Largest `offset` (raml/traits/paging.raml). */
export const COMMERCETOOLS_MAX_OFFSET = 10_000;
/** Default page size of delta listings. */
export const COMMERCETOOLS_DEFAULT_LIST_LIMIT = 500;

const VAR_NAME = /^[a-zA-Z0-9]+$/;

/**
 * Flattens a query into ordered parameters.
 * @throws ConnectorError `configuration` for a limit outside 0..500, an offset outside 0..10 000 or a bad variable name
 */
export function commercetoolsQueryParams(q: CommercetoolsQuery): [string, string][] {
  const out: [string, string][] = [];
  for (const w of q.where ?? []) out.push(['where', w]);
  for (const [name, value] of Object.entries(q.vars ?? {})) {
    if (!VAR_NAME.test(name)) throw configuration(`predicate variable name "${name}" must be alphanumeric`);
    for (const v of typeof value === 'string' ? [value] : value) out.push([`var.${name}`, v]);
  }
  for (const s of q.sort ?? []) out.push(['sort', s]);
  if (q.limit !== undefined) {
    if (!Number.isInteger(q.limit) || q.limit < 0 || q.limit > COMMERCETOOLS_MAX_LIMIT) throw configuration(`limit ${q.limit} is outside 0..${COMMERCETOOLS_MAX_LIMIT}`);
    out.push(['limit', String(q.limit)]);
  }
  if (q.offset !== undefined) {
    if (!Number.isInteger(q.offset) || q.offset < 0 || q.offset > COMMERCETOOLS_MAX_OFFSET) throw configuration(`offset ${q.offset} is outside 0..${COMMERCETOOLS_MAX_OFFSET}`);
    out.push(['offset', String(q.offset)]);
  }
  out.push(['withTotal', String(q.withTotal ?? false)]);
  for (const e of q.expand ?? []) out.push(['expand', e]);
  return out;
}

/** `path?k=v&k=v…` (form-encoded; repeated keys kept in order). */
export function ctPathWithQuery(path: string, params: CommercetoolsQueryParams | undefined): string {
  if (!params || params.length === 0) return path;
  const search = new URLSearchParams();
  for (const [k, v] of params) search.append(k, v);
  return `${path}?${search.toString()}`;
}

/** Where a persisted listing stands: the last record read (its `lastModifiedAt` and `id`). JSON-serialisable. */
export type CommercetoolsCheckpoint = { lastModifiedAt: string; id: string };

/**
 * JSON cursor of a delta listing (save it after every page; pass it back to resume the same run).
 * - `until`: upper bound (inclusive), frozen when the run started.
 * - `since`: lower bound (exclusive) while nothing was read yet; null from the beginning.
 * - `after`: the last record read; once set, the key predicate replaces `since`.
 * - `storeKey`: the store the listing runs in (`in-store/key=…`), null for the project.
 */
export type CommercetoolsListCursor = { v: 1; storeKey: string | null; until: string; since: string | null; after: CommercetoolsCheckpoint | null; limit: number };

/** Where a run starts. */
export type CommercetoolsListWindow = {
  /** Records changed after this instant (exclusive). Ignored when `after` is given. */
  since?: Date | undefined;
  /** The checkpoint of the previous run (its last record): records after it in (lastModifiedAt, id) order. */
  after?: CommercetoolsCheckpoint | undefined;
  /** Upper bound (inclusive), frozen for the run; usually "now" when the run starts. */
  until: Date;
  /** Page size 1..500 (default 500). */
  limit?: number | undefined;
  /** Orders and customers of store-limited connections: the store to list (default: the only configured one). */
  storeKey?: string | undefined;
};

/** One page: validated items, the cursor of the next page (undefined after the last), and the checkpoint to persist. */
export type CommercetoolsPage<T> = Page<T, CommercetoolsListCursor> & {
  /** The last record read so far in this run (this page's last item, or the previous checkpoint when empty). */
  checkpoint: CommercetoolsCheckpoint | null;
};

/** True for a saved cursor (as opposed to a window). */
export function isCommercetoolsListCursor(x: CommercetoolsListWindow | CommercetoolsListCursor): x is CommercetoolsListCursor {
  return 'v' in x && x.v === 1;
}

/**
 * The cursor a window starts with.
 * @throws ConnectorError `configuration` for a limit outside 1..500 or `since` after `until`
 */
export function startCommercetoolsCursor(w: CommercetoolsListWindow, storeKey: string | null): CommercetoolsListCursor {
  const limit = w.limit ?? COMMERCETOOLS_DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > COMMERCETOOLS_MAX_LIMIT) throw configuration(`limit ${limit} is outside 1..${COMMERCETOOLS_MAX_LIMIT}`);
  if (w.since && w.since.getTime() > w.until.getTime()) throw configuration('the window starts after it ends (since > until)');
  return { v: 1, storeKey, until: w.until.toISOString(), since: w.after ? null : (w.since?.toISOString() ?? null), after: w.after ?? null, limit };
}

/** The query of one cursor's page (see the file header); `expand` is added as given. */
export function commercetoolsListQuery(c: CommercetoolsListCursor, expand?: readonly string[]): CommercetoolsQuery {
  const where = ['lastModifiedAt <= :until'];
  const vars: Record<string, string> = { until: c.until };
  if (c.after) {
    where.push('(lastModifiedAt > :afterAt or (lastModifiedAt = :afterAt and id > :afterId))');
    vars['afterAt'] = c.after.lastModifiedAt;
    vars['afterId'] = c.after.id;
  } else if (c.since !== null) {
    where.push('lastModifiedAt > :since');
    vars['since'] = c.since;
  }
  return { where, vars, sort: ['lastModifiedAt asc', 'id asc'], limit: c.limit, withTotal: false, expand };
}

/**
 * Drives a delta listing from `start`: fetches a page, yields it with the next cursor and the checkpoint, and goes on
 * after the page's last record until a page is short.
 * @throws ConnectorError `unexpected_status` when a full page does not move past the cursor (a server ignoring the
 *   predicate would otherwise loop forever)
 */
export async function* commercetoolsListPages<T extends { id: string; lastModifiedAt: string }>(
  start: CommercetoolsListCursor,
  fetchPage: (cursor: CommercetoolsListCursor) => Promise<CommercetoolsPagedResponse<T>>,
): AsyncGenerator<CommercetoolsPage<T>, void, undefined> {
  let cursor: CommercetoolsListCursor | undefined = start;
  while (cursor) {
    const c: CommercetoolsListCursor = cursor;
    const page = await fetchPage(c);
    const last = page.results[page.results.length - 1];
    const checkpoint = last ? { lastModifiedAt: last.lastModifiedAt, id: last.id } : c.after;
    let next: CommercetoolsListCursor | undefined;
    if (last && page.results.length >= c.limit) {
      if (c.after && !isAfter(last, c.after)) throw new ConnectorError({ system: COMMERCETOOLS_SYSTEM, code: 'unexpected_status', retryable: false, message: 'the listing did not advance past its cursor (the predicate was not applied)' });
      next = { ...c, since: null, after: { lastModifiedAt: last.lastModifiedAt, id: last.id } };
    }
    yield { items: page.results, nextCursor: next, checkpoint };
    cursor = next;
  }
}

function isAfter(item: { id: string; lastModifiedAt: string }, at: CommercetoolsCheckpoint): boolean {
  const a = Date.parse(item.lastModifiedAt);
  const b = Date.parse(at.lastModifiedAt);
  return a > b || (a === b && item.id > at.id);
}

function configuration(message: string): ConnectorError {
  return new ConnectorError({ system: COMMERCETOOLS_SYSTEM, code: 'configuration', retryable: false, message });
}
