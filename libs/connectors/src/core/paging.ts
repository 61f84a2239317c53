/**
 * Paging helpers. A list is an async iterator of pages; each page holds validated items and the next
 * opaque, JSON-serialisable cursor (undefined when the list is exhausted). The caller saves the cursor
 * after each page so a killed worker resumes where it stopped (style.md "Connector shape").
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One page of items plus the cursor that fetches the next one (`undefined` = last page). */
export type Page<T, C extends JsonValue = JsonValue> = { items: readonly T[]; nextCursor: C | undefined };

/** Async iterator of pages; only one page is held in memory at a time. */
export type PageIterator<T, C extends JsonValue = JsonValue> = AsyncGenerator<Page<T, C>, void, undefined>;

/** Flattens pages into items (for callers that do not checkpoint). */
export async function* iterateItems<T, C extends JsonValue>(pages: AsyncIterable<Page<T, C>>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page.items;
}

/**
 * Collects every item (tests and small reference lists only: ledger accounts, VAT codes).
 * @throws RangeError when more than `maxItems` (default 10 000) arrive.
 */
export async function collectAll<T, C extends JsonValue>(pages: AsyncIterable<Page<T, C>>, maxItems = 10_000): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) {
    out.push(...page.items);
    if (out.length > maxItems) throw new RangeError(`more than ${maxItems} items`);
  }
  return out;
}

/** Cursor of a page-number list: the next 1-based page plus whatever filter state must survive a restart. */
export type PageNumberCursor<F extends { [key: string]: JsonValue } = { [key: string]: JsonValue }> = { pageNumber: number; pageSize: number; filter: F };

/** What one page fetch reports back to `pageNumberPages`. */
export type PageNumberFetch<T> = {
  /** Items to yield (possibly filtered client-side). */
  items: readonly T[];
  /** How many items the API returned before any client-side filter (defaults to `items.length`). */
  fetched?: number | undefined;
  /** Total items of the list when the API reports it. */
  totalCount?: number | undefined;
  /** The page size the API really applied when it caps the requested one (e.g. Visma's `maxPageSize`). */
  effectivePageSize?: number | undefined;
};

/**
 * Drives a page-number API from a cursor: fetches `cursor.pageNumber`, yields it, and stops after a short page
 * (fewer than the effective page size) or when `totalCount` says everything was read. When the API caps the page
 * size, later cursors use the capped size so page numbers stay aligned.
 */
export async function* pageNumberPages<T, F extends { [key: string]: JsonValue }>(
  start: PageNumberCursor<F>,
  fetchPage: (cursor: PageNumberCursor<F>) => Promise<PageNumberFetch<T>>,
): PageIterator<T, PageNumberCursor<F>> {
  let cursor: PageNumberCursor<F> | undefined = start;
  while (cursor) {
    const page: PageNumberFetch<T> = await fetchPage(cursor);
    const size: number = Math.min(cursor.pageSize, page.effectivePageSize ?? cursor.pageSize);
    const fetched: number = page.fetched ?? page.items.length;
    const readSoFar: number = (cursor.pageNumber - 1) * size + fetched;
    const isLast: boolean = fetched < size || fetched === 0 || (page.totalCount !== undefined && readSoFar >= page.totalCount);
    const next: PageNumberCursor<F> | undefined = isLast ? undefined : { ...cursor, pageSize: size, pageNumber: cursor.pageNumber + 1 };
    yield { items: page.items, nextCursor: next };
    cursor = next;
  }
}
