/**
 * Pure retry decisions for the transport (style.md "Connector shape"; Nango's retry/reason/wait idea):
 * capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"),
 * `Retry-After` per RFC 9110 §10.2.3 (delay-seconds or HTTP-date), and POST/PATCH retried only with an
 * idempotency key. Nothing here sleeps or reads the clock: time and randomness are passed in.
 */

/** Tunables of the retry policy. All durations in milliseconds. */
export type RetryPolicy = {
  /** Total attempts including the first (default 4). */
  maxAttempts: number;
  /** First backoff ceiling (default 250 ms); doubles per attempt. */
  baseDelayMs: number;
  /** Cap of the backoff ceiling (default 10 000 ms). */
  maxDelayMs: number;
  /** Waits longer than this are not slept inline; the caller gets a rate-limited error (default 2 000 ms). */
  maxInlineWaitMs: number;
  /** Statuses retried in addition to 408/429/500/502/503/504 (e.g. WooCommerce hosting firewalls answer 501). */
  extraRetryableStatuses?: readonly number[] | undefined;
  /**
   * Also retry POST/PATCH without an idempotency key when the connection itself failed (`connect`: refused, DNS,
   * TLS), i.e. before a byte of the request was written. Default false.
   */
  shouldRetryWritesOnConnectError?: boolean | undefined;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxInlineWaitMs: 2_000,
};

/** What happened on the attempt being judged. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfterMs?: number | undefined; vendorResetMs?: number | undefined }
  | { kind: 'network'; error: 'timeout' | 'reset' | 'connect' | 'other' };

export type RetryReason =
  | 'success'
  | 'status-not-retryable'
  | 'non-idempotent-request'
  | 'attempts-exhausted'
  | 'rate-limited'
  | 'server-error'
  | 'network-error'
  | 'timeout'
  | 'wait-exceeds-inline-limit';

/** The verdict, loggable as is: `{ retry: true, reason: 'server-error', waitMs: 180 }`. */
export type RetryDecision = { retry: boolean; reason: RetryReason; waitMs: number };

export type RetryInput = {
  /** 1-based number of the attempt that just finished. */
  attempt: number;
  method: string;
  hasIdempotencyKey: boolean;
  outcome: AttemptOutcome;
};

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** True when the request may be sent twice without a second effect (RFC 9110 §9.2.2, plus idempotency keys). */
export function isRetrySafe(method: string, hasIdempotencyKey: boolean): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase()) || hasIdempotencyKey;
}

/**
 * Full-jitter backoff: a uniform draw in [0, min(maxDelayMs, baseDelayMs · 2^(attempt-1))).
 * @param attempt 1-based attempt that just failed.
 * @param random  returns [0, 1), injectable for tests.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date.
 * @returns milliseconds to wait (≥ 0), or undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (/^\d+\.\d+$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at) || !/[a-z]/i.test(v)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * Decides whether to retry an attempt, and how long to wait first.
 * - 2xx/3xx and other non-retryable statuses (4xx except 408/429): no retry.
 * - 408, 429, 5xx, network errors and timeouts: retry when the method is retry-safe and attempts remain.
 * - The wait is `Retry-After`, else the vendor reset hint (429 only), else full-jitter backoff.
 * - A wait above `maxInlineWaitMs` becomes `{ retry: false, reason: 'wait-exceeds-inline-limit' }`
 *   so the transport throws a rate-limited error carrying `waitMs` instead of sleeping.
 * 401 is handled by the transport (one re-auth), not here.
 */
export function decideRetry(input: RetryInput, policy: RetryPolicy, random: () => number): RetryDecision {
  const { outcome } = input;
  let reason: RetryReason;
  let hinted: number | undefined;
  if (outcome.kind === 'response') {
    if (outcome.status < 400) return { retry: false, reason: 'success', waitMs: 0 };
    if (!RETRYABLE_STATUSES.has(outcome.status) && !(policy.extraRetryableStatuses ?? []).includes(outcome.status)) return { retry: false, reason: 'status-not-retryable', waitMs: 0 };
    reason = outcome.status === 429 ? 'rate-limited' : 'server-error';
    hinted = outcome.retryAfterMs ?? (outcome.status === 429 ? outcome.vendorResetMs : undefined);
  } else {
    reason = outcome.error === 'timeout' ? 'timeout' : 'network-error';
  }
  const waitMs = hinted ?? backoffMs(input.attempt, policy, random);
  const isUnsentWrite = outcome.kind === 'network' && outcome.error === 'connect' && policy.shouldRetryWritesOnConnectError === true;
  if (!isRetrySafe(input.method, input.hasIdempotencyKey) && !isUnsentWrite) return { retry: false, reason: 'non-idempotent-request', waitMs };
  if (input.attempt >= policy.maxAttempts) return { retry: false, reason: 'attempts-exhausted', waitMs };
  if (waitMs > policy.maxInlineWaitMs) return { retry: false, reason: 'wait-exceeds-inline-limit', waitMs };
  return { retry: true, reason, waitMs };
}
