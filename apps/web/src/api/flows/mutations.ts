import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { flowKeys } from './keys';
import type { CoverageReport, Flow, FlowMapping, MappingRules, PreviewResult } from './types';

/** `PATCH /api/flows/:id { isEnabled }` (admin): pause or resume a flow. */
export function useSetFlowEnabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, isEnabled }: { id: string; isEnabled: boolean }) =>
      apiFetch<Flow>(`/api/flows/${encodeURIComponent(id)}`, { method: 'PATCH', body: { isEnabled } }),
    onSuccess: () => client.invalidateQueries({ queryKey: flowKeys.list() }),
  });
}

/** `PUT /api/flows/:id/mapping { rules }` (admin). @throws ApiError 400 naming fields like `vatCodes[2].ratePercent`. */
export function useSaveMapping(flowId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rules: MappingRules) => apiFetch<FlowMapping>(`/api/flows/${encodeURIComponent(flowId)}/mapping`, { method: 'PUT', body: { rules } }),
    onSuccess: (saved) => {
      client.setQueryData(flowKeys.mapping(flowId), saved);
      return client.invalidateQueries({ queryKey: flowKeys.mapping(flowId) });
    },
  });
}

/** `POST /api/flows/:id/mapping/coverage`: checks the given (unsaved) rules, or the saved ones, against recent orders. */
export function useCoverageCheck(flowId: string) {
  return useMutation({
    mutationFn: (rules?: MappingRules) =>
      apiFetch<CoverageReport>(`/api/flows/${encodeURIComponent(flowId)}/mapping/coverage`, { method: 'POST', body: rules ? { rules } : {} }),
  });
}

/** `POST /api/flows/:id/preview { externalId, rules? }`: dry run of one order with the given (or saved) rules; posts nothing. */
export function usePreview(flowId: string) {
  return useMutation({
    mutationFn: ({ externalId, rules }: { externalId: string; rules?: MappingRules }) =>
      apiFetch<PreviewResult>(`/api/flows/${encodeURIComponent(flowId)}/preview`, { method: 'POST', body: rules ? { externalId, rules } : { externalId } }),
  });
}
