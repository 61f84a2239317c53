'use client';

import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '@/api/api-error';
import { useUpdateFlow } from '@/api/flows/mutations';
import type { CatchUpSchedule, CatchUpScheduleKind, Flow } from '@/api/flows/types';
import type { SystemView } from '@/api/systems/types';
import { SelectField, TextField } from '@/ui/fields';
import { describeError } from '@/ui/states';
import { describePollOffRisk, describePollRole } from './flow-words';

/** What the form offers: the schedule kinds, with "hourly" (every 60 minutes) as a preset of its own. */
type DraftKind = 'hourly' | CatchUpScheduleKind;

/** The presets most shops want come first: hourly and daily at a time. */
const KIND_OPTIONS: { value: DraftKind; label: string }[] = [
  { value: 'hourly', label: 'Hourly (every 60 minutes)' },
  { value: 'daily', label: 'Daily at a set time' },
  { value: 'every', label: 'Every N minutes' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'off', label: 'Off (webhooks and manual runs only)' },
];
const HOURLY_MINUTES = 60;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const WHOLE = /^\d+$/;

type Draft = { kind: DraftKind; minutes: string; at: string; day: string };
type DraftErrors = Partial<Record<'kind' | 'minutes' | 'at' | 'day', string>>;

function draftOf(schedule: CatchUpSchedule): Draft {
  return {
    kind: schedule.kind === 'every' && schedule.minutes === HOURLY_MINUTES ? 'hourly' : schedule.kind,
    minutes: schedule.kind === 'every' ? String(schedule.minutes) : '10',
    at: schedule.kind === 'daily' || schedule.kind === 'monthly' ? schedule.at : '02:00',
    day: schedule.kind === 'monthly' ? String(schedule.day) : '1',
  };
}

/** "2:30" → "02:30"; anything else as typed. */
function normalizeTime(value: string): string {
  const trimmed = value.trim();
  return /^\d:\d\d$/.test(trimmed) ? `0${trimmed}` : trimmed;
}

/** The schedule the draft describes, or the problems of each field (the API's own rules, checked before sending). */
export function parseScheduleDraft(draft: Draft): { schedule: CatchUpSchedule } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const at = normalizeTime(draft.at);
  const minutes = draft.minutes.trim();
  const day = draft.day.trim();
  if ((draft.kind === 'daily' || draft.kind === 'monthly') && !TIME.test(at)) errors.at = 'Enter a time as HH:MM, 24-hour UTC, e.g. 02:30';
  if (draft.kind === 'every' && (!WHOLE.test(minutes) || Number(minutes) < 1 || Number(minutes) > 1440)) errors.minutes = 'Enter whole minutes from 1 to 1440 (one day)';
  if (draft.kind === 'monthly' && (!WHOLE.test(day) || Number(day) < 1 || Number(day) > 28)) errors.day = 'Enter a day from 1 to 28 (every month has one)';
  if (Object.keys(errors).length) return { errors };
  switch (draft.kind) {
    case 'hourly':
      return { schedule: { kind: 'every', minutes: HOURLY_MINUTES } };
    case 'every':
      return { schedule: { kind: 'every', minutes: Number(minutes) } };
    case 'daily':
      return { schedule: { kind: 'daily', at } };
    case 'monthly':
      return { schedule: { kind: 'monthly', day: Number(day), at } };
    case 'off':
      return { schedule: { kind: 'off' } };
  }
}

/**
 * Edits a flow's catch-up schedule (admin): checked in the form, then `PATCH /api/flows/:id { catchUpSchedule }`. What
 * the poll means for the flow's shop (source of truth, webhook rules and upkeep) comes from the shop's system facts.
 */
export function ScheduleForm({ flow, source, onDone }: { flow: Flow; source: SystemView | undefined; onDone: (saved: CatchUpSchedule | null) => void }) {
  const update = useUpdateFlow();
  const [draft, setDraft] = useState<Draft>(() => draftOf(flow.catchUpSchedule));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const pollRole = describePollRole(source);
  const apiError = update.error instanceof ApiError ? update.error : undefined;
  const apiField = (name: keyof DraftErrors) => apiError?.fieldMessage(`catchUpSchedule.${name}`);
  const errorOf = (name: keyof DraftErrors) => errors[name] ?? apiField(name);

  // After a submit with problems, move focus to the first field that has one (its message is linked to it).
  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt, update.error]);

  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch) as (keyof Draft)[]) delete next[key];
      return next;
    });
    if (update.isError) update.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseScheduleDraft(draft);
    setAttempt((n) => n + 1);
    if ('errors' in parsed) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    update.mutate({ id: flow.id, catchUpSchedule: parsed.schedule }, { onSuccess: () => onDone(parsed.schedule) });
  };

  return (
    <form ref={formRef} className="stack" onSubmit={submit} aria-label={`Catch-up schedule of ${flow.name}`} noValidate>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <SelectField label="Catch-up runs" value={draft.kind} onChange={(v) => set({ kind: v as DraftKind })} options={KIND_OPTIONS} error={errorOf('kind')} />
        {draft.kind === 'every' ? (
          <TextField label="Every (minutes)" value={draft.minutes} onChange={(v) => set({ minutes: v })} inputMode="numeric" error={errorOf('minutes')} help="1–1440, counted from 00:00 UTC" />
        ) : null}
        {draft.kind === 'monthly' ? (
          <TextField label="Day of the month" value={draft.day} onChange={(v) => set({ day: v })} inputMode="numeric" error={errorOf('day')} help="1–28" />
        ) : null}
        {draft.kind === 'daily' || draft.kind === 'monthly' ? (
          <TextField label="Time (UTC)" value={draft.at} onChange={(v) => set({ at: v })} placeholder="HH:MM" error={errorOf('at')} help="24-hour, e.g. 02:30" />
        ) : null}
      </div>
      {pollRole.length ? (
        <p className="field-help" style={{ margin: 0 }}>
          {pollRole.join(' ')} All times are UTC.
        </p>
      ) : null}
      {draft.kind === 'off' ? <p className="notice notice-warn">{describePollOffRisk(source)}</p> : null}
      <div className="row">
        <button type="submit" className="button button-small" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save schedule'}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => onDone(null)} disabled={update.isPending}>
          Cancel
        </button>
      </div>
      {update.isError ? (
        <div className="state state-error" role="alert">
          <strong>The schedule was not saved.</strong>
          {apiError?.fields.length ? (
            <ul style={{ margin: 0 }}>
              {apiError.fields.map((f) => (
                <li key={f.field}>
                  <code>{f.field}</code>: {f.message}
                </li>
              ))}
            </ul>
          ) : (
            <span>{describeError(update.error)}</span>
          )}
        </div>
      ) : null}
    </form>
  );
}
