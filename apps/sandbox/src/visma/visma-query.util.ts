import type { SandboxRequest } from '../core';
import { vismaException, vismaPreconditionFailed } from './visma.error';

/**
 * Query helpers shared by the list endpoints: paging (`pageNumber`/`pageSize`), date-time conditions
 * (`lastModifiedDateTime` + `lastModifiedDateTimeCondition`, `createdDateTime` + `createdDateTimeCondition`)
 * and ETag / If-Match handling.
 * Sources: `GET /v1/customer` parameters in visma-net-erp-api.v1_20250424.openapi.json;
 * docs.vismasoftware.no/vismanetapi/how-tos/pagination, …/date-time-condition-operators, …/etag.
 */

export type VismaPaging = { pageNumber: number; pageSize: number };

/** MetadataDto: attached to every item of a paged list. */
export type VismaMetadata = { totalCount: number; maxPageSize: number };

/**
 * Reads pageNumber/pageSize (both optional: pageNumber 1, pageSize maxPageSize). A pageSize above the
 * maximum is cut to the maximum, as the spec's pageSize description says. Throws a 400 Visma error for a
 * value that is not a positive integer.
 */
export function readPaging(query: URLSearchParams, maxPageSize: number): VismaPaging {
  const read = (name: string, fallback: number): number => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
      throw vismaException(400, 'badFilter', `The value '${raw}' is not valid for ${name}.`);
    }
    return Number(raw);
  };
  return { pageNumber: read('pageNumber', 1), pageSize: Math.min(read('pageSize', maxPageSize), maxPageSize) };
}

/** One page of `items` (already filtered and ordered), each DTO decorated with `metadata`. */
export function pageWithMetadata<T extends object>(items: readonly T[], paging: VismaPaging, maxPageSize: number): Array<T & { metadata: VismaMetadata }> {
  const start = (paging.pageNumber - 1) * paging.pageSize;
  const metadata: VismaMetadata = { totalCount: items.length, maxPageSize };
  return items.slice(start, start + paging.pageSize).map((item) => ({ ...item, metadata: { ...metadata } }));
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?)?$/;

/**
 * Parses the accepted formats `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss[.FFF]`, `yyyy-MM-ddTHH:mm:ss[.FFF]`
 * (no offset; the sandbox reads them as UTC, matching the `Z` timestamps it returns). Undefined when invalid.
 */
export function parseVismaDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const value = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(value);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  return value;
}

const CONDITIONS = {
  '>': (a: number, b: number) => a > b,
  '<': (a: number, b: number) => a < b,
  '>=': (a: number, b: number) => a >= b,
  '<=': (a: number, b: number) => a <= b,
} as const;
type Condition = keyof typeof CONDITIONS;

/**
 * Builds a predicate over a timestamp (ms) for the `<name>` + `<name>Condition` pair, or undefined when neither
 * is given. Throws 400 (fault `badFilter`) when only one is given, the date is not in an accepted format or the
 * condition is not one of `>`, `<`, `>=`, `<=`.
 */
export function dateTimeCondition(query: URLSearchParams, name: string): ((ms: number) => boolean) | undefined {
  const value = query.get(name);
  const condition = query.get(`${name}Condition`);
  const has = (v: string | null): v is string => v !== null && v !== '';
  if (!has(value) && !has(condition)) return undefined;
  const label = name.charAt(0).toUpperCase() + name.slice(1);
  if (!has(value) || !has(condition)) {
    throw vismaException(400, 'badFilter', `${label} and ${label}Condition must be used together.`);
  }
  const at = parseVismaDateTime(value);
  if (at === undefined) {
    throw vismaException(
      400,
      'badFilter',
      `The value '${value}' of ${label} is not valid. Accepted formats: yyyy-MM-dd, yyyy-MM-dd HH:mm:ss[.FFF], yyyy-MM-ddTHH:mm:ss[.FFF].`,
    );
  }
  if (!(condition in CONDITIONS)) {
    throw vismaException(400, 'badFilter', `The value '${condition}' of ${label}Condition is not valid. Accepted values: >, <, >=, <=.`);
  }
  const compare = CONDITIONS[condition as Condition];
  return (ms: number) => compare(ms, at);
}

/** Case-insensitive equality used by the text filters (SQL Server's default collation is case-insensitive). */
export function equalsIgnoreCase(a: string | undefined, b: string): boolean {
  return a !== undefined && a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

/** The ETag header value for a row version: a quoted base64 of 8 bytes, like SQL Server rowversion. */
export function etagOf(rowVersion: bigint): string {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(rowVersion);
  return `"${buf.toString('base64')}"`;
}

/**
 * True when the request may proceed: no If-Match, `*`, or one of the listed tags equals `etag`
 * (quotes and a weak `W/` prefix are ignored).
 */
export function ifMatchSatisfied(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return true;
  const raw = Array.isArray(header) ? header.join(',') : header;
  const norm = (t: string): string => t.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  const tags = raw.split(',').map(norm).filter((t) => t.length > 0);
  if (tags.length === 0) return true;
  return tags.some((t) => t === '*' || t === norm(etag));
}

/**
 * Optimistic locking of every Visma update route: passes when the request has no `If-Match`, `*`, or the record's
 * current ETag; otherwise throws the 412 `preconditionFailed` Visma error (nothing is written).
 * Source: docs.vismasoftware.no/vismanetapi/how-tos/etag (README /work/shared/specs/README.md §1 "Optimistic locking").
 */
export function requireCurrentEtag(req: Pick<SandboxRequest, 'headers'>, rowVersion: bigint): void {
  if (!ifMatchSatisfied(req.headers['if-match'], etagOf(rowVersion))) throw vismaPreconditionFailed();
}

/**
 * The order of a list answer. Without a `lastModifiedDateTime` filter: the list's own key (`byKey`: internal id,
 * creation order, number …), which a modification does not move. With one (a delta read): ascending
 * `lastModifiedDateTime`, ties by the key, so an exporter can page by time (`>=` the last timestamp it saw) and each page
 * ends at a time it can checkpoint. Visma does not document its order; this is the sandbox's rule for every list.
 */
export function deltaOrdered<T extends { lastModifiedMs: number }>(items: T[], query: URLSearchParams, byKey: (a: T, b: T) => number): T[] {
  const isDelta = (query.get('lastModifiedDateTime') ?? '') !== '';
  return items.sort(isDelta ? (a, b) => a.lastModifiedMs - b.lastModifiedMs || byKey(a, b) : byKey);
}

/** Like pageWithMetadata over records, mapping only the page's records to DTOs (`totalCount` counts all of them). */
export function pageMapped<T, D extends object>(items: readonly T[], paging: VismaPaging, maxPageSize: number, toDto: (item: T) => D): Array<D & { metadata: VismaMetadata }> {
  const start = (paging.pageNumber - 1) * paging.pageSize;
  return items.slice(start, start + paging.pageSize).map((item) => ({ ...toDto(item), metadata: { totalCount: items.length, maxPageSize } }));
}

/** The query parameter's text, undefined when absent or empty. */
export function queryText(query: URLSearchParams, name: string): string | undefined {
  const v = query.get(name);
  return v === null || v === '' ? undefined : v;
}

/** The value of an enum filter, undefined when absent; 400 `badFilter` when it is not one of `allowed`. */
export function enumFilter<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const v = queryText(query, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw vismaException(400, 'badFilter', `The value '${v}' is not valid for ${name}.`);
  return v as T;
}

/** Numeric-aware text compare for list keys ("000010" after "000009"). */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
