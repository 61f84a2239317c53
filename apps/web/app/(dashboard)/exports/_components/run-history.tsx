'use client';

import { useEffect, useState } from 'react';
import { useRerunExportBatch } from '@/api/exports/mutations';
import { useExportRuns } from '@/api/exports/queries';
import type { ExportBatch, ExportRun, ExportRunWithBatches } from '@/api/exports/types';
import { isRunActive } from '@/api/exports/types';
import { useCan } from '@/auth/current-user';
import { formatDateTime } from '@/ui/format';
import { describeError, EmptyState, QueryView } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';
import { BATCH_STATUS_WORDS, describeDuration, describeRequester, describeTrigger, entityLabel, formatCount, rowsLoadedOf, RUN_STATUS_WORDS } from './export-words';

/** Seconds tick while something runs, so "running for …" moves between polls. */
function useNow(isTicking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!isTicking) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [isTicking]);
  return now;
}

/** "Re-run from checkpoint" on a failed batch (admins and support): a new run that starts where the table had got to. */
function RerunButton({ batch, onRun }: { batch: ExportBatch; onRun: (run: ExportRun) => void }) {
  const rerun = useRerunExportBatch();
  return (
    <div className="stack" style={{ gap: 4, alignItems: 'flex-start' }}>
      <button type="button" className="button button-secondary button-small" disabled={rerun.isPending || rerun.isSuccess} onClick={() => rerun.mutate({ batchId: batch.id, flowId: batch.flowId }, { onSuccess: (r) => onRun(r.run) })}>
        {rerun.isPending ? 'Asking…' : 'Re-run from checkpoint'}
        <span className="visually-hidden">
          {' '}
          {entityLabel(batch.entity)} batch {batch.seq}
        </span>
      </button>
      <span role="status" aria-live="polite" className="field-help">
        {rerun.isSuccess ? (rerun.data.queued ? 'Re-run queued.' : 'A run is already in progress; it picks this table up from its checkpoint.') : null}
      </span>
      {rerun.isError ? (
        <span className="field-error" role="alert">
          {describeError(rerun.error)}
        </span>
      ) : null}
    </div>
  );
}

/** A run's batches: table, rows, the BigQuery load and merge job ids, status and error, re-run on a failed one. */
function BatchTable({ run, onRun }: { run: ExportRunWithBatches; onRun: (run: ExportRun) => void }) {
  const canRerun = useCan('export.rerun');
  if (!run.batches.length) return <p className="muted">{isRunActive(run) ? 'No batch has started yet.' : 'This run read nothing: no batch was made.'}</p>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`Batches of the run of ${formatDateTime(run.createdAt)}`}>
      <table>
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col">Rows read</th>
            <th scope="col">Rows loaded</th>
            <th scope="col">Rows merged</th>
            <th scope="col">BigQuery jobs</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {run.batches.map((b) => (
            <tr key={b.id}>
              <th scope="row" className="row-heading">
                {entityLabel(b.entity)}
                {b.seq > 1 ? <span className="muted"> · part {b.seq}</span> : null}
              </th>
              <td>
                {formatCount(b.rowsRead)}
                {b.rowsRejected ? <span className="muted"> ({formatCount(b.rowsRejected)} left out)</span> : null}
              </td>
              <td>{formatCount(b.rowsLoaded)}</td>
              <td>{formatCount(b.rowsMerged)}</td>
              <td>
                <div className="job-ids">
                  <span>
                    <span className="muted">Load: </span>
                    <span className="mono">{b.loadJobId ?? '—'}</span>
                  </span>
                  <span>
                    <span className="muted">Merge: </span>
                    <span className="mono">{b.mergeJobId ?? '—'}</span>
                  </span>
                </div>
              </td>
              <td>
                <div className="stack" style={{ gap: 4, alignItems: 'flex-start' }}>
                  <StatusBadge status={b.status} label={BATCH_STATUS_WORDS[b.status]} />
                  {b.schemaChanges.length ? <span className="field-help">New columns: {b.schemaChanges.join(', ')}</span> : null}
                  {b.error ? <span className="field-error">{b.error}</span> : null}
                  {b.status === 'failed' && canRerun ? <RerunButton batch={b} onRun={onRun} /> : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One run of the history: when, why, who, how long, rows loaded, outcome; expands to its batches. */
function RunItem({ run, now, onRun }: { run: ExportRunWithBatches; now: number; onRun: (run: ExportRun) => void }) {
  // A failed run opens on its batches (also when it fails while shown), until the admin opens or closes it.
  const [choice, setChoice] = useState<boolean | null>(null);
  const isOpen = choice ?? run.status === 'failed';
  const panelId = `run-${run.id}-batches`;
  const when = formatDateTime(run.startedAt ?? run.createdAt);
  return (
    <li className="run-item">
      <div className="run-summary">
        <dl className="facts">
          <div>
            <dt>Started</dt>
            <dd>{run.startedAt ? when : <span className="muted">asked {when}</span>}</dd>
          </div>
          <div>
            <dt>Why</dt>
            <dd>
              {describeTrigger(run.trigger)} <span className="muted">by {describeRequester(run.requestedBy)}</span>
            </dd>
          </div>
          <div>
            <dt>Took</dt>
            <dd>{describeDuration(run, now)}</dd>
          </div>
          <div>
            <dt>Rows loaded</dt>
            <dd>{formatCount(rowsLoadedOf(run.batches))}</dd>
          </div>
          <div>
            <dt>Outcome</dt>
            <dd>
              <StatusBadge status={run.status} label={RUN_STATUS_WORDS[run.status]} />
            </dd>
          </div>
        </dl>
        <button type="button" className="button button-secondary button-small" aria-expanded={isOpen} aria-controls={panelId} onClick={() => setChoice(!isOpen)}>
          {isOpen ? 'Hide batches' : 'Show batches'}
          <span className="visually-hidden"> of the run started {when}</span>
        </button>
      </div>
      {run.error ? <p className="field-error" style={{ margin: '6px 0 0' }}>{run.error}</p> : null}
      <div id={panelId} hidden={!isOpen} style={{ marginTop: 10 }}>
        {isOpen ? <BatchTable run={run} onRun={onRun} /> : null}
      </div>
    </li>
  );
}

/** The latest runs, newest first (`GET /api/export-flows/:id/runs`). */
export function RunHistory({ flowId, onRun }: { flowId: string; onRun: (run: ExportRun) => void }) {
  const runs = useExportRuns(flowId);
  const now = useNow(runs.data?.some(isRunActive) ?? false);
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">Run history</h2>
      <QueryView query={runs} what="Run history" isEmpty={(list) => list.length === 0} empty={<EmptyState title="Not run yet.">The first run reads the whole history from Visma; later runs read only what changed.</EmptyState>}>
        {(list) => (
          <ul className="run-list">
            {list.map((run) => (
              <RunItem key={run.id} run={run} now={now} onRun={onRun} />
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
