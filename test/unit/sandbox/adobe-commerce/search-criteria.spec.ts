import { applySearchCriteria, parseSearchCriteria, UNKNOWN_FIELD } from '../../../../apps/sandbox/src/adobe-commerce/search-criteria';
import { SandboxHttpError } from '../../../../apps/sandbox/src/core';

type Row = { entity_id: number; status: string; updated_at: string; email: string; grand_total: number };

const ROWS: Row[] = [1, 2, 3, 4, 5, 6, 7].map((id) => ({
  entity_id: id,
  status: id % 2 === 0 ? 'processing' : 'pending',
  updated_at: `2025-11-0${id} 10:00:00`,
  email: id <= 3 ? `kari${id}@example.no` : `sven${id}@EXAMPLE.se`,
  grand_total: id * 100.5,
}));
const field = (item: unknown, name: string): unknown => (name in (item as Row) ? (item as Record<string, unknown>)[name] : UNKNOWN_FIELD);
const search = (query: string): { ids: number[]; total: number } => {
  const result = applySearchCriteria(ROWS, parseSearchCriteria(new URLSearchParams(query)), field, () => 'test');
  return { ids: result.items.map((r) => r.entity_id), total: result.total_count };
};

describe('searchCriteria', () => {
  it.each([
    ['page 1 of 3', 'searchCriteria[pageSize]=3&searchCriteria[currentPage]=1', [1, 2, 3]],
    ['the last, short page', 'searchCriteria[pageSize]=3&searchCriteria[currentPage]=3', [7]],
    ['a page past the end answers the last page again (magento2 #3787, #26986)', 'searchCriteria[pageSize]=3&searchCriteria[currentPage]=9', [7]],
    ['currentPage 0 is page 1', 'searchCriteria[pageSize]=3&searchCriteria[currentPage]=0', [1, 2, 3]],
    ['no pageSize returns every match', 'searchCriteria[currentPage]=5', [1, 2, 3, 4, 5, 6, 7]],
    ['pageSize 0 returns every match', 'searchCriteria[pageSize]=0', [1, 2, 3, 4, 5, 6, 7]],
  ])('should page: %s', (_name, query, ids) => {
    expect(search(query)).toEqual({ ids, total: 7 });
  });

  it('should OR the filters of one group and AND the groups', () => {
    const q = [
      'searchCriteria[filter_groups][0][filters][0][field]=entity_id&searchCriteria[filter_groups][0][filters][0][value]=1',
      'searchCriteria[filter_groups][0][filters][1][field]=entity_id&searchCriteria[filter_groups][0][filters][1][value]=4',
      'searchCriteria[filter_groups][0][filters][2][field]=entity_id&searchCriteria[filter_groups][0][filters][2][value]=6',
      'searchCriteria[filter_groups][1][filters][0][field]=status&searchCriteria[filter_groups][1][filters][0][value]=processing',
    ].join('&');
    expect(search(q)).toEqual({ ids: [4, 6], total: 2 });
  });

  it('should show the from/to trap: in one group they are OR-ed, in two groups they bound a range', () => {
    const from = (g: number, i: number): string => `searchCriteria[filter_groups][${g}][filters][${i}][field]=updated_at&searchCriteria[filter_groups][${g}][filters][${i}][value]=2025-11-03 00:00:00&searchCriteria[filter_groups][${g}][filters][${i}][condition_type]=from`;
    const to = (g: number, i: number): string => `searchCriteria[filter_groups][${g}][filters][${i}][field]=updated_at&searchCriteria[filter_groups][${g}][filters][${i}][value]=2025-11-05 23:59:59&searchCriteria[filter_groups][${g}][filters][${i}][condition_type]=to`;
    expect(search(`${from(0, 0)}&${to(0, 1)}`).total).toBe(7);
    expect(search(`${from(0, 0)}&${to(1, 0)}`).ids).toEqual([3, 4, 5]);
  });

  it.each([
    ['like, case-insensitive', 'email', '%@example.se', 'like', [4, 5, 6, 7]],
    ['in with a comma list', 'entity_id', '2,5', 'in', [2, 5]],
    ['nin', 'entity_id', '1,2,3,4,5', 'nin', [6, 7]],
    ['gt on numbers', 'grand_total', '502.5', 'gt', [6, 7]],
    ['gteq on dates', 'updated_at', '2025-11-06 10:00:00', 'gteq', [6, 7]],
    ['neq', 'status', 'pending', 'neq', [2, 4, 6]],
    ['eq is case-insensitive like MySQL', 'status', 'PENDING', 'eq', [1, 3, 5, 7]],
  ])('should filter with %s', (_name, name, value, condition, ids) => {
    expect(search(`searchCriteria[filter_groups][0][filters][0][field]=${name}&searchCriteria[filter_groups][0][filters][0][value]=${encodeURIComponent(value)}&searchCriteria[filter_groups][0][filters][0][condition_type]=${condition}`).ids).toEqual(ids);
  });

  it('should accept camelCase names and echo the criteria in snake_case, sorted as asked', () => {
    const criteria = parseSearchCriteria(new URLSearchParams('searchCriteria[filterGroups][0][filters][0][field]=status&searchCriteria[filterGroups][0][filters][0][value]=pending&searchCriteria[sortOrders][0][field]=grand_total&searchCriteria[sortOrders][0][direction]=desc&searchCriteria[pageSize]=2'));
    expect(criteria).toEqual({ filter_groups: [{ filters: [{ field: 'status', value: 'pending', condition_type: 'eq' }] }], sort_orders: [{ field: 'grand_total', direction: 'DESC' }], page_size: 2 });
    expect(applySearchCriteria(ROWS, criteria, field, () => 'x').items.map((r) => r.entity_id)).toEqual([7, 5]);
  });

  it('should require searchCriteria and mask an unknown field as an internal error', () => {
    expect(() => parseSearchCriteria(new URLSearchParams(''))).toThrow(SandboxHttpError);
    expect(parseSearchCriteria(new URLSearchParams('searchCriteria='))).toEqual({ filter_groups: [] });
    try {
      search('searchCriteria[filter_groups][0][filters][0][field]=nope&searchCriteria[filter_groups][0][filters][0][value]=1');
      throw new Error('expected an error');
    } catch (err) {
      expect((err as SandboxHttpError).status).toBe(500);
      expect((err as SandboxHttpError).body).toEqual({ message: 'Internal Error. Details are available in Magento log file. Report ID: webapi-test' });
    }
  });
});
