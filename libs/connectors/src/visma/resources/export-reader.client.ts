/**
 * Reading any Visma list as raw DTOs, for the Visma → BigQuery ledger export: one page at a time, by change time,
 * inside the company's shared rate budget (every call goes through the company's transport). The export keeps the
 * DTOs as Visma sent them (typed columns come from the spec's DTO schemas, libs/mapping/src/bigquery), so nothing is
 * parsed into our own shapes here.
 *
 * Change time: most lists take `lastModifiedDateTime` + `lastModifiedDateTimeCondition` (operators `>`, `<`, `>=`,
 * `<=`: https://docs.vismasoftware.no/vismanetapi/api-reference/features/date-time-condition-operators/);
 * `GET /v2/journaltransaction` (JournalTransactionV2_GetAllJournalTransactions) takes `lastModifiedDateTime` alone
 * ("all records that have been modified since that time, up to the present"; mandatory unless `periodId` is given);
 * `GET /v1/dimension` takes no filter at all. Paging: `pageNumber` + `pageSize`, capped silently at the `maxPageSize`
 * every item's `metadata` carries (…/features/pagination/); `GET /v1/account` has no paging.
 *
 * **Window.** A run freezes its upper bound `until` when it starts. The server filter asks for `>= since` (a superset:
 * Visma may keep more precision than the milliseconds we send) and this reader keeps exactly the records with
 * `since < lastModifiedDateTime <= until`; what changes after `until` is the next run's, which starts at this `until`.
 * So a run after a run with no changes in between reads (and loads) nothing, and nothing falls between two runs.
 */
import { z } from 'zod';
import type { QueryValue } from '../../core';
import { parseVismaTimestamp, toVismaDateTime } from '../schemas/common.schema';
import { VismaResource } from './visma-resource';

/** How one Visma list is read for the export (see the file header for the sources). */
export type VismaExportListing = {
  /** The list path, e.g. `/v1/supplierInvoice`. */
  path: string;
  /**
   * `condition`: `lastModifiedDateTime` + `lastModifiedDateTimeCondition`; `since`: `lastModifiedDateTime` alone (read
   * as "modified since"); `none`: no server filter (the window is applied here, on the DTO's own change time).
   */
  delta: 'condition' | 'since' | 'none';
  /** Whether the list takes `pageNumber`/`pageSize`. */
  isPaged: boolean;
  /** The DTO field holding its change time (default `lastModifiedDateTime`). */
  lastModifiedField?: string | undefined;
  /** `ids`: the list answers bare ids (`GET /v1/dimension`: `string[]`), returned as they are, unwindowed. */
  returns?: 'records' | 'ids' | undefined;
  /**
   * Set when the list pages by the lines of its records, not by records (`GET /v2/journaltransaction`: `pageSize` and
   * `metadata.totalCount` count journal lines, and one transaction's lines may continue on the next page): the field
   * holding the lines, counted to decide whether a page was the last.
   */
  pagesByLinesOf?: string | undefined;
  /** Further fixed query parameters. */
  query?: Readonly<Record<string, QueryValue>> | undefined;
};

/** JSON-serialisable position in one export window; saved after each page to resume exactly there. */
export type VismaExportCursor = {
  /** Exclusive lower bound (Visma date-time text, UTC), or null for everything. */
  since: string | null;
  /** Inclusive upper bound frozen when the window started. */
  until: string;
  /** The next page to read (1-based). */
  pageNumber: number;
  pageSize: number;
};

/** One page of an export window: the records inside the window, and the cursor of the next page (undefined: done). */
export type VismaExportPage = {
  records: Record<string, unknown>[];
  /** Items Visma returned on the page (records, or their lines for `pagesByLinesOf`), including those outside the window. */
  fetched: number;
  /** Records the whole (server-filtered) list holds, per the page's `metadata.totalCount`; undefined when not sent. */
  totalCount: number | undefined;
  next: VismaExportCursor | undefined;
};

/** The lower bound sent when a `since`-only list (journal transactions) must be read from the beginning. */
const EPOCH_TEXT = '1900-01-01 00:00:00.000';
/**
 * A list of JSON objects, checked without copying it (a z.record schema rebuilds every record, which cost more than
 * the page's JSON.parse): the records are handed on as parsed.
 */
const RAW_LIST = z.custom<Record<string, unknown>[]>((v) => Array.isArray(v) && v.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r)), { message: 'Expected an array of objects' });
const RAW_RECORD = z.record(z.string(), z.unknown());
const ID_LIST = z.array(z.union([z.string(), z.number()]).transform(String));

