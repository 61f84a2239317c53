import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { recordKeys } from './keys';
import type { RecordFilter } from './types';

/** `POST /api/records/:id/replay` (202): enqueues the record again; its detail then polls until it settles. */
export function useReplayRecord() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ queued: true }>(`/api/records/${encodeURIComponent(id)}/replay`, { method: 'POST' }),
    onSuccess: (_data, id) =>
      Promise.all([client.invalidateQueries({ queryKey: recordKeys.detail(id) }), client.invalidateQueries({ queryKey: recordKeys.lists() })]),
  });
}

/** `POST /api/records/replay { filter, max }` (202): enqueues up to `max` records matching the filter. */
export function useBulkReplay() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ filter, max }: { filter: RecordFilter; max: number }) =>
      apiFetch<{ queued: number }>('/api/records/replay', { method: 'POST', body: { filter, max } }),
    onSuccess: () => client.invalidateQueries({ queryKey: recordKeys.all }),
  });
}
