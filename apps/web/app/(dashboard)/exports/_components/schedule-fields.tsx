'use client';

import type { ApiError } from '@/api/api-error';
import type { ExportSchedule, ExportScheduleKind } from '@/api/exports/types';
import { SelectField, TextField } from '@/ui/fields';
import { WEEKDAY_OPTIONS } from './export-words';

const KIND_OPTIONS: { value: ExportScheduleKind; label: string }[] = [
  { value: 'monthly', label: 'Monthly' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'daily', label: 'Daily' },
  { value: 'manual', label: 'Manual only' },
];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const WHOLE = /^\d+$/;

export type ScheduleDraft = { kind: ExportScheduleKind; at: string; weekday: string; day: string };
export type ScheduleErrors = Partial<Record<keyof ScheduleDraft, string>>;

/** The form values of a schedule (the fields a kind does not use keep sensible defaults). */
export function scheduleDraftOf(schedule: ExportSchedule): ScheduleDraft {
  return {
    kind: schedule.kind,
    at: schedule.kind === 'manual' ? '03:00' : schedule.at,
    weekday: schedule.kind === 'weekly' ? String(schedule.weekday) : '1',
    day: schedule.kind === 'monthly' ? String(schedule.day) : '2',
  };
}

/** The schedule a draft describes, or each field's problem (the API's own rules, checked before sending). */
export function parseScheduleDraft(draft: ScheduleDraft): { schedule: ExportSchedule } | { errors: ScheduleErrors } {
  const at = /^\d:\d\d$/.test(draft.at.trim()) ? `0${draft.at.trim()}` : draft.at.trim();
  const day = draft.day.trim();
  const weekday = Number(draft.weekday);
  const errors: ScheduleErrors = {};
  if (draft.kind !== 'manual' && !TIME.test(at)) errors.at = 'Enter a time as HH:MM, 24-hour UTC, e.g. 03:00';
  if (draft.kind === 'monthly' && (!WHOLE.test(day) || Number(day) < 1 || Number(day) > 28)) errors.day = 'Enter a day from 1 to 28 (every month has one)';
  if (draft.kind === 'weekly' && !(weekday >= 1 && weekday <= 7)) errors.weekday = 'Choose a weekday';
  if (Object.keys(errors).length) return { errors };
  switch (draft.kind) {
    case 'manual':
      return { schedule: { kind: 'manual' } };
    case 'daily':
      return { schedule: { kind: 'daily', at } };
    case 'weekly':
      return { schedule: { kind: 'weekly', weekday, at } };
    case 'monthly':
      return { schedule: { kind: 'monthly', day: Number(day), at } };
  }
}

/** The schedule problems the API named (`schedule.at`, …), by field. */
export function apiScheduleErrors(error: ApiError | undefined): ScheduleErrors {
  const out: ScheduleErrors = {};
  for (const field of ['kind', 'at', 'weekday', 'day'] as const) {
    const message = error?.fieldMessage(`schedule.${field}`);
    if (message) out[field] = message;
  }
  return out;
}

/** The schedule's fields: how often, then the weekday or day of the month, then the time (UTC). */
export function ScheduleFields({ draft, onChange, errors }: { draft: ScheduleDraft; onChange: (patch: Partial<ScheduleDraft>) => void; errors: ScheduleErrors }) {
  return (
    <div className="form-grid">
      <SelectField label="Runs" value={draft.kind} onChange={(v) => onChange({ kind: v as ExportScheduleKind })} options={KIND_OPTIONS} error={errors.kind} />
      {draft.kind === 'weekly' ? <SelectField label="Weekday" value={draft.weekday} onChange={(v) => onChange({ weekday: v })} options={WEEKDAY_OPTIONS} error={errors.weekday} /> : null}
      {draft.kind === 'monthly' ? (
        <TextField label="Day of the month" value={draft.day} onChange={(v) => onChange({ day: v })} inputMode="numeric" error={errors.day} help="1–28, e.g. 2 for the day after month-end close" />
      ) : null}
      {draft.kind !== 'manual' ? <TextField label="Time (UTC)" value={draft.at} onChange={(v) => onChange({ at: v })} placeholder="HH:MM" error={errors.at} help="24-hour, e.g. 03:00" /> : null}
    </div>
  );
}
