/**
 * `searchCriteria` query parameters and the delta listing built on them (AdobeDocs/commerce-webapi @ e2275b5,
 * `src/pages/rest/performing-searches.md`):
 * - `searchCriteria[filter_groups][i][filters][j][field|value|condition_type]`: filters of one group are OR-ed,
 *   groups are AND-ed; `searchCriteria[sortOrders][k][field|direction]`; `searchCriteria[pageSize]` (**omitted =
 *   every match in one answer**, so it is always sent) and `searchCriteria[currentPage]` (1-based).
 * - Answers are `{items, search_criteria, total_count}`. A `currentPage` past the end answers the last page again
 *   (magento2 issues #3787, #26986), so a listing stops when `currentPage * pageSize >= total_count`.
 * - `updated_at` has one-second granularity and is a UTC `YYYY-MM-DD HH:MM:SS`.
 * The keys are plain strings here; the transport URL-encodes them (`%5B`/`%5D`), and the OAuth 1.0a interceptor
 * re-encodes the query in RFC 3986 form before signing, so the bytes sent are the bytes signed.
 */
import type { PageIterator } from '../core';

/** One filter; `condition_type` defaults to `eq` server-side. */
export type SearchFilter = { field: string; value: string; conditionType?: 'eq' | 'neq' | 'gt' | 'gteq' | 'lt' | 'lteq' | 'in' | 'nin' | 'like' | 'null' | 'notnull' | 'from' | 'to' | 'finset' };
/** A search: AND of groups, each an OR of filters; always paged. */
export type SearchCriteria = {
  filterGroups?: readonly (readonly SearchFilter[])[] | undefined;
  sortOrders?: readonly { field: string; direction: 'ASC' | 'DESC' }[] | undefined;
  pageSize: number;
  /** 1-based. */
  currentPage: number;
};

/** Flattens a search into the bracketed query parameters of performing-searches.md. */
export function searchCriteriaQuery(c: SearchCriteria): Record<string, string | number> {
  const q: Record<string, string | number> = {};
  (c.filterGroups ?? []).forEach((group, g) =>
    group.forEach((f, i) => {
      const p = `searchCriteria[filter_groups][${g}][filters][${i}]`;
      q[`${p}[field]`] = f.field;
      q[`${p}[value]`] = f.value;
      if (f.conditionType) q[`${p}[condition_type]`] = f.conditionType;
    }),
  );
  (c.sortOrders ?? []).forEach((s, i) => {
    q[`searchCriteria[sortOrders][${i}][field]`] = s.field;
    q[`searchCriteria[sortOrders][${i}][direction]`] = s.direction;
  });
  q['searchCriteria[pageSize]'] = c.pageSize;
  q['searchCriteria[currentPage]'] = c.currentPage;
  return q;
}

/** Epoch ms → Magento UTC datetime `YYYY-MM-DD HH:MM:SS` (milliseconds dropped). */
export function toMagentoDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Magento UTC datetime (or ISO-8601) → epoch ms; NaN when unreadable. */
export function magentoDateTimeMs(value: string): number {
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
}

/**
 * JSON cursor of a delta listing (save it after every page; pass it back as `resume`).
 * - `until`: the window's upper bound, frozen when the run started (`updated_at lteq until`).
 * - `from`: the lower bound sent as `updated_at gteq from`; null lists from the beginning.
 * - `page`: the page under `from`; above 1 only while a whole page shares one `updated_at` second.
 * - `seen`: `[id, updated_at]` of the items already yielded whose `updated_at` is not below `from` (re-read when the
 *   bound moves), so no item is yielded twice in a run.
 */
export type AdobeCommerceListCursor = { v: 1; from: string | null; until: string; page: number; pageSize: number; seen: [number, string][] };

/** Where a listing starts. Dates are instants; they are sent in UTC at second precision. */
export type AdobeCommerceListWindow = {
  /** Lower bound (inclusive, minus `overlapSeconds`); absent: from the beginning. */
  since?: Date | undefined;
  /** Upper bound (inclusive), frozen for the whole run. */
  until: Date;
  /** 1..300, default 100. */
  pageSize?: number | undefined;
  /** Re-read this many seconds before `since` (default 5): rows committed late with an earlier `updated_at`. */
  overlapSeconds?: number | undefined;
  /** A saved cursor: when present, the listing resumes from it and the other fields are ignored. */
  resume?: AdobeCommerceListCursor | undefined;
  /**
   * `[id, updated_at]` already handled by the previous run (its last items), skipped in the overlap: the cross-run
   * de-duplication by id + updated_at.
   */
  alreadySeen?: readonly (readonly [number, string])[] | undefined;
};

