/**
 * Typed BigQuery errors and their classification.
 *
 * BigQuery answers errors as `{error: {code, message, errors: [{reason, message, location}], status}}` (the
 * discovery doc's `ErrorProto` for each entry; shared/specs/README.md "BigQuery facts"), and a job that ran and
 * failed is `DONE` with `status.errorResult` (an `ErrorProto`) and `status.errors` (discovery doc `JobStatus`).
 * The reasons and what to do about them follow Google's "Troubleshoot errors" table
 * (cloud.google.com/bigquery/docs/error-messages):
 * - retryable: 429; 403 `rateLimitExceeded`/`userRateLimitExceeded`; 403 `quotaExceeded` (with backoff);
 *   `backendError`/`internalError` (500/503); other 5xx; network failures and timeouts.
 * - fatal: 400 `invalid`/`invalidQuery`, 401, 403 `accessDenied`/`billingNotEnabled`, 404 `notFound`,
 *   409 `duplicate` (callers that expect it handle it first).
 *
 * What the libraries throw, and what is read from it:
 * - `@google-cloud/common` `ApiError` (every REST call of `@google-cloud/bigquery`): `code` (HTTP status), `errors[]`
 *   and `response.headers` (for `Retry-After`). Its `response.request.headers` holds the `Authorization: Bearer`
 *   header, so the library error is **never** chained as `cause`: a sanitised copy (name, status, reasons) is.
 * - gaxios `GaxiosError` from the token endpoint (google-auth-library; `instanceof` works across copies, gaxios
 *   defines `Symbol.hasInstance`; its `name` is plain `Error`): `response.status` and the OAuth
 *   `response.data.error` (RFC 6749 §5.2, e.g. `invalid_grant`).
 * - Node/undici/node-fetch network errors: their `code` (`ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`, …).
 * Only `reason`, `message` and `location` of each entry reach `providerMessage` (truncated); headers never do.
 */
import { gaxios } from 'google-auth-library';
import { ConnectorError, networkErrorCode, parseRetryAfter, type ConnectorErrorCode } from '../core';

export const BIGQUERY_SYSTEM = 'bigquery';

/** One entry of an error answer or of `status.errors` (discovery doc `ErrorProto`, `debugInfo` dropped). */
export type BigQueryErrorEntry = { reason: string | undefined; message: string | undefined; location: string | undefined };

