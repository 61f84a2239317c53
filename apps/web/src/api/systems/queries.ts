import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiFetch } from '../api-fetch';
import { systemKeys } from './keys';
import type { SystemKind, SystemView } from './types';

/** Registry facts change only when the API is redeployed, so one fetch serves the tab for an hour. */
const SYSTEMS_STALE_MS = 60 * 60 * 1000;

/** `GET /api/systems`: every registered system with its connection form fields, roles and capabilities. */
export function useSystems() {
  return useQuery({
    queryKey: systemKeys.list(),
    queryFn: ({ signal }) => apiFetch<SystemView[]>('/api/systems', { signal }),
    staleTime: SYSTEMS_STALE_MS,
  });
}

/** The registry's label of a system kind, or the kind itself while loading or for a kind it does not know. */
export function systemLabelOf(systems: readonly SystemView[] | undefined, kind: SystemKind): string {
  return systems?.find((s) => s.kind === kind)?.label ?? kind;
}

/** `labelOf(kind)` from the registry (falls back to the kind string), for lists that show system kinds. */
export function useSystemLabel(): (kind: SystemKind) => string {
  const { data } = useSystems();
  return useCallback((kind: SystemKind) => systemLabelOf(data, kind), [data]);
}
