'use client';

import { useState } from 'react';
import { useConnections } from '@/api/connections/queries';
import { useSystems } from '@/api/systems/queries';
import { useCan } from '@/auth/current-user';
import { EmptyState, QueryView } from '@/ui/states';
import { ConnectionCard } from './connection-card';
import { ConnectionForm } from './connection-form';
import { FlowsSection } from './flows-section';

/** Connections page: every connected system, add one (admin), ping each, and the flows between them. */
export function ConnectionsView() {
  const connections = useConnections();
  const systems = useSystems();
  const canEdit = useCan('connection.edit');
  const [isAdding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Connections</h1>
          <p>Your shops and Visma companies. Secrets are stored encrypted and never shown again.</p>
        </div>
        {canEdit ? (
          <button type="button" className="button" onClick={() => setAdding((v) => !v)} aria-expanded={isAdding}>
            {isAdding ? 'Cancel' : 'Add connection'}
          </button>
        ) : null}
      </header>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {isAdding ? (
        <section className="card" aria-labelledby="add-heading">
          <h2 id="add-heading">Add a connection</h2>
          <ConnectionForm
            onDone={(saved) => {
              setAdding(false);
              setNotice(`${saved.name} was added. Ping it to check the credentials.`);
            }}
          />
        </section>
      ) : null}
      <QueryView
        query={connections}
        what="Connections"
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState title="No connections yet.">{canEdit ? 'Add your shop and your Visma company to start.' : 'An admin adds them.'}</EmptyState>}
      >
        {(list) => (
          <>
            {list.map((c) => (
              <ConnectionCard key={c.id} connection={c} systems={systems.data ?? []} />
            ))}
          </>
        )}
      </QueryView>
      <FlowsSection connections={connections.data ?? []} />
    </>
  );
}
