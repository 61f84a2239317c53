/**
 * Our one retry policy for BigQuery calls (the client library's own retry is switched off, see bigquery-client.ts).
 *
 * Google's advice: retry `rateLimitExceeded`, `quotaExceeded`, `backendError`, 5xx and 429 with truncated
 * exponential backoff and jitter ("Troubleshoot errors", cloud.google.com/bigquery/docs/error-messages; "Retry
 * strategy", cloud.google.com/storage/docs/retry-strategy). The decision is pure and loggable
 * (`{retry, reason, waitMs}`, the Nango shape): `Retry-After` when the answer has one (RFC 9110 §10.2.3),
 * else full-jitter backoff from core `backoffMs` (ceiling `baseDelayMs · 2^(attempt-1)`, capped at `maxDelayMs`).
 * A wait above `maxInlineWaitMs` is not slept: `BigQueryRetrier` throws `ConnectorRateLimitedError` with `waitMs`,
 * so a worker re-delays its job instead of holding a slot.
 *
 * A 401 (token refused, e.g. revoked or expired early) drops the cached token and repeats the call once, at once
 * (style.md: one re-auth, one retry); a second 401 is fatal.
 *
 * Every operation wrapped here is safe to repeat: reads, creates that answer 409 when they happened already
 * (datasets, tables), and job inserts with a caller-chosen job id (409 → the existing job is used).
 */
import { backoffMs, ConnectorError, ConnectorRateLimitedError, NOOP_LOGGER, SYSTEM_CLOCK, type Clock, type ConnectorLogger } from '../core';
import { BIGQUERY_QUOTA_REASONS, BIGQUERY_SYSTEM, BigQueryApiError, toBigQueryError } from './bigquery-errors';

/** Tunables, in milliseconds. */
export type BigQueryRetryPolicy = {
  /** Total attempts including the first (default 5). */
  maxAttempts: number;
  /** First backoff ceiling (default 1 000 ms), doubled per attempt. */
  baseDelayMs: number;
  /** Cap of the ceiling (default 32 000 ms, Google's suggested maximum backoff). */
  maxDelayMs: number;
  /** Longer waits are handed to the caller as `ConnectorRateLimitedError` (default 10 000 ms). */
  maxInlineWaitMs: number;
};

export const DEFAULT_BIGQUERY_RETRY_POLICY: BigQueryRetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 32_000, maxInlineWaitMs: 10_000 };

export type BigQueryRetryReason =
  | 'rate-limited'
  | 'quota-exceeded'
  | 'backend-error'
  | 'server-error'
  | 'network-error'
  | 'timeout'
  | 'not-retryable'
  | 'attempts-exhausted'
  | 'wait-exceeds-inline-limit';

/** The verdict, loggable as is: `{ retry: true, reason: 'quota-exceeded', waitMs: 740 }`. */
export type BigQueryRetryDecision = { retry: boolean; reason: BigQueryRetryReason; waitMs: number };

/** Why an error is worth another attempt, or `not-retryable`. */
export function bigQueryRetryReason(error: ConnectorError): BigQueryRetryReason {
  if (!error.retryable) return 'not-retryable';
  const reason = error instanceof BigQueryApiError ? error.reason : undefined;
  if (reason === 'quotaExceeded') return 'quota-exceeded';
  if (error.status === 429 || (reason !== undefined && BIGQUERY_QUOTA_REASONS.includes(reason))) return 'rate-limited';
  if (reason === 'backendError' || reason === 'internalError') return 'backend-error';
  if (error.code === 'timeout') return 'timeout';
  if (error.code === 'network') return 'network-error';
  return 'server-error';
}

/**
 * Decides whether attempt `attempt` (1-based, the one that just failed with `error`) gets another try, and when.
 * Job failures (`BigQueryJobFailedError`) are never retried here: the same job id would only find the failed job.
 */
