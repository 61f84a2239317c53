import { startOfDayUtc } from './visma-dto.util';
import type { VismaJournalDraft } from './visma-ledger-posting';
import type { VismaSeededRandom } from './visma-prng.util';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The window the generator fills, and the "now" every generated timestamp stays before. */
export type VismaHistoryWindow = { anchorMs: number; months: number; scale: number; rng: VismaSeededRandom; drafts: VismaJournalDraft[] };

/** Month `i` (0 = oldest) of the window: its first day and its end (capped at the anchor's day). */
export function monthRange(w: Pick<VismaHistoryWindow, 'anchorMs' | 'months'>, i: number): { startMs: number; endMs: number; fraction: number } {
  const a = new Date(w.anchorMs);
  const back = w.months - 1 - i;
  const startMs = Date.UTC(a.getUTCFullYear(), a.getUTCMonth() - back, 1);
  const fullEnd = Date.UTC(a.getUTCFullYear(), a.getUTCMonth() - back + 1, 1);
  const endMs = Math.min(fullEnd, startOfDayUtc(w.anchorMs));
  return { startMs, endMs, fraction: Math.max(0, (endMs - startMs) / (fullEnd - startMs)) };
}

/** A business-hours moment (08:00–16:00 UTC) on the day of `dayMs`. */
export function workTime(rng: VismaSeededRandom, dayMs: number): number {
  return startOfDayUtc(dayMs) + 8 * HOUR_MS + rng.int(0, 8 * 60 - 1) * 60_000 + rng.int(0, 59) * 1000;
}

/** How many records of a monthly volume fall in a (partial) month. */
export function countFor(w: VismaHistoryWindow, perMonth: number, fraction: number): number {
  return Math.round(perMonth * w.scale * fraction);
}

