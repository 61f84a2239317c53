import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { recordKeys } from './keys';
import type { RecordDetail, RecordFilter, RecordPage } from './types';

const IN_FLIGHT = new Set(['received', 'processing']);

/** `GET /api/records` with the filter and one page (`limit` ≤ 200). */
export function useRecords(filter: RecordFilter, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: recordKeys.list(filter, page),
    queryFn: ({ signal }) => apiFetch<RecordPage>('/api/records', { signal, query: { ...filter, ...page } }),
    placeholderData: (previous) => previous,
  });
}

/** How many records match (one-row page); polls every `pollMs` while given (bulk replay progress). */
export function useRecordCount(filter: RecordFilter, options: { enabled?: boolean; pollMs?: number | false } = {}) {
  return useQuery({
    queryKey: recordKeys.count(filter),
    queryFn: async ({ signal }) => (await apiFetch<RecordPage>('/api/records', { signal, query: { ...filter, limit: 1, offset: 0 } })).total,
    enabled: options.enabled ?? true,
    refetchInterval: options.pollMs ?? false,
    staleTime: 0,
  });
}

/** `GET /api/records/:id` with its timeline; polls while the record is received/processing (e.g. after replay). */
export function useRecord(id: string) {
  return useQuery({
    queryKey: recordKeys.detail(id),
    queryFn: ({ signal }) => apiFetch<RecordDetail>(`/api/records/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (query) => (query.state.data && IN_FLIGHT.has(query.state.data.record.status) ? 1_000 : false),
  });
}
