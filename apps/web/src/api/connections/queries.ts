import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { connectionKeys } from './keys';
import type { Connection, ConnectionFilter, SystemInfo, SystemKind } from './types';

/** `GET /api/connections/systems`: the system kinds a connection can be made for. */
export function useSystems() {
  return useQuery({ queryKey: connectionKeys.systems(), queryFn: ({ signal }) => apiFetch<SystemInfo[]>('/api/connections/systems', { signal }), staleTime: Infinity });
}

/**
 * `GET /api/connections`, optionally narrowed to one system kind (typed accordingly):
 * `useConnections({ system: 'visma' })` yields `Connection<'visma'>[]`.
 */
export function useConnections<S extends SystemKind = SystemKind>(filter: ConnectionFilter<S> = {}) {
  return useQuery({
    queryKey: connectionKeys.list(filter),
    queryFn: ({ signal }) => apiFetch<Connection[]>('/api/connections', { signal }),
    select: (all): Connection<S>[] => all.filter((c): c is Connection<S> => filter.system === undefined || c.system === filter.system),
  });
}

/** `GET /api/connections/:id`. */
export function useConnection<S extends SystemKind = SystemKind>(id: string | undefined) {
  return useQuery({
    queryKey: connectionKeys.detail(id ?? ''),
    queryFn: ({ signal }) => apiFetch<Connection<S>>(`/api/connections/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  });
}
