'use client';

import Link from 'next/link';
import { useSetFlowEnabled } from '@/api/flows/mutations';
import { useFlows } from '@/api/flows/queries';
import type { Connection } from '@/api/connections/types';
import { useCan } from '@/auth/current-user';
import { formatDateTime } from '@/ui/format';
import { EmptyState, QueryView, describeError } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';

/** Flows between connections: enable/pause (admin), last sync, webhook health, link to the mapping. */
export function FlowsSection({ connections }: { connections: Connection[] }) {
  const flows = useFlows();
  const toggle = useSetFlowEnabled();
  const canToggle = useCan('flow.toggle');
  const nameOf = (id: string) => connections.find((c) => c.id === id)?.name ?? 'unknown connection';
  return (
    <section className="card" aria-labelledby="flows-heading">
      <h2 id="flows-heading">Flows</h2>
      <QueryView query={flows} what="Flows" isEmpty={(f) => f.length === 0} empty={<EmptyState title="No flows yet.">A flow moves records from a shop to Visma.</EmptyState>}>
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Flow</th>
                  <th scope="col">From → to</th>
                  <th scope="col">Moves</th>
                  <th scope="col">State</th>
                  <th scope="col">Last sync</th>
                  <th scope="col">Webhooks</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((flow) => (
                  <tr key={flow.id}>
                    <td>
                      <Link href={`/mappings/${flow.id}`}>{flow.name}</Link>
                    </td>
                    <td>
                      {nameOf(flow.sourceConnectionId)} → {nameOf(flow.targetConnectionId)}
                    </td>
                    <td>{flow.entities.join(', ')}</td>
                    <td>
                      <StatusBadge status={flow.isEnabled ? 'enabled' : 'paused'} />
                    </td>
                    <td>{formatDateTime(flow.lastSyncAt)}</td>
                    <td>
                      {flow.webhookHealth ? (
                        <div className="stack" style={{ gap: 2 }}>
                          <StatusBadge
                            status={flow.webhookHealth.problems.length || flow.webhookHealth.active < flow.webhookHealth.total ? 'warning' : 'ok'}
                            label={`${flow.webhookHealth.active} of ${flow.webhookHealth.total} active`}
                          />
                          {flow.webhookHealth.problems.map((p) => (
                            <span key={p} className="field-error">
                              {p}
                            </span>
                          ))}
                        </div>
                      ) : (
                        <span className="muted">polling only</span>
                      )}
                    </td>
                    <td>
                      {canToggle ? (
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          disabled={toggle.isPending && toggle.variables?.id === flow.id}
                          onClick={() => toggle.mutate({ id: flow.id, isEnabled: !flow.isEnabled })}
                        >
                          {flow.isEnabled ? `Pause ${flow.name}` : `Enable ${flow.name}`}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {toggle.isError ? (
              <p className="state state-error" role="alert">
                {describeError(toggle.error)}
              </p>
            ) : null}
          </div>
        )}
      </QueryView>
    </section>
  );
}
