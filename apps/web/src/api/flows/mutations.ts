import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { flowKeys } from './keys';
import type { CatchUpRequestResult, CoverageReport, CustomerAs, Flow, FlowMapping, FlowPatch, FlowPosting, MappingRules, OrderDocument, PreviewResult } from './types';

/**
 * `PATCH /api/flows/:id` (admin) with any of name, isEnabled, routing, catchUpSchedule, posting.
 * @throws ApiError 400 naming fields like `catchUpSchedule.at`, `posting.orderDocument` or `routing.rules[0].targetConnectionId`.
 */
export function useUpdateFlow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: FlowPatch & { id: string }) => apiFetch<Flow>(`/api/flows/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
    onSuccess: (_flow, { id }) => Promise.all([client.invalidateQueries({ queryKey: flowKeys.list() }), client.invalidateQueries({ queryKey: flowKeys.detail(id) })]),
  });
}

/**
 * `PATCH /api/flows/:id { posting }` (admin): what the flow posts its orders and customers as. The API replaces the
 * whole posting object, so the flow's sales order and supplier settings are sent back unchanged with the two choices.
 */
export function useSetFlowPosting() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ flow, orderDocument, customerAs }: { flow: Pick<Flow, 'id' | 'posting'>; orderDocument: OrderDocument; customerAs: CustomerAs }) =>
      apiFetch<Flow>(`/api/flows/${encodeURIComponent(flow.id)}`, { method: 'PATCH', body: { posting: { ...flow.posting, orderDocument, customerAs } satisfies FlowPosting } }),
    onSuccess: (_flow, { flow }) => Promise.all([client.invalidateQueries({ queryKey: flowKeys.list() }), client.invalidateQueries({ queryKey: flowKeys.detail(flow.id) })]),
  });
}

/** `PATCH /api/flows/:id { isEnabled }` (admin): pause or resume a flow. */
export function useSetFlowEnabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, isEnabled }: { id: string; isEnabled: boolean }) =>
      apiFetch<Flow>(`/api/flows/${encodeURIComponent(id)}`, { method: 'PATCH', body: { isEnabled } }),
    onSuccess: () => client.invalidateQueries({ queryKey: flowKeys.list() }),
  });
}

/**
 * `POST /api/flows/:id/catch-up { entityType? }` (admin and support, 202): queues a catch-up run per entity type, or
 * for just `entityType`; a run already queued or running answers `queued: false`. Positions and last sync refresh.
 */
export function useRequestCatchUp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ flowId, entityType }: { flowId: string; entityType?: string }) =>
      apiFetch<CatchUpRequestResult>(`/api/flows/${encodeURIComponent(flowId)}/catch-up`, { method: 'POST', body: entityType ? { entityType } : {} }),
    onSuccess: (_result, { flowId }) => Promise.all([client.invalidateQueries({ queryKey: flowKeys.catchUp(flowId) }), client.invalidateQueries({ queryKey: flowKeys.list() })]),
  });
}

/**
 * `PUT /api/flows/:id/mapping?targetConnectionId= { rules }` (admin): saves the rules of that Visma company, which
 * every flow posting into it shares. @throws ApiError 400 naming fields like `rules.vatCodes[2].ratePercent`.
 */
export function useSaveMapping(flowId: string, companyId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rules: MappingRules) =>
      apiFetch<FlowMapping>(`/api/flows/${encodeURIComponent(flowId)}/mapping`, { method: 'PUT', body: { rules }, query: { targetConnectionId: companyId } }),
    onSuccess: (saved) => {
      client.setQueryData<FlowMapping>(flowKeys.mapping(flowId, companyId), (old) => ({ ...old, ...saved, targetConnectionId: companyId }));
      return client.invalidateQueries({ queryKey: flowKeys.companyMappings(companyId) });
    },
  });
}

/** `POST /api/flows/:id/mapping/coverage { rules?, targetConnectionId }`: checks the given (unsaved) rules, or the company's saved ones, against recent orders. */
export function useCoverageCheck(flowId: string, companyId: string) {
  return useMutation({
    mutationFn: (rules?: MappingRules) =>
      apiFetch<CoverageReport>(`/api/flows/${encodeURIComponent(flowId)}/mapping/coverage`, { method: 'POST', body: rules ? { rules, targetConnectionId: companyId } : { targetConnectionId: companyId } }),
  });
}

/** `POST /api/flows/:id/preview { externalId, rules?, targetConnectionId }`: dry run of one order into that company with the given (or saved) rules; posts nothing. */
export function usePreview(flowId: string, companyId: string) {
  return useMutation({
    mutationFn: ({ externalId, rules }: { externalId: string; rules?: MappingRules }) =>
      apiFetch<PreviewResult>(`/api/flows/${encodeURIComponent(flowId)}/preview`, {
        method: 'POST',
        body: rules ? { externalId, rules, targetConnectionId: companyId } : { externalId, targetConnectionId: companyId },
      }),
  });
}
