/**
 * Query endpoints' common parameters:
 * - paging (raml/traits/paging.raml): `limit` default 20, 0…500; `offset` default 0, max 10 000; `withTotal` default
 *   true. Out-of-range or malformed values answer 400 InvalidInput.
 * - `where` (raml/traits/query.raml): every `where` parameter must hold (they are ANDed); `var.<name>` supplies the
 *   `:<name>` input variables.
 * - `sort` (raml/traits/sortable.raml): repeatable `<path> asc|desc`, path segments joined by `.` (`name.en asc`);
 *   later sorts break ties of earlier ones. Without `sort` the insertion order is kept.
 * - `expand` (raml/traits/expandable.raml): reference expansion, e.g. `paymentInfo.payments[*]`; each Reference on
 *   the path gets an `obj` with the referenced resource. Paths that reach no reference change nothing.
 * The answer is a PagedQueryResponse `{limit, offset, count, total?, results}` (openapi.yaml `*PagedQueryResponse`).
 */
import { malformedParameter } from './errors';
import { clone, isJson, type Json } from './json';
import { compareValues } from './predicate-eval';
import { evaluatePredicate } from './predicate-eval';
import { parsePredicate, PredicateSyntaxError, type Predicate } from './predicate-parser';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 500;
export const MAX_OFFSET = 10_000;

type SortKey = { path: string[]; isDescending: boolean };

function intParam(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw malformedParameter(name, `The value '${raw}' is not a valid non-negative integer.`);
  const n = Number(raw);
  if (n > max) throw malformedParameter(name, name === 'limit' ? `Limit must be lower or equal to ${max}.` : `The ${name} parameter must be lower or equal to ${max}.`);
  return n;
}

/** The `var.<name>` parameters of a request. */
export function predicateVars(query: URLSearchParams): Map<string, string[]> {
  const vars = new Map<string, string[]>();
  for (const [name, value] of query) {
    if (!name.startsWith('var.')) continue;
    const key = name.slice(4);
    vars.set(key, [...(vars.get(key) ?? []), value]);
  }
  return vars;
}

/** Parses every `where` parameter; a syntax error answers 400 InvalidInput naming the parameter and column. */
export function parseWhere(query: URLSearchParams): Predicate[] {
  const vars = predicateVars(query);
  return query.getAll('where').map((text) => {
    try {
      return parsePredicate(text, vars);
    } catch (err) {
      if (err instanceof PredicateSyntaxError) throw malformedParameter('where', `Syntax error while parsing 'where'. ${err.message} (line 1, column ${err.column}).`);
      throw err;
    }
  });
}

function parseSort(query: URLSearchParams): SortKey[] {
  return query.getAll('sort').map((text) => {
    const m = /^\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)*)(?:\s+(asc|desc))?\s*$/i.exec(text);
    if (!m?.[1]) throw malformedParameter('sort', `Invalid sort expression '${text}'. Expected '<field> asc' or '<field> desc'.`);
    return { path: m[1].split('.'), isDescending: (m[2] ?? 'asc').toLowerCase() === 'desc' };
  });
}

function valueAt(resource: Json, path: readonly string[]): unknown {
  let v: unknown = resource;
  for (const seg of path) v = isJson(v) ? v[seg] : undefined;
  return v;
}

function compareForSort(a: unknown, b: unknown): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : 1;
  if (b === undefined || b === null) return -1;
  if (typeof b === 'string' || typeof b === 'number' || typeof b === 'boolean') return compareValues(a, b) ?? 0;
  return 0;
}

export type QueryOptions = {
  /** Extra filter applied before the predicates (e.g. the store of an in-store endpoint). */
  filter?: (resource: Json) => boolean;
  /** Reference expansion for `expand`. */
  expand?: (resource: Json, paths: readonly string[]) => Json;
};

/** Runs a query endpoint over `records` (see the file header) and builds the PagedQueryResponse. */
export function runQuery(records: Iterable<Json>, query: URLSearchParams, options: QueryOptions = {}): Json {
  const limit = intParam(query, 'limit', DEFAULT_LIMIT, MAX_LIMIT);
  const offset = intParam(query, 'offset', 0, MAX_OFFSET);
  const withTotalRaw = query.get('withTotal');
  if (withTotalRaw !== null && withTotalRaw !== 'true' && withTotalRaw !== 'false') throw malformedParameter('withTotal', `The value '${withTotalRaw}' is not a valid boolean.`);
  const predicates = parseWhere(query);
  const sort = parseSort(query);
  const matching = [...records].filter((r) => (options.filter?.(r) ?? true) && predicates.every((p) => evaluatePredicate(p, r)));
  if (sort.length > 0) {
    matching.sort((x, y) => {
      for (const key of sort) {
        const c = compareForSort(valueAt(x, key.path), valueAt(y, key.path));
        if (c !== 0) return key.isDescending ? -c : c;
      }
      return 0;
    });
  }
  const paths = query.getAll('expand');
  const page = matching.slice(offset, offset + limit).map((r) => (options.expand && paths.length > 0 ? options.expand(r, paths) : clone(r)));
  return { limit, offset, count: page.length, ...(withTotalRaw === 'false' ? {} : { total: matching.length }), results: page };
}

type Segment = { name: string; isEach: boolean };

function parseExpansion(path: string): Segment[] {
  return path.split('.').map((seg) => {
    const m = /^([^[\]]+)(\[(\*|\d+)\])?$/.exec(seg);
    return { name: m?.[1] ?? seg, isEach: m?.[2] !== undefined };
  });
}

function isReference(v: Json): boolean {
  return typeof v['typeId'] === 'string' && (typeof v['id'] === 'string' || typeof v['key'] === 'string');
}

/** Expands references along `paths` in a copy of `resource`; `resolve` finds the referenced record. */
export function expandReferences(resource: Json, paths: readonly string[], resolve: (reference: Json) => Json | undefined): Json {
  const copy = clone(resource);
  const walk = (value: unknown, segments: readonly Segment[]): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, segments);
      return;
    }
    if (!isJson(value)) return;
    let node: Json = value;
    if (isReference(node)) {
      if (!isJson(node['obj'])) {
        const target = resolve(node);
        if (!target) return;
        node['obj'] = clone(target);
      }
      node = node['obj'] as Json;
    }
    const [head, ...rest] = segments;
    if (!head) return;
    walk(node[head.name], rest);
  };
  for (const path of paths) {
    const [head, ...rest] = parseExpansion(path);
    if (head) walk(copy[head.name], rest);
  }
  return copy;
}