/** Reads Visma lists page by page as raw DTOs (file header). */
export class VismaExportReader extends VismaResource {
  /**
   * The first cursor of a window from `since` (exclusive; null = everything) to now (frozen).
   * @param pageSize items per page (Visma caps it at its maxPageSize)
   */
  startWindow(since: Date | null, pageSize = 500): VismaExportCursor {
    return { since: since ? toVismaDateTime(since.getTime()) : null, until: toVismaDateTime(this.clock.now()), pageNumber: 1, pageSize };
  }

  /**
   * Reads the page `cursor` names (one GET) and keeps the records inside the window.
   * @throws ConnectorError (rate limited, auth, server) from the transport; ZodError when Visma answers something other than a list
   */
  async readPage(listing: VismaExportListing, cursor: VismaExportCursor): Promise<VismaExportPage> {
    const query: Record<string, QueryValue> = { ...(listing.query ?? {}) };
    if (listing.isPaged) {
      query['pageNumber'] = cursor.pageNumber;
      query['pageSize'] = cursor.pageSize;
    }
    if (listing.delta === 'condition' && cursor.since !== null) {
      query['lastModifiedDateTime'] = cursor.since;
      query['lastModifiedDateTimeCondition'] = '>=';
    }
    if (listing.delta === 'since') query['lastModifiedDateTime'] = cursor.since ?? EPOCH_TEXT;
    if (listing.returns === 'ids') {
      const { body: ids } = await this.http.request({ method: 'GET', path: listing.path, query, schema: ID_LIST });
      return { records: ids.map((id) => ({ id })), fetched: ids.length, totalCount: ids.length, next: undefined };
    }
    const { body } = await this.http.request({ method: 'GET', path: listing.path, query, schema: RAW_LIST });
    const field = listing.lastModifiedField ?? 'lastModifiedDateTime';
    const sinceMs = cursor.since === null ? Number.NEGATIVE_INFINITY : (parseVismaTimestamp(cursor.since) ?? Number.NEGATIVE_INFINITY);
    const untilMs = parseVismaTimestamp(cursor.until) ?? Number.POSITIVE_INFINITY;
    const records = body.filter((r) => {
      const value = r[field];
      const ms = typeof value === 'string' ? parseVismaTimestamp(value) : undefined;
      // A record without a change time cannot be windowed: it belongs to the first window only.
      if (ms === undefined) return cursor.since === null;
      return ms > sinceMs && ms <= untilMs;
    });
    const total = (body[0]?.['metadata'] as { totalCount?: unknown } | null | undefined)?.totalCount;
    const items = listing.pagesByLinesOf === undefined ? body.length : body.reduce((n, r) => n + (Array.isArray(r[listing.pagesByLinesOf as string]) ? (r[listing.pagesByLinesOf as string] as unknown[]).length : 0), 0);
    return { records, fetched: items, totalCount: typeof total === 'number' ? total : undefined, next: listing.isPaged ? nextCursor(cursor, body, items) : undefined };
  }

  /**
   * GET one record as a raw DTO (e.g. `/v1/dimension/{dimensionId}` with its segment values).
   * @throws ConnectorNotFoundError when it does not exist
   */
  async readOne(path: string): Promise<Record<string, unknown>> {
    const { body } = await this.http.request({ method: 'GET', path, schema: RAW_RECORD });
    return body;
  }
}

/** The next page's cursor, or undefined when this page was the last (short page, or the metadata total reached). */
function nextCursor(cursor: VismaExportCursor, body: Record<string, unknown>[], items: number): VismaExportCursor | undefined {
  const meta = body[0]?.['metadata'] as { totalCount?: unknown; maxPageSize?: unknown } | null | undefined;
  const maxPageSize = typeof meta?.maxPageSize === 'number' && meta.maxPageSize > 0 ? meta.maxPageSize : undefined;
  const size = Math.min(cursor.pageSize, maxPageSize ?? cursor.pageSize);
  const total = typeof meta?.totalCount === 'number' ? meta.totalCount : undefined;
  const readSoFar = (cursor.pageNumber - 1) * size + items;
  if (items === 0 || items < size || (total !== undefined && readSoFar >= total)) return undefined;
  return { ...cursor, pageSize: size, pageNumber: cursor.pageNumber + 1 };
}
