'use client';

import { useState } from 'react';
import { useBulkReplay } from '@/api/records/mutations';
import { useRecordCount } from '@/api/records/queries';
import type { RecordFilter } from '@/api/records/types';
import { describeError } from '@/ui/states';

const MAX = 1_000;

type Job = { queued: number; filter: RecordFilter; startedAt: string };

/**
 * Replays every record matching the current filter (up to 1,000), then follows progress: records of the
 * filter (status aside) still received/processing are pending; posted/failed since the start are done.
 * Other traffic on the same filter can make the figures move a little; the bar never goes backwards past 0.
 */
export function BulkReplay({ filter, total }: { filter: RecordFilter; total: number }) {
  const replay = useBulkReplay();
  const [isConfirming, setConfirming] = useState(false);
  const [job, setJob] = useState<Job | null>(null);

  const start = () => {
    setConfirming(false);
    // A little slack for clock skew between this browser and the database.
    const startedAt = new Date(Date.now() - 5_000).toISOString();
    replay.mutate({ filter, max: MAX }, { onSuccess: ({ queued }) => setJob({ queued, filter, startedAt }) });
  };

  return (
    <div className="stack" style={{ gap: 6 }}>
      <div className="row">
        {isConfirming ? (
          <>
            <span>
              Replay {Math.min(total, MAX)} record{total === 1 ? '' : 's'} matching this filter?
            </span>
            <button type="button" className="button button-small" onClick={start}>
              Yes, replay them
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className="button button-secondary" onClick={() => setConfirming(true)} disabled={total === 0 || replay.isPending}>
            {replay.isPending ? 'Queueing…' : `Replay all ${total} matching`}
          </button>
        )}
      </div>
      {replay.isError ? (
        <p className="state state-error" role="alert">
          Bulk replay failed: {describeError(replay.error)}
        </p>
      ) : null}
      {job ? <BulkProgress job={job} onDismiss={() => setJob(null)} /> : null}
    </div>
  );
}

function BulkProgress({ job, onDismiss }: { job: Job; onDismiss: () => void }) {
  const { status: _status, ...base } = job.filter;
  const [isDone, setDone] = useState(job.queued === 0);
  const poll = isDone ? false : 1_000;
  const received = useRecordCount({ ...base, status: 'received' }, { pollMs: poll });
  const processing = useRecordCount({ ...base, status: 'processing' }, { pollMs: poll });
  const posted = useRecordCount({ ...base, status: 'posted', from: job.startedAt }, { pollMs: poll });
  const failed = useRecordCount({ ...base, status: 'failed', from: job.startedAt }, { pollMs: poll });
  const isKnown = received.data !== undefined && processing.data !== undefined;
  const pending = isKnown ? Math.min(job.queued, (received.data ?? 0) + (processing.data ?? 0)) : job.queued;
  const done = job.queued - pending;
  if (isKnown && pending === 0 && !isDone) setDone(true);
  return (
    <div className="card" style={{ marginBottom: 0 }} aria-live="polite">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <strong>{isDone ? `Replay finished: ${job.queued} record${job.queued === 1 ? '' : 's'}` : `Replaying ${done} of ${job.queued}…`}</strong>
        {isDone ? (
          <button type="button" className="link-button" onClick={onDismiss}>
            Dismiss
          </button>
        ) : null}
      </div>
      <progress max={Math.max(1, job.queued)} value={done} aria-label="Bulk replay progress" />
      <span className="muted">
        {posted.data ?? 0} posted, {failed.data ?? 0} failed since the replay started
      </span>
    </div>
  );
}
