/**
 * Pure pacing decisions for one store's request quota (no I/O, time passed in). BigCommerce gives every store one
 * quota "shared by all apps", refreshed per window (Standard/Plus 150 per 30 s, Pro 450 per 30 s), and reports it on
 * every answer: `X-Rate-Limit-Requests-Quota`, `-Requests-Left`, `X-Rate-Limit-Time-Reset-Ms`, `-Time-Window-Ms`.
 * Source: bigcommerce/docs@24f580c `docs/api-docs/getting-started/api-rate-limits.mdx` ("How limits work",
 * "Rate limits by plan type", "Distribute the load": "adjusting the rate based on the API response headers").
 *
 * State: what we believe is left in the current window and when it resets. Every granted call takes one; every
 * answer's headers correct it downwards (other apps and workers spend the same quota). When no more than `reserve`
 * calls are left, callers wait until the reset instead of spending the last calls and meeting a 429. The reserve
 * also covers calls in flight across a window boundary (sent in one window, counted by the store in the next).
 * `RedisBigCommercePacer` runs the same rules as Lua scripts inside Redis (bigcommerce-pacer.ts).
 */
import type { BudgetGrant } from '../core';
import type { BigCommerceRateView } from './bigcommerce-http';

/** What the pacer believes about one store's window. Times in epoch ms. */
export type BigCommercePacerState = { left: number; resetAt: number; quota: number; windowMs: number; isObserved: boolean };

export type BigCommercePacerConfig = {
  /** Quota assumed before the first answer (default 150, the Standard/Plus plan). */
  initialQuota: number;
  /** Window assumed before the first answer (default 30 000 ms). */
  initialWindowMs: number;
  /** Calls kept unused in each window (headroom for other apps and calls in flight); default 5. */
  reserve: number;
  /** Reset times closer than this are the same window (latency jitter), default 500 ms. */
  driftMs: number;
};

export const BIGCOMMERCE_DEFAULT_PACER_CONFIG: BigCommercePacerConfig = { initialQuota: 150, initialWindowMs: 30_000, reserve: 5, driftMs: 500 };

/** Result of an acquire: the grant and the state to store. */
export type BigCommercePacerAcquire = { grant: BudgetGrant; state: BigCommercePacerState };

/**
 * Takes one call from the window. A missing or elapsed window opens a fresh one with the last known quota (the
 * store refreshes the whole quota at the reset). Refuses with `waitMs` = time to the reset when at most
 * `min(reserve, quota - 1)` calls are left.
 */
export function bigCommercePacerAcquire(current: BigCommercePacerState | undefined, nowMs: number, config: BigCommercePacerConfig): BigCommercePacerAcquire {
  let state: BigCommercePacerState;
  if (!current || nowMs >= current.resetAt) {
    const quota = current?.quota ?? config.initialQuota;
    const windowMs = current?.windowMs ?? config.initialWindowMs;
    state = { left: quota, resetAt: nowMs + windowMs, quota, windowMs, isObserved: false };
  } else {
    state = { ...current };
  }
  const reserve = Math.max(0, Math.min(config.reserve, state.quota - 1));
  if (state.left > reserve) return { grant: { granted: true }, state: { ...state, left: state.left - 1 } };
  return { grant: { granted: false, waitMs: Math.max(1, state.resetAt - nowMs) }, state };
}

/** How an observation was applied (for logs and tests). */
export type BigCommercePacerVerdict = 'ignored' | 'adopted' | 'first' | 'newer-window' | 'same-window' | 'stale';

/**
 * Folds one answer's headers into the state.
 * - no `remaining` (e.g. a 429 under platform load): ignored;
 * - no window yet, or it elapsed: adopt the store's numbers;
 * - first answer of a window we opened ourselves: keep the lower of ours and the store's count (ours includes calls
 *   still in flight; it is first shifted by the difference between the store's quota and the one we assumed),
 *   take the store's reset time;
 * - the store's reset lies later than ours (beyond `driftMs`): the store started a new window, adopt it;
 * - earlier than ours (beyond `driftMs`): a late answer from an older window, ignored;
 * - same window: keep the lower count and the later reset.
 */
export function bigCommercePacerObserve(current: BigCommercePacerState | undefined, view: BigCommerceRateView, nowMs: number, config: BigCommercePacerConfig): { verdict: BigCommercePacerVerdict; state: BigCommercePacerState | undefined } {
  if (view.remaining === undefined) return { verdict: 'ignored', state: current };
  const quota = view.limit ?? current?.quota ?? config.initialQuota;
  const windowMs = view.windowMs ?? current?.windowMs ?? config.initialWindowMs;
  const remaining = Math.max(0, view.remaining);
  const newReset = view.resetMs !== undefined ? nowMs + view.resetMs : (current?.resetAt ?? nowMs + windowMs);
  const next = (left: number, resetAt: number): BigCommercePacerState => ({ left, resetAt, quota, windowMs, isObserved: true });
  if (!current || nowMs >= current.resetAt) return { verdict: 'adopted', state: next(remaining, newReset) };
  // Our count was made against the quota we assumed (150 before any answer); when the store reports another
  // quota (a bigger plan), shift our count by the difference before comparing, or we would never learn it.
  const ours = Math.max(0, current.left + (quota - current.quota));
  if (!current.isObserved) return { verdict: 'first', state: next(Math.min(ours, remaining), newReset) };
  if (newReset > current.resetAt + config.driftMs) return { verdict: 'newer-window', state: next(remaining, newReset) };
  if (newReset < current.resetAt - config.driftMs) return { verdict: 'stale', state: current };
  return { verdict: 'same-window', state: next(Math.min(ours, remaining), Math.max(current.resetAt, newReset)) };
}

/** What one process remembers of the last answer it folded in for a key (see `isObservationNeeded`). */
export type BigCommerceObservationMemo = { quota: number; resetAt: number };

/**
 * Whether an answer's headers are worth sending to the shared state. Folding in every answer costs a Redis
 * round trip per call; while the store reports plenty left (more than half the quota and more than four times
 * the reserve) in a window this process has already folded in, with the same quota, the answer cannot change a
 * pacing decision (`observe` only lowers the count or moves to a new window). Everything else is observed.
 */
export function isObservationNeeded(view: BigCommerceRateView, memo: BigCommerceObservationMemo | undefined, nowMs: number, config: BigCommercePacerConfig): boolean {
  if (view.remaining === undefined) return false;
  if (!memo) return true;
  const quota = view.limit ?? memo.quota;
  if (quota !== memo.quota) return true;
  if (view.remaining <= Math.max(quota / 2, config.reserve * 4)) return true;
  if (view.resetMs === undefined) return false;
  return Math.abs(nowMs + view.resetMs - memo.resetAt) > config.driftMs || nowMs >= memo.resetAt;
}
