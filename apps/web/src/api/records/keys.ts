import type { RecordFilter } from './types';

/** Query keys of records; `lists()` covers every list and count, `detail(id)` one record. */
export const recordKeys = {
  all: ['records'] as const,
  lists: () => [...recordKeys.all, 'list'] as const,
  list: (filter: RecordFilter, page: { limit: number; offset: number }) => [...recordKeys.lists(), filter, page] as const,
  count: (filter: RecordFilter) => [...recordKeys.lists(), 'count', filter] as const,
  details: () => [...recordKeys.all, 'detail'] as const,
  detail: (id: string) => [...recordKeys.details(), id] as const,
};