/** Reasons retried with backoff (Google "Troubleshoot errors"). */
export const BIGQUERY_RETRYABLE_REASONS: readonly string[] = ['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'backendError', 'internalError', 'jobBackendError', 'jobInternalError'];

/** Reasons that mean "too much, too fast": the wait is what helps. */
export const BIGQUERY_QUOTA_REASONS: readonly string[] = ['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded'];

export type BigQueryApiErrorInit = {
  /** What we were doing, e.g. `datasets.get`, `jobs.insert (load)`. */
  operation: string;
  code: ConnectorErrorCode;
  message: string;
  retryable: boolean;
  status?: number | undefined;
  /** The first entry's `reason` (`rateLimitExceeded`, `notFound`, …), or the OAuth `error` of a token failure. */
  reason?: string | undefined;
  jobId?: string | undefined;
  errors?: readonly BigQueryErrorEntry[] | undefined;
  retryAfterMs?: number | undefined;
  providerMessage?: string | undefined;
  cause?: unknown;
};

/** Any failed BigQuery call (HTTP status, network, token endpoint), classified. */
export class BigQueryApiError extends ConnectorError {
  readonly operation: string;
  readonly reason: string | undefined;
  readonly jobId: string | undefined;
  readonly errors: readonly BigQueryErrorEntry[];
  /** `Retry-After` of the answer, in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(init: BigQueryApiErrorInit) {
    super({ system: BIGQUERY_SYSTEM, code: init.code, message: init.message, retryable: init.retryable, status: init.status, providerMessage: init.providerMessage, cause: init.cause });
    this.operation = init.operation;
    this.reason = init.reason;
    this.jobId = init.jobId;
    this.errors = init.errors ?? [];
    this.retryAfterMs = init.retryAfterMs;
  }

  /** True for quota and rate-limit answers (403 `rateLimitExceeded`/`quotaExceeded`, 429). */
  get isQuota(): boolean {
    return this.status === 429 || (this.reason !== undefined && BIGQUERY_QUOTA_REASONS.includes(this.reason));
  }
}

/**
 * A job that ran and ended `DONE` with `status.errorResult`. `errors` are the job's `status.errors`. `retryable`
 * means a **new** job may succeed (`backendError`…); re-sending the same job id only finds this failed job again.
 */
export class BigQueryJobFailedError extends BigQueryApiError {
  constructor(init: { jobId: string; operation: string; errorResult: BigQueryErrorEntry; errors: readonly BigQueryErrorEntry[] }) {
    const reason = init.errorResult.reason;
    const shown = describeEntries([init.errorResult, ...init.errors.filter((e) => e.message !== init.errorResult.message)]);
    super({
      operation: init.operation,
      code: reason === 'invalid' || reason === 'invalidQuery' ? 'validation_failed' : reason === 'accessDenied' ? 'forbidden' : reason !== undefined && BIGQUERY_QUOTA_REASONS.includes(reason) ? 'rate_limited' : 'unexpected_status',
      message: `BigQuery job ${init.jobId} failed${shown ? `: ${shown}` : ''}`,
      retryable: reason !== undefined && BIGQUERY_RETRYABLE_REASONS.includes(reason),
      reason,
      jobId: init.jobId,
      errors: [init.errorResult, ...init.errors],
      providerMessage: shown,
    });
  }
}

/** Context of a classification. */
export type BigQueryErrorContext = { operation: string; jobId?: string | undefined; nowMs?: number | undefined };

/**
 * Turns whatever a BigQuery/auth library call threw into a `BigQueryApiError` (connector errors pass through).
 * Network codes and timeouts are retryable; HTTP answers are classified by status and reason (see the file header).
 */
export function toBigQueryError(e: unknown, ctx: BigQueryErrorContext): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const tokenFailure = readTokenFailure(e);
  if (tokenFailure) return tokenFailure(ctx);
  const api = readApiError(e);
  const nowMs = ctx.nowMs ?? Date.now();
  if (api) {
    const reason = api.errors.find((x) => x.reason !== undefined)?.reason;
    const shown = describeEntries(api.errors) ?? api.message;
    const retryAfterMs = parseRetryAfter(api.retryAfter, nowMs);
    const base = { operation: ctx.operation, status: api.status, reason, jobId: ctx.jobId, errors: api.errors, retryAfterMs, providerMessage: shown, cause: sanitisedCause(e, api.status, reason) };
    const what = `${ctx.operation} answered ${api.status}${reason ? ` ${reason}` : ''}${shown ? `: ${truncate(shown)}` : ''}`;
    return new BigQueryApiError({ ...base, message: what, ...statusClass(api.status, reason) });
  }
  const net = networkErrorCode(e);
  const isTimeout = net === 'ETIMEDOUT' || net === 'ESOCKETTIMEDOUT' || net === 'UND_ERR_CONNECT_TIMEOUT' || net === 'UND_ERR_HEADERS_TIMEOUT' || (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'));
  const isNetwork = isTimeout || (net !== undefined && (NETWORK_CODES.includes(net) || net.startsWith('UND_ERR_'))) || (e instanceof Error && /socket hang up|network|fetch failed/i.test(e.message));
  if (isNetwork) {
    return new BigQueryApiError({ operation: ctx.operation, code: isTimeout ? 'timeout' : 'network', retryable: true, reason: net, jobId: ctx.jobId, message: `${ctx.operation} failed: ${isTimeout ? 'timed out' : `network error (${net ?? 'connection lost'})`}`, cause: sanitisedCause(e, undefined, net) });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new BigQueryApiError({ operation: ctx.operation, code: 'unexpected_status', retryable: false, jobId: ctx.jobId, message: `${ctx.operation} failed: ${truncate(redactBearer(message))}`, cause: sanitisedCause(e, undefined, undefined) });
}

/** Socket-level codes (Node, undici, node-fetch); file-system codes such as ENOENT are not among them. */
const NETWORK_CODES: readonly string[] = ['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN'];

function statusClass(status: number, reason: string | undefined): { code: ConnectorErrorCode; retryable: boolean } {
  if (status === 429 || (reason !== undefined && BIGQUERY_QUOTA_REASONS.includes(reason))) return { code: 'rate_limited', retryable: true };
  if (status >= 500 || reason === 'backendError' || reason === 'internalError') return { code: 'server_error', retryable: true };
  if (status === 408) return { code: 'timeout', retryable: true };
  if (status === 400) return { code: 'validation_failed', retryable: false };
  if (status === 401) return { code: 'auth_failed', retryable: false };
  if (status === 403) return { code: 'forbidden', retryable: false };
  if (status === 404) return { code: 'not_found', retryable: false };
  if (status === 409) return { code: 'conflict', retryable: false };
  return { code: 'unexpected_status', retryable: false };
}

type ApiErrorView = { status: number; errors: BigQueryErrorEntry[]; message: string | undefined; retryAfter: string | undefined };

/** Duck-typed view of `@google-cloud/common` ApiError (`code` = HTTP status, `errors[]`, `response.headers`). */
function readApiError(e: unknown): ApiErrorView | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const rec = e as { code?: unknown; errors?: unknown; message?: unknown; response?: unknown };
  if (typeof rec.code !== 'number' || rec.code < 400 || rec.code > 599) return undefined;
  const errors = Array.isArray(rec.errors) ? rec.errors.map(toEntry) : [];
  const response = rec.response as { headers?: unknown } | undefined;
  const headers = typeof response?.headers === 'object' && response.headers !== null ? (response.headers as Record<string, unknown>) : {};
  const ra = headers['retry-after'] ?? headers['Retry-After'];
  return { status: rec.code, errors, message: errors.length === 0 && typeof rec.message === 'string' ? firstLine(rec.message) : undefined, retryAfter: typeof ra === 'string' ? ra : undefined };
}

/** A gaxios error of the token endpoint: `response.status` and the OAuth `error` (RFC 6749 §5.2). */
function readTokenFailure(e: unknown): ((ctx: BigQueryErrorContext) => BigQueryApiError) | undefined {
  if (!(e instanceof gaxios.GaxiosError) && !(e instanceof Error && e.name === 'GaxiosError')) return undefined;
  const g = e as Error & { status?: unknown; response?: { status?: unknown; data?: unknown; headers?: unknown } };
  const status = typeof g.response?.status === 'number' ? g.response.status : typeof g.status === 'number' ? g.status : undefined;
  if (status === undefined) return undefined; // no answer: a network error, classified by its code below
  const data = (typeof g.response?.data === 'object' && g.response.data !== null ? g.response.data : {}) as { error?: unknown; error_description?: unknown };
  const oauth = typeof data.error === 'string' ? data.error : undefined;
  const description = typeof data.error_description === 'string' ? truncate(data.error_description, 200) : undefined;
  return (ctx) => {
    const isTransient = status >= 500 || status === 429;
    return new BigQueryApiError({
      operation: `${ctx.operation} (token request)`,
      code: isTransient ? (status === 429 ? 'rate_limited' : 'server_error') : 'auth_failed',
      retryable: isTransient,
      status,
      reason: oauth,
      jobId: ctx.jobId,
      providerMessage: description,
      message: isTransient ? `the token endpoint answered ${status}` : `the token endpoint refused the service-account key (${oauth ?? `status ${status}`})`,
      cause: sanitisedCause(e, status, oauth),
    });
  };
}

function toEntry(x: unknown): BigQueryErrorEntry {
  const r = (typeof x === 'object' && x !== null ? x : {}) as { reason?: unknown; message?: unknown; location?: unknown };
  return { reason: typeof r.reason === 'string' ? r.reason : undefined, message: typeof r.message === 'string' ? r.message : undefined, location: typeof r.location === 'string' ? r.location : undefined };
}

/** Reads a job's `status` (discovery doc `JobStatus`). */
export function readJobStatusErrors(status: unknown): { errorResult: BigQueryErrorEntry | undefined; errors: BigQueryErrorEntry[] } {
  const s = (typeof status === 'object' && status !== null ? status : {}) as { errorResult?: unknown; errors?: unknown };
  return { errorResult: s.errorResult === undefined || s.errorResult === null ? undefined : toEntry(s.errorResult), errors: Array.isArray(s.errors) ? s.errors.map(toEntry) : [] };
}

/** `reason: message` of each entry, de-duplicated and joined; undefined when there is nothing to say. */
export function describeEntries(entries: readonly BigQueryErrorEntry[]): string | undefined {
  const parts = [...new Set(entries.map((e) => [e.reason, e.message].filter((p) => p !== undefined).join(': ')).filter((p) => p !== ''))];
  return parts.length > 0 ? truncate(parts.join('; ')) : undefined;
}

/** A stand-in for the library error that keeps what explains it and nothing that authorised it. */
function sanitisedCause(e: unknown, status: number | undefined, reason: string | undefined): Error {
  const name = e instanceof Error ? e.name : typeof e;
  const out = new Error(`${name}${status !== undefined ? ` ${status}` : ''}${reason !== undefined ? ` ${reason}` : ''}`);
  out.name = name;
  const code = networkErrorCode(e);
  if (code !== undefined) Object.assign(out, { code });
  return out;
}

function redactBearer(s: string): string {
  return s.replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[REDACTED]').replace(/-----BEGIN[\s\S]*?-----END[^-]*-----/g, '[REDACTED KEY]');
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function truncate(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
