'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useExportFlow, useExportRuns } from '@/api/exports/queries';
import { type ExportFlow, isRunActive } from '@/api/exports/types';
import { useCan } from '@/auth/current-user';
import { QueryView } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';
import { useExportConnections } from './export-connections';
import { describeExportSchedule } from './export-words';
import { ExportSettingsForm } from './export-settings-form';
import { RunActions } from './run-actions';
import { RunHistory } from './run-history';
import { RunProgress } from './run-progress';
import { TablesPanel } from './tables-panel';

function FlowPage({ flow }: { flow: ExportFlow }) {
  const ends = useExportConnections();
  const runs = useExportRuns(flow.id);
  /** The run the admin just asked for (or re-ran); else the newest run while it is queued or running. */
  const [watchedRunId, setWatchedRunId] = useState<string | null>(null);
  const canRun = useCan('export.run');
  const canEdit = useCan('export.edit');
  const canAct = canRun || canEdit;
  const activeRun = runs.data?.find(isRunActive);
  const progressRunId = watchedRunId ?? activeRun?.id;
  const watch = (run: { id: string }) => setWatchedRunId(run.id);

  return (
    <>
      <nav aria-label="Breadcrumb" className="muted" style={{ marginBottom: 8 }}>
        <Link href="/exports">Exports</Link> / {flow.name}
      </nav>
      <header className="page-header">
        <div>
          <h1>{flow.name}</h1>
          <p>
            {ends.nameOf(flow.sourceConnectionId)} → {ends.nameOf(flow.targetConnectionId)}, dataset <span className="mono">{flow.datasetId}</span> ·{' '}
            {describeExportSchedule(flow.schedule)}{' '}
            <StatusBadge status={flow.isEnabled ? 'enabled' : 'paused'} label={flow.isEnabled ? 'schedule on' : 'schedule paused'} />
          </p>
          {flow.backfillFrom ? <p>History exported from {flow.backfillFrom.slice(0, 10)}.</p> : null}
        </div>
      </header>
      {canAct ? (
        <section className="card" aria-label="Actions">
          <RunActions flow={flow} activeRun={activeRun} onRun={watch} />
        </section>
      ) : null}
      {progressRunId ? <RunProgress key={progressRunId} runId={progressRunId} flowId={flow.id} /> : null}
      <div className="grid-2 grid-top">
        <section className="card" aria-labelledby="settings-heading">
          <h2 id="settings-heading">Schedule and tables</h2>
          <ExportSettingsForm flow={flow} />
        </section>
        <TablesPanel flow={flow} />
      </div>
      <RunHistory flowId={flow.id} onRun={watch} />
    </>
  );
}

/** One export: run now, backfill, progress of the run in progress, schedule and tables, row counts, run history. */
export function ExportDetail({ flowId }: { flowId: string }) {
  const flow = useExportFlow(flowId);
  return (
    <QueryView query={flow} what="Export">
      {(data) => <FlowPage flow={data} />}
    </QueryView>
  );
}
