/**
 * Shared plumbing of the Visma resource clients: delta paging with `pageNumber`/`pageSize` plus
 * `lastModifiedDateTime` + `lastModifiedDateTimeCondition`, lookups by filter, and create-with-Location.
 * Paging: both parameters are mandatory on list endpoints, a pageSize above the maximum is silently capped, and
 * every item carries `metadata {totalCount, maxPageSize}` (https://docs.vismasoftware.no/vismanetapi/api-reference/
 * features/pagination/; `pageSize` parameter and `MetadataDto` in the spec). Delta: the two filter parameters must
 * be sent together; operators `>`, `<`, `>=`, `<=` (…/features/date-time-condition-operators/).
 */
import { z, type ZodType, type ZodTypeDef } from 'zod';
import {
  ConnectorError,
  pageNumberPages,
  type Clock,
  type HttpTransport,
  type PageIterator,
  type PageNumberCursor,
  type QueryValue,
  type WriteFence,
} from '../../core';
import { parseVismaTimestamp, toVismaDateTime } from '../schemas/common.schema';
import { VISMA_SYSTEM } from '../visma-errors';
import { idFromLocation } from '../visma-http';

/** Filter state of a delta run, saved in the cursor. `until` is frozen when the run starts. */
export type VismaDeltaFilter = { since: string | null; until: string };
/** JSON-serialisable cursor of a delta run; save it after each page to resume. */
export type VismaDeltaCursor = PageNumberCursor<VismaDeltaFilter>;
/** How to start a delta run: everything modified at or after `since` (all records when absent). */
export type VismaDeltaStart = { since?: Date | undefined; pageSize?: number | undefined };

/** A record with the ETag its GET returned. */
export type VismaRecord<T> = { record: T; etag: string | undefined };
/** Result of a create: the new id (from `Location`) and the ETag when Visma sent one. */
export type VismaCreated = { id: string; etag: string | undefined };

const DEFAULT_PAGE_SIZE = 100;
const EMPTY = z.unknown();

/** Base class holding the transport and clock of one company. */
export abstract class VismaResource {
  constructor(
    protected readonly http: HttpTransport,
    protected readonly clock: Clock,
  ) {}

  /** Builds the first cursor of a delta run, freezing the upper bound at now. */
  protected startDelta(start: VismaDeltaStart): VismaDeltaCursor {
    return {
      pageNumber: 1,
      pageSize: start.pageSize ?? DEFAULT_PAGE_SIZE,
      filter: { since: start.since ? toVismaDateTime(start.since.getTime()) : null, until: toVismaDateTime(this.clock.now()) },
    };
  }

  /**
   * Iterates a list endpoint page by page from `from` (a start or a saved cursor). Items modified after the frozen
   * `until` are left for the next run (which starts at this run's `until`, inclusive, so nothing falls between).
   */
  protected async *deltaPages<T extends { lastModifiedDateTime?: string | null | undefined; metadata?: { totalCount?: number | null | undefined; maxPageSize?: number | null | undefined } | null | undefined }>(
    path: string,
    schema: ZodType<T[], ZodTypeDef, unknown>,
    from: VismaDeltaStart | VismaDeltaCursor,
    extraQuery: Readonly<Record<string, QueryValue>> = {},
  ): PageIterator<T, VismaDeltaCursor> {
    const start = 'filter' in from ? from : this.startDelta(from);
    const untilMs = parseVismaTimestamp(start.filter.until) ?? Number.POSITIVE_INFINITY;
    yield* pageNumberPages<T, VismaDeltaFilter>(start, async (cursor) => {
      const query: Record<string, QueryValue> = { ...extraQuery, pageNumber: cursor.pageNumber, pageSize: cursor.pageSize };
      if (cursor.filter.since !== null) {
        query['lastModifiedDateTime'] = cursor.filter.since;
        query['lastModifiedDateTimeCondition'] = '>=';
      }
      const { body } = await this.http.request({ method: 'GET', path, query, schema });
      const meta = body[0]?.metadata;
      const items = body.filter((item) => (parseVismaTimestamp(item.lastModifiedDateTime) ?? 0) <= untilMs);
      return { items, fetched: body.length, totalCount: meta?.totalCount ?? undefined, effectivePageSize: meta?.maxPageSize ?? undefined };
    });
  }

