import { z } from 'zod';

const TIME_OF_DAY = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour, UTC)');

/**
 * When an export flow runs, in UTC: manual only, daily at HH:MM, weekly on a weekday (1 = Monday … 7 = Sunday, ISO
 * 8601) at HH:MM, or monthly on day 1–28 at HH:MM (the close cycle: the day after the books of the month are closed).
 */
export const EXPORT_SCHEDULE_SCHEMA = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({ kind: z.literal('daily'), at: TIME_OF_DAY }),
  z.object({ kind: z.literal('weekly'), weekday: z.number().int().min(1).max(7), at: TIME_OF_DAY }),
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(28), at: TIME_OF_DAY }),
]);
export type ExportSchedule = z.infer<typeof EXPORT_SCHEDULE_SCHEMA>;

/**
 * The start of the schedule slot `at` falls in (ms since the epoch), or undefined when the schedule is manual or the
 * day's slot has not begun. Every process asking within one slot gets the same value, so one run is made per slot.
 */
export function exportSlotAt(schedule: ExportSchedule, at: Date): number | undefined {
  if (schedule.kind === 'manual') return undefined;
  const dayStart = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const isoWeekday = ((at.getUTCDay() + 6) % 7) + 1;
  if (schedule.kind === 'weekly' && isoWeekday !== schedule.weekday) return undefined;
  if (schedule.kind === 'monthly' && at.getUTCDate() !== schedule.day) return undefined;
  const [h, m] = schedule.at.split(':').map(Number);
  const slot = dayStart + ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
  return at.getTime() >= slot ? slot : undefined;
}
