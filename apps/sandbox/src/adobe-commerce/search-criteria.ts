/**
 * `searchCriteria` of the Commerce list endpoints (`GET /V1/orders`, `/V1/invoices`, `/V1/creditmemos`,
 * `/V1/customers/search`, `/V1/products`), as AdobeDocs/commerce-webapi src/pages/rest/use-rest/performing-searches.md
 * documents and magento/magento2 implements it:
 * - parameters `searchCriteria[filter_groups][i][filters][j][field|value|condition_type]`,
 *   `searchCriteria[sortOrders][i][field|direction]`, `searchCriteria[pageSize]`, `searchCriteria[currentPage]`; the
 *   webapi accepts each name in snake_case or camelCase (ServiceInputProcessor maps `filter_groups` and `filterGroups`
 *   to the same setter);
 * - filters of one group are OR-ed, groups AND-ed (Api\SearchCriteria\CollectionProcessor\FilterProcessor passes a
 *   group as one `addFieldToFilter($fields, $conditions)`): `from` and `to` in ONE group therefore match almost
 *   everything — they must go in separate groups to bound a range;
 * - condition types eq (default), neq, gt, gteq, lt, lteq, moreq, in, nin (comma-separated values), like, nlike (SQL
 *   `%`/`_` wildcards), from (≥), to (≤), null, notnull, finset, nfinset; string comparisons are case-insensitive, as
 *   MySQL's utf8 collations compare;
 * - no pageSize (or 0) returns every match; `currentPage` past the last page returns the LAST page again
 *   (Framework\Data\Collection::getCurPage() clamps to getLastPageNumber(), magento2 issues #3787 and #26986), and
 *   `total_count` is the number of matches; the answer echoes the criteria as given (snake_case).
 */
import { magentoError, requiredField } from './errors';

export type SearchFilter = { field: string; value: string; condition_type: string };
export type SearchCriteria = {
  filter_groups: Array<{ filters: SearchFilter[] }>;
  sort_orders?: Array<{ field: string; direction: string }>;
  page_size?: number;
  current_page?: number;
};
export type SearchResult<T> = { items: T[]; search_criteria: SearchCriteria; total_count: number };

/** A field the entity does not have: Commerce answers a masked SQL error ("Column not found"). */
export const UNKNOWN_FIELD: unique symbol = Symbol('unknown field');
export type FieldValue = (item: unknown, field: string) => unknown;

const CONDITIONS = ['eq', 'neq', 'gt', 'gteq', 'lt', 'lteq', 'moreq', 'in', 'nin', 'like', 'nlike', 'from', 'to', 'null', 'notnull', 'finset', 'nfinset'];

type Tree = Map<string, Tree | string>;

function camelToSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Parses `searchCriteria[...]` query parameters; `isRequired` answers 400 when none is given. */
export function parseSearchCriteria(query: URLSearchParams, isRequired = true): SearchCriteria {
  const root: Tree = new Map();
  let present = false;
  for (const [name, value] of query) {
    if (name !== 'searchCriteria' && !name.startsWith('searchCriteria[')) continue;
    present = true;
    const path = [...name.slice('searchCriteria'.length).matchAll(/\[([^\]]*)\]/g)].map((m) => camelToSnake(m[1] ?? ''));
    let node = root;
    path.forEach((segment, i) => {
      if (i === path.length - 1) node.set(segment, value);
      else {
        const next = node.get(segment);
        if (next instanceof Map) node = next;
        else {
          const child: Tree = new Map();
          node.set(segment, child);
          node = child;
        }
      }
    });
  }
  if (!present && isRequired) throw requiredField('searchCriteria');
  const list = (tree: Tree | string | undefined): Tree[] => (tree instanceof Map ? [...tree.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v).filter((v): v is Tree => v instanceof Map) : []);
  const text = (tree: Tree, key: string): string | undefined => {
    const v = tree.get(key);
    return typeof v === 'string' ? v : undefined;
  };
  const criteria: SearchCriteria = {
    filter_groups: list(root.get('filter_groups')).map((group) => ({
      filters: list(group.get('filters')).map((f) => {
        const field = text(f, 'field');
        if (field === undefined || field === '') throw requiredField('field');
        const condition = (text(f, 'condition_type') ?? 'eq') || 'eq';
        if (!CONDITIONS.includes(condition)) throw magentoError(400, 'Invalid condition type: %1', [condition]);
        return { field, value: text(f, 'value') ?? '', condition_type: condition };
      }),
    })),
  };
  const sorts = list(root.get('sort_orders')).map((s) => ({ field: text(s, 'field') ?? '', direction: (text(s, 'direction') ?? 'ASC').toUpperCase() }));
  if (sorts.length > 0) criteria.sort_orders = sorts;
  const int = (key: string): number | undefined => {
    const raw = text(root, key);
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw magentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.', { value: raw, type: 'int' });
    return n;
  };
  const pageSize = int('page_size');
  const currentPage = int('current_page');
  if (pageSize !== undefined) criteria.page_size = pageSize;
  if (currentPage !== undefined) criteria.current_page = currentPage;
  return criteria;
}

