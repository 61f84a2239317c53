import type { ConnectionFilter } from './types';

/** Query keys of connections; `all` invalidates every connection query. */
export const connectionKeys = {
  all: ['connections'] as const,
  lists: () => [...connectionKeys.all, 'list'] as const,
  list: (filter: ConnectionFilter = {}) => [...connectionKeys.lists(), filter] as const,
  details: () => [...connectionKeys.all, 'detail'] as const,
  detail: (id: string) => [...connectionKeys.details(), id] as const,
};
