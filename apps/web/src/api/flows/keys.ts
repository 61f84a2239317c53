/** Query keys of flows and their mapping; `detail(id)` prefixes every per-flow key. */
export const flowKeys = {
  all: ['flows'] as const,
  list: () => [...flowKeys.all, 'list'] as const,
  detail: (id: string) => [...flowKeys.all, 'detail', id] as const,
  mapping: (id: string) => [...flowKeys.detail(id), 'mapping'] as const,
  referenceData: (id: string) => [...flowKeys.detail(id), 'reference-data'] as const,
};
