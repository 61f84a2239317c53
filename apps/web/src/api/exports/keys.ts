/**
 * Query keys of exports. `flow(id)` prefixes a flow's runs and tables, so invalidating it refreshes all of the flow;
 * `run(id)` is one run's progress (polled while it runs).
 */
export const exportKeys = {
  all: ['exports'] as const,
  entities: () => [...exportKeys.all, 'entities'] as const,
  flows: () => [...exportKeys.all, 'flows'] as const,
  list: () => [...exportKeys.flows(), 'list'] as const,
  flow: (id: string) => [...exportKeys.flows(), 'detail', id] as const,
  runs: (flowId: string) => [...exportKeys.flow(flowId), 'runs'] as const,
  tables: (flowId: string) => [...exportKeys.flow(flowId), 'tables'] as const,
  run: (runId: string) => [...exportKeys.all, 'run', runId] as const,
};
