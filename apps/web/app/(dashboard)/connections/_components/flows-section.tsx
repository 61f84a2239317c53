'use client';

import type { Connection } from '@/api/connections/types';
import { useFlows } from '@/api/flows/queries';
import { useSystems } from '@/api/systems/queries';
import { EmptyState, QueryView } from '@/ui/states';
import { FlowRows } from './flow-rows';

/**
 * Flows between connections: source → Visma companies, routing in words, what each posts, catch-up schedule and
 * positions, enable/pause and schedule and posting editing (admin), "Catch up now" (everyone signed in), last sync, webhook health, link to the mapping.
 */
export function FlowsSection({ connections }: { connections: Connection[] }) {
  const flows = useFlows();
  const systems = useSystems();
  const nameOf = (id: string) => connections.find((c) => c.id === id)?.name ?? 'unknown connection';
  /** The registry's facts of the flow's shop (webhooks, label), for the webhook column and the schedule's help. */
  const sourceOf = (connectionId: string) => {
    const kind = connections.find((c) => c.id === connectionId)?.system;
    return kind === undefined ? undefined : systems.data?.find((s) => s.kind === kind);
  };
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
              {list.map((flow) => (
                <FlowRows key={flow.id} flow={flow} nameOf={nameOf} source={sourceOf(flow.sourceConnectionId)} />
              ))}
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}
