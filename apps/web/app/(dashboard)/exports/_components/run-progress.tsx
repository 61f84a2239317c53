'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { exportKeys } from '@/api/exports/keys';
import { useExportRun } from '@/api/exports/queries';
import { type CallBudget, type EntityProgress, type ExportRunDetail, isRunActive } from '@/api/exports/types';
import { formatDateTime } from '@/ui/format';
import { ErrorState, Loading } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';
import { ENTITY_STATUS_TONE, ENTITY_STATUS_WORDS, entityLabel, formatCount, formatSeconds, RUN_STATUS_WORDS } from './export-words';

/** "Visma calls left this hour: 4,200 of 5,000 (resets 14:00)". */
function BudgetLine({ budget }: { budget: CallBudget | null }) {
  if (!budget) return <p className="muted">Visma’s hourly call allowance for this company is not known yet.</p>;
  const share = budget.limit > 0 ? budget.left / budget.limit : 0;
  return (
    <div className="stack" style={{ gap: 4 }}>
      <span>
        Visma calls left this hour: <strong>{formatCount(budget.left)}</strong> of {formatCount(budget.limit)}
        {budget.resetsAt ? <span className="muted"> (resets {formatDateTime(budget.resetsAt)})</span> : null}
      </span>
      <div className={`meter${share < 0.1 ? ' meter-high' : ''}`} aria-hidden="true">
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      {share < 0.1 ? <span className="field-help">When the allowance runs out the export pauses and carries on when it resets; nothing is lost.</span> : null}
    </div>
  );
}

/** One table's progress: status, rows read (and a bar when Visma said how many there are), rows loaded, speed, time left. */
function EntityRow({ progress }: { progress: EntityProgress }) {
  const label = entityLabel(progress.entity);
  const total = progress.windowTotal;
  const hasTotal = total !== null && total > 0;
  return (
    <li className="progress-item">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <strong>{label}</strong>
        <StatusBadge status={ENTITY_STATUS_TONE[progress.status]} label={ENTITY_STATUS_WORDS[progress.status]} />
      </div>
      {hasTotal ? (
        <progress max={total} value={Math.min(progress.rowsRead, total)} aria-label={`${label}: ${formatCount(progress.rowsRead)} of ${formatCount(total)} rows read`} />
      ) : null}
      <dl className="facts facts-compact">
        <div>
          <dt>Rows read</dt>
          <dd>
            {formatCount(progress.rowsRead)}
            {hasTotal ? <span className="muted"> of {formatCount(total)}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Rows loaded</dt>
          <dd>{formatCount(progress.rowsLoaded)}</dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd>{progress.rowsPerSecond === null ? '—' : `${formatCount(progress.rowsPerSecond)} rows/s`}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{progress.status === 'done' ? 'done' : progress.etaSeconds === null ? '—' : `about ${formatSeconds(progress.etaSeconds)}`}</dd>
        </div>
      </dl>
      {progress.rowsRejected ? <span className="field-help">{formatCount(progress.rowsRejected)} records were left out because they have no key.</span> : null}
      {progress.error ? <span className="field-error">{progress.error}</span> : null}
    </li>
  );
}

const RUN_NOUNS: Partial<Record<string, string>> = { schedule: 'The scheduled run', manual: 'The run', backfill: 'The backfill', rerun: 'The re-run from the checkpoint' };

/** The announced one-line state of a run (changes only when the state does, not with every count). */
function summaryOf(detail: ExportRunDetail): string {
  const { run } = detail;
  const done = detail.entities.filter((e) => e.status === 'done').length;
  const what = RUN_NOUNS[run.trigger] ?? 'The run';
  switch (run.status) {
    case 'queued':
      return `${what} is waiting to start.`;
    case 'running':
      return `${what} is running: ${done} of ${detail.entities.length} tables done.`;
    case 'succeeded':
      return `${what} finished ${formatDateTime(run.finishedAt)}: ${formatCount(detail.entities.reduce((s, e) => s + e.rowsLoaded, 0))} rows loaded.`;
    case 'failed':
      return `${what} failed${run.error ? `: ${run.error}` : '.'} Re-run the failed batch from its checkpoint in the history below.`;
  }
}

/**
 * Progress of one run, read every 2 s while it is queued or running: per table rows read and loaded, rows per second,
 * time left, a bar when the total is known, and the Visma calls left this hour. When the run ends the history and the
 * table counts are read again.
 */
export function RunProgress({ runId, flowId }: { runId: string; flowId: string }) {
  const detail = useExportRun(runId);
  const client = useQueryClient();
  const status = detail.data?.run.status;
  const previous = useRef(status);

  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (was !== undefined && status !== undefined && was !== status && !isRunActive({ status })) {
      void client.invalidateQueries({ queryKey: exportKeys.runs(flowId) });
      void client.invalidateQueries({ queryKey: exportKeys.tables(flowId) });
      void client.invalidateQueries({ queryKey: exportKeys.list() });
    }
  }, [status, client, flowId]);

  return (
    <section className="card" aria-labelledby="progress-heading" aria-busy={detail.isPending}>
      <div className="card-header">
        <h2 id="progress-heading">{detail.data && isRunActive(detail.data.run) ? 'Export in progress' : 'Latest run'}</h2>
        {detail.data ? <StatusBadge status={detail.data.run.status} label={RUN_STATUS_WORDS[detail.data.run.status]} /> : null}
      </div>
      {detail.isPending ? <Loading label="Loading the run’s progress…" /> : null}
      {detail.isError ? <ErrorState error={detail.error} what="The run’s progress" retry={() => void detail.refetch()} /> : null}
      {detail.data ? (
        <div className="stack">
          <p role="status" aria-live="polite" style={{ margin: 0 }}>
            {summaryOf(detail.data)}
          </p>
          <BudgetLine budget={detail.data.budget} />
          <ul className="progress-list" aria-label="Progress per table">
            {detail.data.entities.map((e) => (
              <EntityRow key={e.entity} progress={e} />
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
