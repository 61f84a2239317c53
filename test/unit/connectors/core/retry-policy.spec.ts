import { backoffMs, decideRetry, DEFAULT_RETRY_POLICY, isRetrySafe, parseRetryAfter, type RetryInput } from '@mlc/connectors';

const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxInlineWaitMs: 2_000 };
const half = (): number => 0.5;

describe('decideRetry', () => {
  const cases: Array<[string, RetryInput, { retry: boolean; reason: string; waitMs: number }]> = [
    ['200 is success', { attempt: 1, method: 'GET', hasIdempotencyKey: false, outcome: { kind: 'response', status: 200 } }, { retry: false, reason: 'success', waitMs: 0 }],
    ['404 is not retryable', { attempt: 1, method: 'GET', hasIdempotencyKey: false, outcome: { kind: 'response', status: 404 } }, { retry: false, reason: 'status-not-retryable', waitMs: 0 }],
    ['400 is not retryable', { attempt: 1, method: 'PUT', hasIdempotencyKey: false, outcome: { kind: 'response', status: 400 } }, { retry: false, reason: 'status-not-retryable', waitMs: 0 }],
    ['412 is not retryable', { attempt: 1, method: 'PUT', hasIdempotencyKey: false, outcome: { kind: 'response', status: 412 } }, { retry: false, reason: 'status-not-retryable', waitMs: 0 }],
    ['503 GET retries with jitter', { attempt: 1, method: 'GET', hasIdempotencyKey: false, outcome: { kind: 'response', status: 503 } }, { retry: true, reason: 'server-error', waitMs: 50 }],
    ['500 on attempt 3 uses the 400 ms ceiling', { attempt: 3, method: 'GET', hasIdempotencyKey: false, outcome: { kind: 'response', status: 500 } }, { retry: true, reason: 'server-error', waitMs: 200 }],
    ['503 POST without key is not retried', { attempt: 1, method: 'POST', hasIdempotencyKey: false, outcome: { kind: 'response', status: 503 } }, { retry: false, reason: 'non-idempotent-request', waitMs: 50 }],
    ['503 POST with key is retried', { attempt: 1, method: 'POST', hasIdempotencyKey: true, outcome: { kind: 'response', status: 503 } }, { retry: true, reason: 'server-error', waitMs: 50 }],
    ['reset PATCH without key is not retried', { attempt: 1, method: 'PATCH', hasIdempotencyKey: false, outcome: { kind: 'network', error: 'reset' } }, { retry: false, reason: 'non-idempotent-request', waitMs: 50 }],
    ['timeout GET is retried', { attempt: 2, method: 'GET', hasIdempotencyKey: false, outcome: { kind: 'network', error: 'timeout' } }, { retry: true, reason: 'timeout', waitMs: 100 }],
    ['connect error PUT is retried', { attempt: 1, method: 'PUT', hasIdempotencyKey: false, outcome: { kind: 'network', error: 'connect' } }, { retry: true, reason: 'network-error', waitMs: 50 }],
    ['429 honours Retry-After', { attempt: 1, method: 'GET', hasIdempotencyKey: false, outcome: { kind: 'response', status: 429, retryAfterMs: 1_500 } }, { retry: true, reason: 'rate-limited', waitMs: 1_500 }],
    ['429 falls back to the vendor reset', { attempt: 1, method: 'GET', hasIdempotencyKey: false, outcome: { kind: 'response', status: 429, vendorResetMs: 700 } }, { retry: true, reason: 'rate-limited', waitMs: 700 }],
    ['503 ignores the vendor reset', { attempt: 1, method: 'GET', hasIdempotencyKey: false, outcome: { kind: 'response', status: 503, vendorResetMs: 700 } }, { retry: true, reason: 'server-error', waitMs: 50 }],
    ['long Retry-After is deferred to the caller', { attempt: 1, method: 'GET', hasIdempotencyKey: false, outcome: { kind: 'response', status: 429, retryAfterMs: 60_000 } }, { retry: false, reason: 'wait-exceeds-inline-limit', waitMs: 60_000 }],
    ['last attempt is exhausted', { attempt: 4, method: 'GET', hasIdempotencyKey: false, outcome: { kind: 'response', status: 502 } }, { retry: false, reason: 'attempts-exhausted', waitMs: 400 }],
  ];

  it.each(cases)('should decide correctly when %s', (_name, input, expected) => {
    expect(decideRetry(input, policy, half)).toEqual(expected);
  });
});

describe('backoffMs', () => {
  it('should stay within [0, ceiling) when random spans its range', () => {
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      expect(backoffMs(attempt, policy, () => 0)).toBe(0);
      expect(backoffMs(attempt, policy, () => 0.999_999)).toBe(ceiling - 1);
    }
  });

  it('should cap the ceiling at maxDelayMs when attempts grow', () => {
    expect(backoffMs(30, policy, () => 0.999_999)).toBe(999);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1_500],
    ['Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
  ])('should parse %s when valid', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([[undefined], [''], ['soon'], ['-5'], ['2025-01-01']])('should return undefined when the value is %s', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('isRetrySafe', () => {
  it('should treat GET/PUT/DELETE as safe and POST only with a key', () => {
    expect(['GET', 'PUT', 'DELETE', 'HEAD'].map((m) => isRetrySafe(m, false))).toEqual([true, true, true, true]);
    expect(isRetrySafe('POST', false)).toBe(false);
    expect(isRetrySafe('post', true)).toBe(true);
  });
});
