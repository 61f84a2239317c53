import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { exportKeys } from './keys';
import type { ExportFlow, ExportFlowInput, ExportFlowPatch, ExportRunRequestResult } from './types';

/**
 * `POST /api/export-flows` (admin). @throws ApiError 400 naming fields like `sourceConnectionId` (not a Visma company),
 * `targetConnectionId` (not a BigQuery connection), `datasetId` or `schedule.at`.
 */
export function useCreateExportFlow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ExportFlowInput) => apiFetch<ExportFlow>('/api/export-flows', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: exportKeys.list() }),
  });
}

/** `PATCH /api/export-flows/:id` (admin) with any of name, datasetId, entities, schedule, isEnabled. */
export function useUpdateExportFlow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: ExportFlowPatch & { id: string }) => apiFetch<ExportFlow>(`/api/export-flows/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
    onSuccess: (saved, { id, entities, datasetId }) => {
      client.setQueryData(exportKeys.flow(id), saved);
      return Promise.all([
        client.invalidateQueries({ queryKey: exportKeys.list() }),
        // Other tables (or another dataset) to count.
        entities || datasetId ? client.invalidateQueries({ queryKey: exportKeys.tables(id) }) : undefined,
      ]);
    },
  });
}

/**
 * `POST /api/export-flows/:id/runs { backfillFrom? }` (admin, 202): runs the export now, or backfills from a date
 * (everything changed since then is read again). A run already queued or running answers `queued: false` with that
 * run. @throws ApiError 409 for a backfill while a run is active.
 */
export function useRequestExportRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ flowId, backfillFrom }: { flowId: string; backfillFrom?: string }) =>
      apiFetch<ExportRunRequestResult>(`/api/export-flows/${encodeURIComponent(flowId)}/runs`, { method: 'POST', body: backfillFrom ? { backfillFrom } : {} }),
    onSuccess: (_result, { flowId }) => Promise.all([client.invalidateQueries({ queryKey: exportKeys.runs(flowId) }), client.invalidateQueries({ queryKey: exportKeys.flow(flowId), exact: true })]),
  });
}

/**
 * `POST /api/export-batches/:id/rerun` (admin and support, 202): re-runs a failed batch from its checkpoint, as a new
 * run (or answers the run already active). @throws ApiError 409 when the batch did not fail.
 */
export function useRerunExportBatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ batchId }: { batchId: string; flowId: string }) => apiFetch<ExportRunRequestResult>(`/api/export-batches/${encodeURIComponent(batchId)}/rerun`, { method: 'POST' }),
    onSuccess: (_result, { flowId }) => client.invalidateQueries({ queryKey: exportKeys.runs(flowId) }),
  });
}
