/**
 * Google API error bodies as BigQuery answers them: `{error: {code, message, errors: [ErrorProto + domain], status}}`.
 * `errors[]` items are the discovery doc's `ErrorProto` (`reason`, `message`, `location`) plus `domain: 'global'`;
 * `status` is the google.rpc code name of the HTTP status (cloud.google.com/bigquery/docs/error-messages lists the
 * reasons: invalid, invalidQuery, notFound, duplicate, rateLimitExceeded, quotaExceeded, backendError, …).
 */
import { SandboxHttpError, type FaultBodyHook } from '../core';

/** google.rpc.Code names by HTTP status, as Google's JSON error envelope carries them. */
const RPC_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** One `ErrorProto` (discovery doc `schemas.ErrorProto`). */
export type ErrorProto = { reason: string; message: string; location?: string };

/** The error envelope BigQuery answers with for HTTP status `code`. */
export function bqErrorBody(code: number, reason: string, message: string, extra: Record<string, string> = {}): { error: Record<string, unknown> } {
  return { error: { code, message, errors: [{ message, domain: 'global', reason, ...extra }], status: RPC_STATUS[code] ?? 'UNKNOWN' } };
}

/** Throwable form of `bqErrorBody` (the core turns it into the answer). */
export function bqError(code: number, reason: string, message: string, extra: Record<string, string> = {}): SandboxHttpError {
  return new SandboxHttpError(code, bqErrorBody(code, reason, message, extra));
}

export const invalid = (message: string): SandboxHttpError => bqError(400, 'invalid', message);
export const invalidQuery = (message: string): SandboxHttpError => bqError(400, 'invalidQuery', message);
export const notFound = (what: string): SandboxHttpError => bqError(404, 'notFound', `Not found: ${what}`);
export const duplicate = (what: string): SandboxHttpError => bqError(409, 'duplicate', `Already Exists: ${what}`);

/** A statement/load failure carried to the job's `status.errorResult` instead of an HTTP error. */
export class JobFailure extends Error {
  constructor(
    readonly errorResult: ErrorProto,
    readonly errors: ErrorProto[] = [errorResult],
    readonly httpCode = 400,
  ) {
    super(errorResult.message);
    this.name = 'JobFailure';
  }
}

/** Turns a thrown `SandboxHttpError` with a BigQuery body into a job failure (same reason and message). */
export function toJobFailure(err: unknown): JobFailure | undefined {
  if (err instanceof JobFailure) return err;
  if (!(err instanceof SandboxHttpError)) return undefined;
  const body = err.body as { error?: { errors?: Array<{ reason?: string; message?: string }> } } | undefined;
  const first = body?.error?.errors?.[0];
  return new JobFailure({ reason: first?.reason ?? 'invalid', message: first?.message ?? 'error' }, undefined, err.status);
}

/** Quota reasons an injected `validation-error` fault can name in its `field` (README § Faults). */
export const QUOTA_FAULT_REASONS = ['rateLimitExceeded', 'quotaExceeded'] as const;
export type QuotaFaultReason = (typeof QUOTA_FAULT_REASONS)[number];

const QUOTA_MESSAGES: Record<QuotaFaultReason, string> = {
  rateLimitExceeded: 'Exceeded rate limits: too many api requests per user per method for this user_method. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas (injected)',
  quotaExceeded: 'Quota exceeded: Your project exceeded quota for free query bytes scanned. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas (injected)',
};

/**
 * Bodies of injected status faults (core `FaultBodyHook`) in BigQuery's shape. The core has no 403 fault kind, so
 * `validation-error` with `field: 'rateLimitExceeded' | 'quotaExceeded'` answers 403 with that reason (BigQuery's
 * quota errors); any other `field` answers 400 `invalid` naming it. 429 is `rateLimitExceeded` /
 * RESOURCE_EXHAUSTED, 5xx `backendError`, 401 `authError`, 409 `duplicate`, 412 `conditionNotMet`, 504 `timeout`.
 */
export const bigQueryFaultBody: FaultBodyHook = (kind, status, { rule }) => {
  switch (kind) {
    case 'validation-error': {
      const field = rule.field;
      if (field === 'rateLimitExceeded' || field === 'quotaExceeded') return new SandboxHttpError(403, bqErrorBody(403, field, QUOTA_MESSAGES[field]));
      return bqErrorBody(400, 'invalid', `Invalid value (injected)${field ? ` for field: ${field}` : ''}`);
    }
    case 'http-429':
      return bqErrorBody(429, 'rateLimitExceeded', 'Exceeded rate limits: too many concurrent queries for this project_and_region (injected)');
    case 'http-401':
      return bqErrorBody(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. (injected)', { location: 'Authorization', locationType: 'header' });
    case 'http-409':
      return bqErrorBody(409, 'duplicate', 'Already Exists (injected)');
    case 'http-412':
      return bqErrorBody(412, 'conditionNotMet', 'Precondition check failed (injected)');
    case 'http-501':
      return bqErrorBody(501, 'notImplemented', 'Not implemented (injected)');
    case 'timeout':
      return bqErrorBody(504, 'timeout', 'Deadline exceeded (injected)');
    default:
      return bqErrorBody(status, 'backendError', status === 503 ? 'Service is unavailable, retry later (injected)' : 'Backend error. Job aborted (injected)');
  }
};
