import {
  BigQueryApiError,
  BigQueryJobFailedError,
  BigQueryRetrier,
  ConnectorRateLimitedError,
  decideBigQueryRetry,
  DEFAULT_BIGQUERY_RETRY_POLICY,
  toBigQueryError,
} from '@mlc/connectors';
import { manualClock } from '../../../support/manual-clock';

/** What `@google-cloud/common` ApiError looks like: `code` = status, `errors[]`, and the response (with the request's headers). */
function apiError(status: number, reason?: string, headers: Record<string, string> = {}): Error {
  const e = new Error(`${reason ?? 'error'} message`);
  Object.assign(e, {
    code: status,
    errors: reason === undefined ? [] : [{ reason, message: `${reason} happened` }],
    response: { statusCode: status, headers, request: { headers: { Authorization: 'Bearer ya29.super-secret-token' } } },
  });
  return e;
}

function gaxiosError(status: number, data: unknown): Error {
  const e = new Error('token failure');
  e.name = 'GaxiosError';
  Object.assign(e, { status, response: { status, data, headers: {} }, config: { data: 'assertion=eyJ.secret.jwt' } });
  return e;
}

function netError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

const classify = (e: unknown): BigQueryApiError => toBigQueryError(e, { operation: 'test', nowMs: 0 }) as BigQueryApiError;
const half = (): number => 0.5;

describe(decideBigQueryRetry.name, () => {
  it.each([
    ['403 rateLimitExceeded', apiError(403, 'rateLimitExceeded'), true, 'rate-limited', 'rate_limited'],
    ['403 quotaExceeded', apiError(403, 'quotaExceeded'), true, 'quota-exceeded', 'rate_limited'],
    ['429 without reason', apiError(429), true, 'rate-limited', 'rate_limited'],
    ['500 backendError', apiError(500, 'backendError'), true, 'backend-error', 'server_error'],
    ['503 backendError', apiError(503, 'backendError'), true, 'backend-error', 'server_error'],
    ['502 without reason', apiError(502), true, 'server-error', 'server_error'],
    ['ECONNRESET', netError('ECONNRESET'), true, 'network-error', 'network'],
    ['ETIMEDOUT', netError('ETIMEDOUT'), true, 'timeout', 'timeout'],
    ['token endpoint 503', gaxiosError(503, {}), true, 'server-error', 'server_error'],
    ['400 invalid', apiError(400, 'invalid'), false, 'not-retryable', 'validation_failed'],
    ['400 invalidQuery', apiError(400, 'invalidQuery'), false, 'not-retryable', 'validation_failed'],
    ['401 authError', apiError(401, 'authError'), false, 'not-retryable', 'auth_failed'],
    ['403 accessDenied', apiError(403, 'accessDenied'), false, 'not-retryable', 'forbidden'],
    ['404 notFound', apiError(404, 'notFound'), false, 'not-retryable', 'not_found'],
    ['409 duplicate', apiError(409, 'duplicate'), false, 'not-retryable', 'conflict'],
    ['token endpoint invalid_grant', gaxiosError(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }), false, 'not-retryable', 'auth_failed'],
    ['ENOENT (a missing file, not the network)', netError('ENOENT'), false, 'not-retryable', 'unexpected_status'],
  ])('should classify %s', (_name, thrownError, retry, reason, code) => {
    const error = classify(thrownError);
    expect(error).toBeInstanceOf(BigQueryApiError);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retry);
    expect(decideBigQueryRetry({ error, attempt: 1 }, DEFAULT_BIGQUERY_RETRY_POLICY, half)).toMatchObject({ retry, reason });
  });

  it('should keep the status, the reason and the job id', () => {
    const e = toBigQueryError(apiError(403, 'quotaExceeded'), { operation: 'jobs.insert (load)', jobId: 'mlc_1' }) as BigQueryApiError;
    expect(e).toMatchObject({ status: 403, reason: 'quotaExceeded', jobId: 'mlc_1', operation: 'jobs.insert (load)', isQuota: true });
    expect(e.errors).toEqual([{ reason: 'quotaExceeded', message: 'quotaExceeded happened', location: undefined }]);
  });

  it('should never carry the bearer token or the assertion of the library error', () => {
    for (const raw of [apiError(500, 'backendError'), gaxiosError(400, { error: 'invalid_grant' })]) {
      const e = classify(raw);
      const seen = [e.message, JSON.stringify(e), String(e.cause), JSON.stringify(e.cause)].join(' ');
      expect(seen).not.toContain('super-secret');
      expect(seen).not.toContain('eyJ.secret');
      expect((e.cause as { response?: unknown }).response).toBeUndefined();
    }
  });

  it('should back off exponentially with jitter, capped at maxDelayMs', () => {
    const policy = { ...DEFAULT_BIGQUERY_RETRY_POLICY, maxAttempts: 20, maxInlineWaitMs: 1e9 };
    const error = classify(apiError(503, 'backendError'));
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => decideBigQueryRetry({ error, attempt }, policy, () => 0.999).waitMs);
    expect(waits).toEqual([999, 1998, 3996, 7992, 15984, 31968, 31968, 31968]);
    expect(decideBigQueryRetry({ error, attempt: 3 }, policy, () => 0).waitMs).toBe(0);
  });

  it('should honour Retry-After (delay-seconds and HTTP-date)', () => {
    const seconds = classify(apiError(429, undefined, { 'retry-after': '3' }));
    expect(decideBigQueryRetry({ error: seconds, attempt: 1 }, DEFAULT_BIGQUERY_RETRY_POLICY, half)).toEqual({ retry: true, reason: 'rate-limited', waitMs: 3000 });
    const date = toBigQueryError(apiError(503, 'backendError', { 'retry-after': new Date(7000).toUTCString() }), { operation: 't', nowMs: 1000 }) as BigQueryApiError;
    expect(date.retryAfterMs).toBe(6000);
  });

  it('should stop when attempts are used up and when the wait is too long to sleep inline', () => {
    const error = classify(apiError(403, 'rateLimitExceeded'));
    expect(decideBigQueryRetry({ error, attempt: 5 }, DEFAULT_BIGQUERY_RETRY_POLICY, half)).toMatchObject({ retry: false, reason: 'attempts-exhausted' });
    const long = classify(apiError(429, undefined, { 'retry-after': '60' }));
    expect(decideBigQueryRetry({ error: long, attempt: 1 }, DEFAULT_BIGQUERY_RETRY_POLICY, half)).toEqual({ retry: false, reason: 'wait-exceeds-inline-limit', waitMs: 60_000 });
  });

  it('should never retry a failed job (the same job id would find the same failure)', () => {
    const error = new BigQueryJobFailedError({ jobId: 'j', operation: 'load', errorResult: { reason: 'backendError', message: 'x', location: undefined }, errors: [] });
    expect(error.retryable).toBe(true);
    expect(decideBigQueryRetry({ error, attempt: 1 })).toMatchObject({ retry: false, reason: 'not-retryable' });
  });
});

