'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useExportFlows, useExportRunsOf } from '@/api/exports/queries';
import type { ExportFlow, ExportRunWithBatches } from '@/api/exports/types';
import { useCan } from '@/auth/current-user';
import { formatDateTime } from '@/ui/format';
import { EmptyState, QueryView } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';
import { CreateExportForm } from './create-export-form';
import { useExportConnections } from './export-connections';
import { describeExportSchedule, RUN_STATUS_WORDS, runTime } from './export-words';

/** The last run of a flow in words: outcome badge and when; "never run" without one. */
function LastRun({ run, state }: { run: ExportRunWithBatches | undefined; state: 'pending' | 'error' | 'success' }) {
  if (state === 'pending') return <span className="muted">…</span>;
  if (state === 'error') return <span className="muted">could not be read</span>;
  if (!run) return <span className="muted">never run</span>;
  return (
    <span className="row" style={{ gap: 6 }}>
      <StatusBadge status={run.status} label={RUN_STATUS_WORDS[run.status]} />
      <span className="muted">{formatDateTime(runTime(run))}</span>
    </span>
  );
}

/** One export in the list: name (link to its page), company → dataset, schedule, last run, state. */
function ExportItem({ flow, nameOf, lastRun, runsState }: { flow: ExportFlow; nameOf: (id: string) => string; lastRun: ExportRunWithBatches | undefined; runsState: 'pending' | 'error' | 'success' }) {
  const headingId = `export-${flow.id}`;
  return (
    <li className="export-item" aria-labelledby={headingId}>
      <h3 id={headingId} className="export-item-name">
        <Link href={`/exports/${flow.id}`}>{flow.name}</Link>
      </h3>
      <dl className="facts">
        <div>
          <dt>From → to</dt>
          <dd>
            {nameOf(flow.sourceConnectionId)} → {nameOf(flow.targetConnectionId)}, dataset <span className="mono">{flow.datasetId}</span>
          </dd>
        </div>
        <div>
          <dt>Schedule</dt>
          <dd>{describeExportSchedule(flow.schedule)}</dd>
        </div>
        <div>
          <dt>Last run</dt>
          <dd>
            <LastRun run={lastRun} state={runsState} />
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>
            <StatusBadge status={flow.isEnabled ? 'enabled' : 'paused'} label={flow.isEnabled ? 'enabled' : 'paused'} />
          </dd>
        </div>
      </dl>
    </li>
  );
}

/** Exports page: every Visma → BigQuery export with its schedule and last run, and a new export (admin). */
export function ExportsView() {
  const flows = useExportFlows();
  const ends = useExportConnections();
  const canEdit = useCan('export.edit');
  const [isAdding, setAdding] = useState(false);
  const [created, setCreated] = useState<ExportFlow | null>(null);
  const runs = useExportRunsOf((flows.data ?? []).map((f) => f.id));

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Exports</h1>
          <p>Your Visma ledger copied into Google BigQuery for reporting: on a schedule, or when you ask.</p>
        </div>
        {canEdit ? (
          <button
            type="button"
            className="button"
            aria-expanded={isAdding}
            aria-controls={isAdding ? 'new-export' : undefined}
            onClick={() => {
              setAdding((v) => !v);
              setCreated(null);
            }}
          >
            {isAdding ? 'Cancel' : 'New export'}
          </button>
        ) : null}
      </header>
      <div role="status" aria-live="polite">
        {created ? (
          <p className="notice">
            {created.name} was created. <Link href={`/exports/${created.id}`}>Open it</Link> to run the first export.
          </p>
        ) : null}
      </div>
      {isAdding ? (
        <section id="new-export" className="card" aria-labelledby="new-export-heading">
          <h2 id="new-export-heading">New export</h2>
          <CreateExportForm
            onDone={(flow) => {
              setAdding(false);
              setCreated(flow);
            }}
          />
        </section>
      ) : null}
      <section className="card" aria-labelledby="exports-heading">
        <h2 id="exports-heading">Exports</h2>
        <QueryView
          query={flows}
          what="Exports"
          isEmpty={(list) => list.length === 0}
          empty={<EmptyState title="No exports yet.">{canEdit ? 'Create one to copy a Visma company’s ledger into BigQuery.' : 'An admin creates them.'}</EmptyState>}
        >
          {(list) => (
            <ul className="export-list">
              {list.map((flow, i) => (
                <ExportItem key={flow.id} flow={flow} nameOf={ends.nameOf} lastRun={runs[i]?.data?.[0]} runsState={runs[i]?.status ?? 'pending'} />
              ))}
            </ul>
          )}
        </QueryView>
      </section>
    </>
  );
}