function likeRegex(pattern: string): RegExp {
  const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${source}$`, 'is');
}

/** A column value as MySQL would compare it as text. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

function compare(actual: unknown, expected: string): number {
  const a = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' && Number.isFinite(Number(actual)) ? Number(actual) : undefined;
  const b = expected.trim() !== '' && Number.isFinite(Number(expected)) ? Number(expected) : undefined;
  if (a !== undefined && b !== undefined && (typeof actual === 'number' || /^-?\d+(\.\d+)?$/.test(text(actual)))) return a === b ? 0 : a < b ? -1 : 1;
  const x = text(actual).toLowerCase();
  const y = expected.toLowerCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Whether one value satisfies one filter (SQL semantics: NULL matches nothing but `null`/`neq`-less checks). */
export function matchesFilter(actual: unknown, filter: SearchFilter): boolean {
  const isNull = actual === null || actual === undefined;
  const v = filter.value;
  switch (filter.condition_type) {
    case 'null':
      return isNull;
    case 'notnull':
      return !isNull;
    default:
      break;
  }
  if (isNull) return false;
  const values = Array.isArray(actual) ? actual : [actual];
  const test = (one: unknown): boolean => {
    switch (filter.condition_type) {
      case 'eq':
        return compare(one, v) === 0;
      case 'neq':
        return compare(one, v) !== 0;
      case 'gt':
        return compare(one, v) > 0;
      case 'gteq':
      case 'moreq':
      case 'from':
        return compare(one, v) >= 0;
      case 'lt':
        return compare(one, v) < 0;
      case 'lteq':
      case 'to':
        return compare(one, v) <= 0;
      case 'in':
        return v.split(',').some((x) => compare(one, x.trim()) === 0);
      case 'nin':
        return !v.split(',').some((x) => compare(one, x.trim()) === 0);
      case 'like':
        return likeRegex(v).test(text(one));
      case 'nlike':
        return !likeRegex(v).test(text(one));
      case 'finset':
        return text(one).split(',').includes(v);
      case 'nfinset':
        return !text(one).split(',').includes(v);
      default:
        return false;
    }
  };
  return values.some(test);
}

/**
 * Filters, sorts and pages `items` by `criteria`. `fieldValue` reads a field of an item and returns UNKNOWN_FIELD for a
 * column the entity lacks (→ the masked 500 Commerce answers for an SQL error).
 */
export function applySearchCriteria<T>(items: readonly T[], criteria: SearchCriteria, fieldValue: FieldValue, reportId: () => string): SearchResult<T> {
  const read = (item: T, field: string): unknown => {
    const v = fieldValue(item, field);
    if (v === UNKNOWN_FIELD) throw magentoError(500, `Internal Error. Details are available in Magento log file. Report ID: webapi-${reportId()}`);
    return v;
  };
  let matched = items.filter((item) => criteria.filter_groups.every((g) => g.filters.length === 0 || g.filters.some((f) => matchesFilter(read(item, f.field), f))));
  for (const sort of [...(criteria.sort_orders ?? [])].reverse()) {
    if (sort.field === '') continue;
    const sign = sort.direction === 'DESC' ? -1 : 1;
    matched = [...matched].sort((a, b) => {
      const x = read(a, sort.field);
      const y = read(b, sort.field);
      if (x === y) return 0;
      if (x === null || x === undefined) return -sign;
      if (y === null || y === undefined) return sign;
      return sign * compare(x, text(y));
    });
  }
  const total = matched.length;
  const size = criteria.page_size ?? 0;
  let page = matched;
  if (size > 0) {
    const lastPage = Math.max(1, Math.ceil(total / size));
    const current = Math.min(Math.max(criteria.current_page ?? 1, 1), lastPage);
    page = matched.slice((current - 1) * size, current * size);
  }
  return { items: page, search_criteria: criteria, total_count: total };
}
