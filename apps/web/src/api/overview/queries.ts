import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { overviewKeys } from './keys';
import type { Overview } from './types';

/** `GET /api/overview?days=N`, refreshed every 30 s. */
export function useOverview(days = 14) {
  return useQuery({
    queryKey: overviewKeys.byDays(days),
    queryFn: ({ signal }) => apiFetch<Overview>('/api/overview', { signal, query: { days } }),
    refetchInterval: 30_000,
  });
}