  /** Every record matching a filter (lookups such as email or externalReference), at most `maxItems`. */
  protected async findAll<T extends { metadata?: { totalCount?: number | null | undefined; maxPageSize?: number | null | undefined } | null | undefined }>(
    path: string,
    schema: ZodType<T[], ZodTypeDef, unknown>,
    filter: Readonly<Record<string, QueryValue>>,
    maxItems = 500,
  ): Promise<T[]> {
    const out: T[] = [];
    const pages = pageNumberPages<T, Record<string, never>>({ pageNumber: 1, pageSize: DEFAULT_PAGE_SIZE, filter: {} }, async (cursor) => {
      const { body } = await this.http.request({ method: 'GET', path, query: { ...filter, pageNumber: cursor.pageNumber, pageSize: cursor.pageSize }, schema });
      const meta = body[0]?.metadata;
      return { items: body, totalCount: meta?.totalCount ?? undefined, effectivePageSize: meta?.maxPageSize ?? undefined };
    });
    for await (const page of pages) {
      out.push(...page.items);
      if (out.length >= maxItems) break;
    }
    return out.slice(0, maxItems);
  }

  /** GET one record and its ETag (https://docs.vismasoftware.no/vismanetapi/api-reference/features/etag/). */
  protected async getOne<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>): Promise<VismaRecord<T>> {
    const res = await this.http.request({ method: 'GET', path, schema });
    return { record: res.body, etag: res.etag };
  }

  /**
   * POSTs a wrapped DTO and reads the new id from `Location` (201). Not retried by the transport (no idempotency
   * key: Visma cannot de-duplicate), so callers look the record up by its external reference before re-posting.
   * @throws ConnectorError `unexpected_status` when 201 arrives without a usable Location.
   */
  protected async createAt(path: string, body: unknown, collection: string, fence?: WriteFence): Promise<VismaCreated> {
    const res = await this.postOnce(path, body, fence);
    const id = idFromLocation(res.location, collection);
    if (id === undefined) throw missingLocation(path, res);
    return { id, etag: res.etag };
  }

  /**
   * POSTs once (never retried by the transport: no idempotency key) and returns the raw answer, for creates whose id
   * is not only in `Location`. `fence` is checked right before the request is sent (see WriteFence).
   */
  protected async postOnce(path: string, body: unknown, fence?: WriteFence): Promise<VismaPostAnswer> {
    const res = await this.http.request({ method: 'POST', path, body, schema: EMPTY, expectedStatus: [200, 201], fence });
    return { status: res.status, location: res.location, etag: res.etag, requestId: res.requestId };
  }

  /**
   * PUTs a wrapped DTO with `If-Match` when an ETag is given; Visma answers 204 plus the new ETag, or 412 on a
   * mismatch (https://docs.vismasoftware.no/vismanetapi/api-reference/features/etag/), mapped to
   * ConnectorConflictError by the transport.
   */
  protected async putWithEtag(path: string, body: unknown, etag: string | undefined): Promise<{ etag: string | undefined }> {
    const res = await this.http.request({ method: 'PUT', path, body, schema: EMPTY, headers: etag === undefined ? {} : { 'if-match': etag } });
    return { etag: res.etag };
  }
}

/** What a create POST answered (status 200/201). */
export type VismaPostAnswer = { status: number; location: string | undefined; etag: string | undefined; requestId: string | undefined };

/** The error for a 201 that does not say which record it created. */
export function missingLocation(path: string, res: VismaPostAnswer): ConnectorError {
  return new ConnectorError({ system: VISMA_SYSTEM, code: 'unexpected_status', retryable: false, status: res.status, requestId: res.requestId, message: `POST ${path} answered ${res.status} without a Location naming the new record` });
}

/** Encodes one path segment (customer numbers may contain spaces or slashes). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
