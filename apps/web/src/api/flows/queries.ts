import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { flowKeys } from './keys';
import type { CatchUpState, Flow, FlowMapping, ReferenceData } from './types';

/** How often catch-up positions are read again while a run is in progress or was just requested. */
export const CATCH_UP_POLL_MS = 2_000;

/** `GET /api/flows`. */
export function useFlows() {
  return useQuery({ queryKey: flowKeys.list(), queryFn: ({ signal }) => apiFetch<Flow[]>('/api/flows', { signal }) });
}

/**
 * `GET /api/flows/:id/catch-up`: the schedule and where each entity type has caught up to. Polls while a run is in
 * progress, and while `isWatching` (e.g. just after "Catch up now", before the worker has picked the run up).
 */
export function useCatchUpState(flowId: string, { isWatching = false }: { isWatching?: boolean } = {}) {
  return useQuery({
    queryKey: flowKeys.catchUp(flowId),
    queryFn: ({ signal }) => apiFetch<CatchUpState>(`/api/flows/${encodeURIComponent(flowId)}/catch-up`, { signal }),
    refetchInterval: (query) => (isWatching || query.state.data?.positions.some((p) => p.isInProgress) ? CATCH_UP_POLL_MS : false),
  });
}

/** `GET /api/flows/:id/mapping?targetConnectionId=`: the rules of one of the flow's Visma companies. */
export function useMapping(flowId: string, companyId: string) {
  return useQuery({
    queryKey: flowKeys.mapping(flowId, companyId),
    queryFn: ({ signal }) => apiFetch<FlowMapping>(`/api/flows/${encodeURIComponent(flowId)}/mapping`, { signal, query: { targetConnectionId: companyId } }),
    staleTime: Infinity,
  });
}

/** `GET /api/flows/:id/reference-data?targetConnectionId=`: accounts, VAT codes, subaccount segments, branches, live from that Visma company. */
export function useReferenceData(flowId: string, companyId: string) {
  return useQuery({
    queryKey: flowKeys.referenceData(flowId, companyId),
    queryFn: ({ signal }) => apiFetch<ReferenceData>(`/api/flows/${encodeURIComponent(flowId)}/reference-data`, { signal, query: { targetConnectionId: companyId } }),
    staleTime: 5 * 60_000,
  });
}