describe(BigQueryRetrier.name, () => {
  const sut = (policy = {}): { retrier: BigQueryRetrier; clock: ReturnType<typeof manualClock>; logs: { obj: Record<string, unknown>; msg: string }[] } => {
    const clock = manualClock(1_000_000);
    const logs: { obj: Record<string, unknown>; msg: string }[] = [];
    const push = (obj: Record<string, unknown>, msg: string): void => void logs.push({ obj, msg });
    const retrier = new BigQueryRetrier({ policy, clock, random: half, logger: { debug: push, info: push, warn: push, error: push } });
    return { retrier, clock, logs };
  };

  it('should retry a quota error with backoff and return the result when it succeeds', async () => {
    const { retrier, clock, logs } = sut();
    const fn = jest.fn<Promise<string>, []>().mockRejectedValueOnce(apiError(403, 'quotaExceeded')).mockRejectedValueOnce(apiError(503, 'backendError')).mockResolvedValue('ok');
    await expect(retrier.run('jobs.insert (load)', fn, { jobId: 'mlc_7' })).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(logs.map((l) => [l.msg, l.obj['reason'], l.obj['jobId']])).toEqual([
      ['bigquery call retried', 'quota-exceeded', 'mlc_7'],
      ['bigquery call retried', 'backend-error', 'mlc_7'],
    ]);
    expect(JSON.stringify(logs)).not.toContain('super-secret');
  });

  it('should throw a fatal error at once', async () => {
    const { retrier, clock } = sut();
    const fn = jest.fn<Promise<string>, []>().mockRejectedValue(apiError(403, 'accessDenied'));
    await expect(retrier.run('tables.get', fn)).rejects.toMatchObject({ name: 'BigQueryApiError', status: 403, reason: 'accessDenied', retryable: false });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('should hand a long wait to the caller as ConnectorRateLimitedError with waitMs', async () => {
    const { retrier } = sut();
    const e = await retrier.run('jobs.insert', () => Promise.reject(apiError(429, 'rateLimitExceeded', { 'retry-after': '120' }))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectorRateLimitedError);
    expect((e as ConnectorRateLimitedError).waitMs).toBe(120_000);
    expect((e as Error).cause).toBeInstanceOf(BigQueryApiError);
  });

  it('should give up after maxAttempts with the last error', async () => {
    const { retrier, clock } = sut({ maxAttempts: 3 });
    const fn = jest.fn<Promise<string>, []>().mockRejectedValue(apiError(500, 'backendError'));
    await expect(retrier.run('jobs.get', fn)).rejects.toMatchObject({ status: 500, retryable: true });
    expect(fn).toHaveBeenCalledTimes(3);
    expect(clock.sleeps).toHaveLength(2);
  });
});
