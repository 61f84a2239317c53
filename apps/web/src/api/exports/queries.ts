import { useQueries, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { exportKeys } from './keys';
import { type ExportEntity, type ExportFlow, type ExportRunDetail, type ExportRunWithBatches, type ExportTableCount, isRunActive } from './types';

/** How often a queued or running run's progress is read again. */
export const EXPORT_RUN_POLL_MS = 2_000;
/** How often a flow's run history is read again while nothing runs (a scheduled run may start meanwhile). */
const EXPORT_RUNS_IDLE_POLL_MS = 30_000;

/** `GET /api/export-entities`: the catalogue changes only with a redeploy. */
export function useExportEntities() {
  return useQuery({
    queryKey: exportKeys.entities(),
    queryFn: ({ signal }) => apiFetch<{ entities: ExportEntity[] }>('/api/export-entities', { signal }).then((r) => r.entities),
    staleTime: 60 * 60_000,
  });
}

/** `GET /api/export-flows`. */
export function useExportFlows() {
  return useQuery({ queryKey: exportKeys.list(), queryFn: ({ signal }) => apiFetch<{ flows: ExportFlow[] }>('/api/export-flows', { signal }).then((r) => r.flows) });
}

/** `GET /api/export-flows/:id`. */
export function useExportFlow(id: string) {
  return useQuery({ queryKey: exportKeys.flow(id), queryFn: ({ signal }) => apiFetch<ExportFlow>(`/api/export-flows/${encodeURIComponent(id)}`, { signal }) });
}

function runsQuery(flowId: string) {
  return {
    queryKey: exportKeys.runs(flowId),
    queryFn: ({ signal }: { signal: AbortSignal }) => apiFetch<{ runs: ExportRunWithBatches[] }>(`/api/export-flows/${encodeURIComponent(flowId)}/runs`, { signal }).then((r) => r.runs),
  };
}

/**
 * `GET /api/export-flows/:id/runs`: the latest runs, newest first, each with its batches. Read again every 2 s while one
 * is queued or running (its batches fill in), else every 30 s.
 */
export function useExportRuns(flowId: string) {
  return useQuery({
    ...runsQuery(flowId),
    refetchInterval: (query) => (query.state.data?.some(isRunActive) ? EXPORT_RUN_POLL_MS : EXPORT_RUNS_IDLE_POLL_MS),
  });
}

/** The run history of several flows at once (the list's "last run" column); shares the cache of `useExportRuns`. */
export function useExportRunsOf(flowIds: readonly string[]) {
  return useQueries({ queries: flowIds.map((id) => runsQuery(id)) });
}

/** `GET /api/export-runs/:id`: per entity progress and the Visma call budget; polled every 2 s while the run is queued or running. */
export function useExportRun(runId: string | undefined) {
  return useQuery({
    queryKey: exportKeys.run(runId ?? ''),
    queryFn: ({ signal }) => apiFetch<ExportRunDetail>(`/api/export-runs/${encodeURIComponent(runId ?? '')}`, { signal }),
    enabled: Boolean(runId),
    refetchInterval: (query) => (query.state.data === undefined || isRunActive(query.state.data.run) ? EXPORT_RUN_POLL_MS : false),
  });
}

/** `GET /api/export-flows/:id/tables`: each table's row count, read from BigQuery (one query per table, so not polled). */
export function useExportTables(flowId: string) {
  return useQuery({
    queryKey: exportKeys.tables(flowId),
    queryFn: ({ signal }) => apiFetch<{ tables: ExportTableCount[] }>(`/api/export-flows/${encodeURIComponent(flowId)}/tables`, { signal }).then((r) => r.tables),
    staleTime: 60_000,
  });
}
