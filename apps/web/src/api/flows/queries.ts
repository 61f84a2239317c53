import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { flowKeys } from './keys';
import type { Flow, FlowMapping, ReferenceData } from './types';

/** `GET /api/flows`. */
export function useFlows() {
  return useQuery({ queryKey: flowKeys.list(), queryFn: ({ signal }) => apiFetch<Flow[]>('/api/flows', { signal }) });
}

/** One flow, taken from the list (there is no single-flow endpoint). */
export function useFlow(id: string) {
  return useQuery({
    queryKey: flowKeys.list(),
    queryFn: ({ signal }) => apiFetch<Flow[]>('/api/flows', { signal }),
    select: (flows) => flows.find((f) => f.id === id) ?? null,
  });
}

/** `GET /api/flows/:id/mapping`. */
export function useMapping(flowId: string) {
  return useQuery({
    queryKey: flowKeys.mapping(flowId),
    queryFn: ({ signal }) => apiFetch<FlowMapping>(`/api/flows/${encodeURIComponent(flowId)}/mapping`, { signal }),
    staleTime: Infinity,
  });
}

/** `GET /api/flows/:id/reference-data`: accounts, VAT codes, subaccount segments, branches, live from Visma. */
export function useReferenceData(flowId: string) {
  return useQuery({
    queryKey: flowKeys.referenceData(flowId),
    queryFn: ({ signal }) => apiFetch<ReferenceData>(`/api/flows/${encodeURIComponent(flowId)}/reference-data`, { signal }),
    staleTime: 5 * 60_000,
  });
}
