import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { connectionKeys } from './keys';
import type { Connection, ConnectionFilter } from './types';

/** `GET /api/connections`, optionally narrowed to one system kind: `useConnections({ system: 'visma' })`. */
export function useConnections(filter: ConnectionFilter = {}) {
  return useQuery({
    queryKey: connectionKeys.list(filter),
    queryFn: ({ signal }) => apiFetch<Connection[]>('/api/connections', { signal }),
    select: (all) => all.filter((c) => filter.system === undefined || c.system === filter.system),
  });
}

/** `GET /api/connections/:id`. */
export function useConnection(id: string | undefined) {
  return useQuery({
    queryKey: connectionKeys.detail(id ?? ''),
    queryFn: ({ signal }) => apiFetch<Connection>(`/api/connections/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  });
}
