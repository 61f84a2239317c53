import type { EntityProgressStatus, ExportBatch, ExportBatchStatus, ExportRun, ExportRunStatus, ExportSchedule } from '@/api/exports/types';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const NUMBER = new Intl.NumberFormat('en-US');

/** ISO weekday (1 = Monday … 7 = Sunday) → "Monday". */
export function weekdayName(weekday: number): string {
  return WEEKDAYS[weekday - 1] ?? `day ${weekday}`;
}
/** The weekdays as select options, Monday first (ISO 8601). */
export const WEEKDAY_OPTIONS = WEEKDAYS.map((label, i) => ({ value: String(i + 1), label }));

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

/** "Manual only", "Daily at 03:00 UTC", "Weekly on Mondays at 03:00 UTC", "Monthly on the 2nd at 03:00 UTC". */
export function describeExportSchedule(schedule: ExportSchedule): string {
  switch (schedule.kind) {
    case 'manual':
      return 'Manual only (no schedule)';
    case 'daily':
      return `Daily at ${schedule.at} UTC`;
    case 'weekly':
      return `Weekly on ${weekdayName(schedule.weekday)}s at ${schedule.at} UTC`;
    case 'monthly':
      return `Monthly on the ${ordinal(schedule.day)} at ${schedule.at} UTC`;
  }
}

/** 12345 → "12,345"; null → "—". */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : NUMBER.format(n);
}

/** Seconds → "45 s", "3 min", "1 h 5 min". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** How long a run took (or has been running): "4 min", "running for 12 s", "—" while queued. */
export function describeDuration(run: Pick<ExportRun, 'startedAt' | 'finishedAt'>, now: number): string {
  if (!run.startedAt) return '—';
  const start = new Date(run.startedAt).getTime();
  const end = run.finishedAt ? new Date(run.finishedAt).getTime() : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return '—';
  const text = formatSeconds((end - start) / 1000);
  return run.finishedAt ? text : `running for ${text}`;
}

/** Why a run happened, in words. */
export function describeTrigger(trigger: string): string {
  switch (trigger) {
    case 'schedule':
      return 'Scheduled';
    case 'manual':
      return 'Run now';
    case 'backfill':
      return 'Backfill';
    case 'rerun':
      return 'Re-run from checkpoint';
    default:
      return trigger;
  }
}

/** `user:kari@example.test` → "kari@example.test"; `scheduler` → "the schedule". */
export function describeRequester(requestedBy: string): string {
  if (requestedBy === 'scheduler') return 'the schedule';
  return requestedBy.startsWith('user:') ? requestedBy.slice('user:'.length) : requestedBy;
}

export const RUN_STATUS_WORDS: Record<ExportRunStatus, string> = { queued: 'waiting to start', running: 'running', succeeded: 'succeeded', failed: 'failed' };
export const BATCH_STATUS_WORDS: Record<ExportBatchStatus, string> = {
  extracting: 'reading from Visma',
  extracted: 'read, loading into BigQuery',
  loaded: 'loaded, merging',
  merged: 'done',
  failed: 'failed',
};
export const ENTITY_STATUS_WORDS: Record<EntityProgressStatus, string> = { waiting: 'waiting', running: 'running', done: 'done', failed: 'failed' };
/** The status badge tone of an entity's progress (status-badge.tsx words). */
export const ENTITY_STATUS_TONE: Record<EntityProgressStatus, string> = { waiting: 'queued', running: 'running', done: 'done', failed: 'failed' };

/** `journal_transactions` → "Journal transactions", `gl_accounts` → "General ledger accounts". */
export function entityLabel(id: string): string {
  const text = id
    .split('_')
    .map((word) => (word === 'gl' ? 'general ledger' : word))
    .join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The catalogue's description for an admin: what the table holds and its Visma screen, without notes on API versions. */
export function entityDescription(description: string): string {
  return (description.split(';')[0] ?? description).replace(/\.$/, '').trim();
}

/** Rows loaded into BigQuery by a run's batches. */
export function rowsLoadedOf(batches: readonly Pick<ExportBatch, 'rowsLoaded'>[]): number {
  return batches.reduce((sum, b) => sum + b.rowsLoaded, 0);
}

/** When a run last changed state: finished, else started, else asked for. */
export function runTime(run: Pick<ExportRun, 'finishedAt' | 'startedAt' | 'createdAt'>): string {
  return run.finishedAt ?? run.startedAt ?? run.createdAt;
}
