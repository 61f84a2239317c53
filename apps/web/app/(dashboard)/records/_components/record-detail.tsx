'use client';

import Link from 'next/link';
import { useReplayRecord } from '@/api/records/mutations';
import { useRecord } from '@/api/records/queries';
import type { RecordDetail, TimelineEvent } from '@/api/records/types';
import { useSystemLabel } from '@/api/systems/queries';
import { useCan } from '@/auth/current-user';
import { formatDateTime, formatJson } from '@/ui/format';
import { JsonView } from '@/ui/json-view';
import { QueryView, describeError } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';

/** The latest timeline value of `data[key]` (e.g. the document sent to Visma). */
function latest(timeline: TimelineEvent[], key: 'document'): unknown {
  for (let i = timeline.length - 1; i >= 0; i -= 1) {
    const value = timeline[i]?.data?.[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Visma's latest answer: a success `response`, or the provider's side of the latest failure (an error
 * carrying `status` / `providerMessage`), whichever came last.
 */
function vismaAnswer(timeline: TimelineEvent[]): unknown {
  for (let i = timeline.length - 1; i >= 0; i -= 1) {
    const data = timeline[i]?.data;
    if (!data) continue;
    if (data['response'] !== undefined) return data['response'];
    const error = data['error'];
    if (error && typeof error === 'object' && ('providerMessage' in error || 'status' in error)) return error;
  }
  return undefined;
}

/** One record: status, last error, payload vs document vs Visma's answer side by side, the timeline, replay. */
export function RecordDetailView({ id }: { id: string }) {
  const detail = useRecord(id);
  return (
    <>
      <p>
        <Link href="/records">Records</Link> /
      </p>
      <QueryView query={detail} what="Record">
        {(data) => <RecordBody data={data} />}
      </QueryView>
    </>
  );
}

function RecordBody({ data }: { data: RecordDetail }) {
  const { record, timeline } = data;
  const canReplay = useCan('record.replay');
  const replay = useReplayRecord();
  const systemLabel = useSystemLabel();
  const isInFlight = record.status === 'received' || record.status === 'processing';
  return (
    <>
      <header className="page-header">
        <div>
          <h1>
            {record.entityType} {record.externalId}
          </h1>
          <div className="row" aria-live="polite">
            {record.waiting ? <StatusBadge status="waiting" label="waiting for retry" /> : <StatusBadge status={record.status} />}
            {isInFlight && !record.waiting ? <span className="muted">working on it…</span> : null}
            {record.targetRef ? (
              <span>
                In Visma as <strong className="mono">{record.targetRef}</strong>
              </span>
            ) : null}
            <span className="muted">
              {systemLabel(record.system)} · {record.attempts} attempt{record.attempts === 1 ? '' : 's'} · updated {formatDateTime(record.updatedAt, true)}
            </span>
          </div>
        </div>
        {/* A record waiting for its retry can be replayed: it runs now instead of at its next attempt time. */}
        {canReplay ? (
          <button type="button" className="button" onClick={() => replay.mutate(record.id)} disabled={replay.isPending || (isInFlight && !record.waiting)}>
            {replay.isPending ? 'Queueing…' : 'Replay'}
          </button>
        ) : null}
      </header>
      {replay.isError ? (
        <p className="state state-error" role="alert">
          Replay failed: {describeError(replay.error)}
        </p>
      ) : null}
      {replay.isSuccess && isInFlight ? (
        <p className="notice" role="status">
          Replay queued.
        </p>
      ) : null}
      {record.waiting ? (
        <section className="notice" role="status" aria-label="Waiting for retry" style={{ marginBottom: 16 }}>
          <strong>Waiting for retry:</strong> {record.waiting.reason.replace(/\.$/, '')}. Next attempt {formatDateTime(record.waiting.nextAttemptAt, true)}.
        </section>
      ) : null}
      {record.lastError && record.status === 'failed' ? (
        <section className="state state-error" aria-label="Last error" style={{ marginBottom: 16 }}>
          <strong>{record.lastError.message ?? 'Failed'}</strong>
          {record.lastError.code ? <code>{String(record.lastError.code)}</code> : null}
          {record.lastError.details ? <code>{formatJson(record.lastError.details)}</code> : null}
        </section>
      ) : null}
      <section className="card" aria-label="Payloads">
        <div className="json-columns">
          <JsonView title="Source payload" value={record.sourcePayload} />
          <JsonView title="Document sent" value={latest(timeline, 'document')} emptyText="Nothing was sent to Visma yet." />
          <JsonView title="Visma's answer" value={vismaAnswer(timeline)} emptyText="No answer from Visma recorded." />
        </div>
      </section>
      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol className="timeline">
          {timeline.map((e) => (
            <li key={e.id} className={`tl-${e.kind.split('.').pop() ?? ''}`}>
              <div className="row">
                <strong>{e.message}</strong>
                <code className="muted">{e.kind}</code>
              </div>
              <div className="muted">
                {formatDateTime(e.createdAt, true)} · {e.actor}
              </div>
              {e.data && Object.keys(e.data).length ? (
                <details>
                  <summary>Details</summary>
                  <pre tabIndex={0} className="json-panel">
                    {formatJson(e.data)}
                  </pre>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