export function decideBigQueryRetry(input: { error: ConnectorError; attempt: number }, policy: BigQueryRetryPolicy = DEFAULT_BIGQUERY_RETRY_POLICY, random: () => number = Math.random): BigQueryRetryDecision {
  const { error, attempt } = input;
  const reason = error.name === 'BigQueryJobFailedError' ? 'not-retryable' : bigQueryRetryReason(error);
  if (reason === 'not-retryable') return { retry: false, reason, waitMs: 0 };
  const hinted = error instanceof BigQueryApiError ? error.retryAfterMs : undefined;
  const waitMs = hinted ?? backoffMs(attempt, policy, random);
  if (attempt >= policy.maxAttempts) return { retry: false, reason: 'attempts-exhausted', waitMs };
  if (waitMs > policy.maxInlineWaitMs) return { retry: false, reason: 'wait-exceeds-inline-limit', waitMs };
  return { retry: true, reason, waitMs };
}

export type BigQueryRetrierOptions = {
  policy?: Partial<BigQueryRetryPolicy> | undefined;
  logger?: ConnectorLogger | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
  /** Called on a 401 (the API refused the token): drop the cached token; the call is then retried once at once. */
  onUnauthorized?: (() => void) | undefined;
};

/** Applies the policy to an operation: classify, decide, log, sleep on the injected clock, repeat. */
export class BigQueryRetrier {
  readonly policy: BigQueryRetryPolicy;
  private readonly logger: ConnectorLogger;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly onUnauthorized: (() => void) | undefined;
  /** Retries slept so far (diagnostics and tests). */
  retries = 0;

  constructor(options: BigQueryRetrierOptions = {}) {
    this.policy = { ...DEFAULT_BIGQUERY_RETRY_POLICY, ...options.policy };
    this.logger = options.logger ?? NOOP_LOGGER;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.random = options.random ?? Math.random;
    this.onUnauthorized = options.onUnauthorized;
  }

  /**
   * Runs `fn` until it succeeds or the policy gives up.
   * @throws BigQueryApiError (or the connector error `fn` threw) when the error is fatal or attempts are exhausted
   * @throws ConnectorRateLimitedError carrying `waitMs` (and the BigQuery error as `cause`) when the wait is too long
   *   to sleep inline
   */
  async run<T>(operation: string, fn: () => Promise<T>, ctx: { jobId?: string | undefined } = {}): Promise<T> {
    let hasReauthed = false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await fn();
      } catch (e: unknown) {
        const error = toBigQueryError(e, { operation, jobId: ctx.jobId, nowMs: this.clock.now() });
        if (error.status === 401 && this.onUnauthorized && !hasReauthed) {
          hasReauthed = true;
          this.onUnauthorized();
          this.logger.info({ system: BIGQUERY_SYSTEM, operation, jobId: ctx.jobId }, 'bigquery token refused, re-authenticating');
          attempt -= 1;
          continue;
        }
        const decision = decideBigQueryRetry({ error, attempt }, this.policy, this.random);
        const fields = { system: BIGQUERY_SYSTEM, operation, jobId: ctx.jobId, attempt, status: error.status, errorCode: error.code, reason: decision.reason, waitMs: decision.waitMs };
        if (decision.retry) {
          this.logger.warn(fields, 'bigquery call retried');
          this.retries += 1;
          await this.clock.sleep(decision.waitMs);
          continue;
        }
        if (decision.reason === 'wait-exceeds-inline-limit') {
          this.logger.warn(fields, 'bigquery call deferred');
          throw new ConnectorRateLimitedError({ system: BIGQUERY_SYSTEM, status: error.status, providerMessage: error.providerMessage, waitMs: decision.waitMs, message: `${operation}: BigQuery asks to wait ${Math.ceil(decision.waitMs / 1000)} s (${error.message})`, cause: error });
        }
        if (decision.reason === 'attempts-exhausted') this.logger.warn(fields, 'bigquery call gave up');
        throw error;
      }
    }
  }
}