/** Largest page size we ask for. */
export const ADOBE_COMMERCE_MAX_PAGE_SIZE = 300;
const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_OVERLAP_SECONDS = 5;

/** The cursor a window starts with. */
export function startListCursor(w: AdobeCommerceListWindow): AdobeCommerceListCursor {
  if (w.resume) return w.resume;
  const pageSize = Math.max(1, Math.min(ADOBE_COMMERCE_MAX_PAGE_SIZE, Math.floor(w.pageSize ?? DEFAULT_PAGE_SIZE)));
  const overlapMs = Math.max(0, w.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS) * 1000;
  return {
    v: 1,
    from: w.since ? toMagentoDateTime(w.since.getTime() - overlapMs) : null,
    until: toMagentoDateTime(w.until.getTime()),
    page: 1,
    pageSize,
    seen: (w.alreadySeen ?? []).map(([id, at]): [number, string] => [id, at]),
  };
}

/** The search of one cursor: `updated_at gteq from` AND `updated_at lteq until`, sorted updated_at, entity_id ASC. */
export function listCriteria(c: AdobeCommerceListCursor): SearchCriteria {
  const groups: SearchFilter[][] = [];
  if (c.from !== null) groups.push([{ field: 'updated_at', value: c.from, conditionType: 'gteq' }]);
  groups.push([{ field: 'updated_at', value: c.until, conditionType: 'lteq' }]);
  return {
    filterGroups: groups,
    sortOrders: [
      { field: 'updated_at', direction: 'ASC' },
      { field: 'entity_id', direction: 'ASC' },
    ],
    pageSize: c.pageSize,
    currentPage: c.page,
  };
}

/** One fetched page: the raw items and `total_count`. */
export type ListFetch<T> = { items: readonly T[]; totalCount: number };

/**
 * Drives a delta listing. Keyset paging on `updated_at`: after a full page the next request asks
 * `updated_at gteq <last updated_at seen>` from page 1 again (so records changed while we page, which leave the
 * frozen window, cannot shift an unchanged record past a page boundary), and drops the items of that second already
 * yielded (`seen`); only when a whole page shares one second does it go to `currentPage + 1` under the same bound.
 * Stops when `currentPage * pageSize >= total_count` or a page is short. Items without `updated_at` are yielded and
 * never move the bound.
 * @param key the record's id and `updated_at` (orders/invoices/credit memos: `entity_id`; customers: `id`)
 */
export async function* listModifiedPages<T>(
  start: AdobeCommerceListCursor,
  fetchPage: (criteria: SearchCriteria) => Promise<ListFetch<T>>,
  key: (item: T) => { id: number; updatedAt: string | null | undefined },
): PageIterator<T, AdobeCommerceListCursor> {
  let cursor: AdobeCommerceListCursor | undefined = start;
  while (cursor) {
    const c: AdobeCommerceListCursor = cursor;
    const page = await fetchPage(listCriteria(c));
    const seen = new Map(c.seen.map(([id, at]) => [id, at]));
    const fresh: T[] = [];
    let last: string | null = c.from;
    for (const item of page.items) {
      const k = key(item);
      const at = k.updatedAt ?? null;
      if (at !== null && seen.get(k.id) === at) continue;
      fresh.push(item);
      if (at !== null) {
        seen.set(k.id, at);
        if (last === null || at > last) last = at;
      }
    }
    const isLast = page.items.length === 0 || page.items.length < c.pageSize || c.page * c.pageSize >= page.totalCount;
    let next: AdobeCommerceListCursor | undefined;
    if (!isLast) {
      const advanced = last !== null && (c.from === null || last > c.from);
      const from = advanced ? last : c.from;
      const kept = [...seen].filter(([, at]) => from === null || at >= from);
      next = { ...c, from, page: advanced ? 1 : c.page + 1, seen: kept };
    }
    yield { items: fresh, nextCursor: next };
    cursor = next;
  }
}
