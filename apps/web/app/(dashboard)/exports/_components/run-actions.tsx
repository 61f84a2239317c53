'use client';

import { type FormEvent, useId, useRef, useState } from 'react';
import { useRequestExportRun, useUpdateExportFlow } from '@/api/exports/mutations';
import type { ExportFlow, ExportRun, ExportRunRequestResult } from '@/api/exports/types';
import { useCan } from '@/auth/current-user';
import { formatDateTime } from '@/ui/format';
import { TextField } from '@/ui/fields';
import { describeError } from '@/ui/states';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What asking for a run achieved, in words. */
function describeRequest(result: ExportRunRequestResult, backfillFrom: string | undefined): string {
  if (!result.queued) return `A run is already ${result.run.status === 'queued' ? 'waiting to start' : 'in progress'} (asked for ${formatDateTime(result.run.createdAt)}); its progress is shown below.`;
  return backfillFrom ? `Backfill from ${backfillFrom} queued: everything changed since then is read again. Rows already in BigQuery are updated, not duplicated.` : 'Export queued; its progress is shown below.';
}

/**
 * "Run now", "Backfill from date" and pause/enable (admins). `onRun` gets the run that was queued (or the one already
 * active), whose progress the page then follows. `activeRun` disables the backfill, which the API refuses while a run is on.
 */
export function RunActions({ flow, activeRun, onRun }: { flow: ExportFlow; activeRun: ExportRun | undefined; onRun: (run: ExportRun) => void }) {
  const canRun = useCan('export.run');
  const canEdit = useCan('export.edit');
  const request = useRequestExportRun();
  const toggle = useUpdateExportFlow();
  const [isBackfillOpen, setBackfillOpen] = useState(false);
  const [day, setDay] = useState('');
  const [dayError, setDayError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const dayRef = useRef<HTMLDivElement>(null);
  const backfillId = useId();

  if (!canRun && !canEdit) return null;

  const run = (backfillFrom?: string) =>
    request.mutate(
      { flowId: flow.id, ...(backfillFrom ? { backfillFrom } : {}) },
      {
        onSuccess: (result) => {
          setNotice(describeRequest(result, backfillFrom));
          setBackfillOpen(false);
          onRun(result.run);
        },
      },
    );
  const backfill = (event: FormEvent) => {
    event.preventDefault();
    if (!DAY.test(day)) {
      setDayError('Enter the date to re-read from, e.g. 2024-01-01');
      dayRef.current?.querySelector('input')?.focus();
      return;
    }
    if (new Date(`${day}T00:00:00Z`).getTime() > Date.now()) {
      setDayError('Choose a date in the past');
      dayRef.current?.querySelector('input')?.focus();
      return;
    }
    run(day);
  };

  return (
    <section className="stack" aria-label={`Run ${flow.name}`} style={{ gap: 8 }}>
      <div className="row">
        {canRun ? (
          <>
            <button type="button" className="button" onClick={() => run()} disabled={request.isPending}>
              {request.isPending && !isBackfillOpen ? 'Asking…' : 'Run now'}
            </button>
            <button
              type="button"
              className="button button-secondary"
              aria-expanded={isBackfillOpen}
              aria-controls={isBackfillOpen ? backfillId : undefined}
              onClick={() => {
                setBackfillOpen((v) => !v);
                setDayError(undefined);
                request.reset();
              }}
            >
              {isBackfillOpen ? 'Close backfill' : 'Backfill from date'}
            </button>
          </>
        ) : null}
        {canEdit ? (
          <button type="button" className="button button-secondary" onClick={() => toggle.mutate({ id: flow.id, isEnabled: !flow.isEnabled })} disabled={toggle.isPending}>
            {flow.isEnabled ? 'Pause schedule' : 'Resume schedule'}
          </button>
        ) : null}
      </div>
      {isBackfillOpen ? (
        <form id={backfillId} className="stack detail-editor" style={{ gap: 8 }} onSubmit={backfill} aria-label={`Backfill ${flow.name}`} noValidate>
          <p style={{ margin: 0 }}>
            A backfill forgets where each table had got to and reads everything Visma changed since the date again, for every table of this export. Rows already in BigQuery are
            updated, not duplicated. It uses Visma calls from the company’s hourly allowance, so a long history may take several hours.
          </p>
          <div ref={dayRef} style={{ maxWidth: 260 }}>
            <TextField
              label="Re-read everything changed since"
              type="date"
              value={day}
              onChange={(v) => {
                setDay(v);
                setDayError(undefined);
              }}
              error={dayError}
            />
          </div>
          {activeRun ? <p className="notice notice-warn">A run is in progress: start the backfill when it has ended.</p> : null}
          <div className="row">
            <button type="submit" className="button button-small" disabled={request.isPending || activeRun !== undefined}>
              {request.isPending ? 'Asking…' : 'Start backfill'}
            </button>
          </div>
        </form>
      ) : null}
      <div role="status" aria-live="polite">
        {notice && !request.isError ? <p className="notice">{notice}</p> : null}
      </div>
      {request.isError ? (
        <p className="field-error" role="alert">
          Not started: {describeError(request.error)}
        </p>
      ) : null}
      {toggle.isError ? (
        <p className="field-error" role="alert">
          {describeError(toggle.error)}
        </p>
      ) : null}
    </section>
  );
}
