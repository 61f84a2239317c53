'use client';

import Link from 'next/link';
import { useConnections } from '@/api/connections/queries';
import { useFlows } from '@/api/flows/queries';
import { formatDateTime } from '@/ui/format';
import { EmptyState, QueryView } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';

/** Mappings index: each flow, with the Visma companies whose rules it uses. */
export function FlowPicker() {
  const flows = useFlows();
  const connections = useConnections();
  const nameOf = (id: string) => connections.data?.find((c) => c.id === id)?.name ?? '…';
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Mappings</h1>
          <p>Ledger accounts, VAT codes and subaccounts of each Visma company, shared by every flow posting into it.</p>
        </div>
      </header>
      <section className="card">
        <QueryView query={flows} what="Flows" isEmpty={(f) => f.length === 0} empty={<EmptyState title="No flows yet.">Connect a shop and a Visma company first.</EmptyState>}>
          {(list) => (
            <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {list.map((f) => (
                <li key={f.id} className="row" style={{ justifyContent: 'space-between' }}>
                  <Link href={`/mappings/${f.id}`}>{f.name}</Link>
                  <span className="row">
                    <span className="muted">into {(f.targetConnectionIds.length ? f.targetConnectionIds : [f.targetConnectionId]).map(nameOf).join(', ')}</span>
                    <span className="muted">{f.entities.join(', ')}</span>
                    <span className="muted">last sync {formatDateTime(f.lastSyncAt)}</span>
                    <StatusBadge status={f.isEnabled ? 'enabled' : 'paused'} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      </section>
    </>
  );
}
