'use client';

import { useConnections } from '@/api/connections/queries';
import type { Connection } from '@/api/connections/types';
import { useSystems } from '@/api/systems/queries';

/**
 * The connections an export can read from (ERP companies: systems the registry says take documents, i.e. Visma) and
 * write to (warehouses: systems with the `export-target` role, i.e. BigQuery), and a name look-up. Asked of the
 * registry, not hard-coded, so a system registered in the API shows up without a dashboard change.
 */
export function useExportConnections() {
  const connections = useConnections();
  const systems = useSystems();
  const all = connections.data ?? [];
  const kindsWith = (isIt: (s: NonNullable<typeof systems.data>[number]) => boolean) => new Set((systems.data ?? []).filter(isIt).map((s) => s.kind));
  const sourceKinds = kindsWith((s) => s.capabilities.includes('document-target'));
  const targetKinds = kindsWith((s) => s.roles.includes('export-target') || s.capabilities.includes('export-target'));
  const byId = (id: string): Connection | undefined => all.find((c) => c.id === id);
  return {
    isPending: connections.isPending || systems.isPending,
    error: connections.error ?? systems.error,
    refetch: () => Promise.all([connections.refetch(), systems.refetch()]),
    sources: all.filter((c) => sourceKinds.has(c.system)),
    targets: all.filter((c) => targetKinds.has(c.system)),
    byId,
    nameOf: (id: string) => byId(id)?.name ?? (connections.isPending ? '…' : 'a deleted connection'),
  };
}
