/**
 * Query keys of flows. `detail(id)` prefixes a flow's own keys (catch-up positions). Mapping rules and reference data
 * belong to a Visma company, not to a flow, so they sit under `company(id)`: saving one flow's view of a company's
 * rules invalidates every flow's view of the same company.
 */
export const flowKeys = {
  all: ['flows'] as const,
  list: () => [...flowKeys.all, 'list'] as const,
  detail: (id: string) => [...flowKeys.all, 'detail', id] as const,
  catchUp: (id: string) => [...flowKeys.detail(id), 'catch-up'] as const,
  company: (companyId: string) => [...flowKeys.all, 'company', companyId] as const,
  companyMappings: (companyId: string) => [...flowKeys.company(companyId), 'mapping'] as const,
  mapping: (flowId: string, companyId: string) => [...flowKeys.companyMappings(companyId), flowId] as const,
  referenceData: (flowId: string, companyId: string) => [...flowKeys.company(companyId), 'reference-data', flowId] as const,
};
