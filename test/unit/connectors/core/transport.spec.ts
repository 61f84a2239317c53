import { z } from 'zod';
import {
  ConnectorAuthError,
  ConnectorRateLimitedError,
  ConnectorSchemaMismatchError,
  ConnectorTransientError,
  HeaderTokenProvider,
  HttpTransport,
  InMemoryBudget,
  OAuth2ClientCredentialsProvider,
  type Clock,
  type ConnectorLogger,
  type HttpTransportOptions,
} from '@mlc/connectors';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';

const OK = z.object({ ok: z.boolean() });

/** A clock whose sleeps resolve at once and are recorded. */
function fakeClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}

function captureLogger(): ConnectorLogger & { lines: string[] } {
  const lines: string[] = [];
  const push = (obj: Record<string, unknown>, msg: string): void => void lines.push(`${msg} ${JSON.stringify(obj)}`);
  return { lines, debug: push, info: push, warn: push, error: push };
}

describe(HttpTransport.name, () => {
  let server: CountingServer;
  let clock: ReturnType<typeof fakeClock>;
  const make = (extra: Partial<HttpTransportOptions> = {}): HttpTransport =>
    new HttpTransport({ system: 'test', baseUrl: server.url, auth: new HeaderTokenProvider('x-auth-token', 'tok-SECRET-1'), clock, random: () => 0.5, retry: { baseDelayMs: 100 }, ...extra });

  beforeEach(async () => {
    server = await startCountingServer();
    clock = fakeClock();
  });
  afterEach(async () => server.close());

  it('should retry once and succeed when the server answers 503 then 200', async () => {
    server.route('GET', '/things', [{ status: 503 }, { status: 200, body: { ok: true } }]);
    const res = await make().request({ method: 'GET', path: '/things', schema: OK });
    expect(res.body).toEqual({ ok: true });
    expect(server.count('GET', '/things')).toBe(2);
    expect(clock.sleeps).toEqual([50]);
  });

  it('should cut off an answer larger than the cap and fail once, without retrying or keeping it', async () => {
    const big = { ok: true, filler: 'x'.repeat(64 * 1024) };
    server.route('GET', '/things', [{ status: 200, body: big }, { status: 200, body: big }]);
    const err = await make({ maxResponseBytes: 16 * 1024 }).request({ method: 'GET', path: '/things', schema: OK }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'response_too_large', retryable: false });
    expect(String((err as Error).message)).toMatch(/more than 16384 bytes/);
    expect(server.count('GET', '/things')).toBe(1);
    // Under the cap the same answer reads as always.
    const ok = await make({ maxResponseBytes: 1024 * 1024 }).request({ method: 'GET', path: '/things', schema: OK });
    expect(ok.body.ok).toBe(true);
  });

  it('should send auth, default headers and query when a request goes out', async () => {
    server.route('GET', '/things', [{ status: 200, body: { ok: true }, headers: { etag: '"e1"', 'x-request-id': 'r-9' } }]);
    const res = await make({ defaultHeaders: { 'ipp-company-id': '42' } }).request({ method: 'GET', path: '/things', query: { a: 1, b: undefined, c: 'x y' }, schema: OK });
    const req = server.requests[0];
    expect(req?.headers['x-auth-token']).toBe('tok-SECRET-1');
    expect(req?.headers['ipp-company-id']).toBe('42');
    expect(req?.query.toString()).toBe('a=1&c=x+y');
    expect(res.etag).toBe('"e1"');
    expect(res.requestId).toBe('r-9');
  });

  it('should not retry when a POST without idempotency key gets 503', async () => {
    server.route('POST', '/things', [{ status: 503 }, { status: 201, body: { ok: true } }]);
    await expect(make().request({ method: 'POST', path: '/things', body: { a: 1 }, schema: OK })).rejects.toBeInstanceOf(ConnectorTransientError);
    expect(server.count('POST', '/things')).toBe(1);
  });

  it('should retry and send the key when a POST with idempotency key gets 503', async () => {
    server.route('POST', '/things', [{ status: 503 }, { status: 201, body: { ok: true } }]);
    const res = await make({ idempotencyKeyHeader: 'Idempotency-Key' }).request({ method: 'POST', path: '/things', body: { a: 1 }, idempotencyKey: 'k-1', schema: OK });
    expect(res.status).toBe(201);
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['k-1', 'k-1']);
    expect(server.requests[1]?.json).toEqual({ a: 1 });
  });

  it('should wait Retry-After and retry when the server answers 429', async () => {
    server.route('GET', '/things', [{ status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: { ok: true } }]);
    await make().request({ method: 'GET', path: '/things', schema: OK });
    expect(clock.sleeps).toEqual([1000]);
    expect(server.count('GET', '/things')).toBe(2);
  });

  it('should throw rate-limited with waitMs instead of sleeping when Retry-After is long', async () => {
    server.route('GET', '/things', [{ status: 429, headers: { 'retry-after': '120' } }]);
    const err: unknown = await make().request({ method: 'GET', path: '/things', schema: OK }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorRateLimitedError);
    expect((err as ConnectorRateLimitedError).waitMs).toBe(120_000);
    expect(clock.sleeps).toEqual([]);
    expect(server.count('GET', '/things')).toBe(1);
  });

  it('should give up with a transient error when 503 persists past maxAttempts', async () => {
    server.route('GET', '/things', [{ status: 503 }]);
    const err: unknown = await make({ retry: { maxAttempts: 3, baseDelayMs: 100 } }).request({ method: 'GET', path: '/things', schema: OK }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorTransientError);
    expect(server.count('GET', '/things')).toBe(3);
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('should time out and retry when the server holds the answer', async () => {
    server.route('GET', '/slow', [{ status: 200, body: { ok: true }, delayMs: 5_000 }, { status: 200, body: { ok: true } }]);
    const res = await make({ timeoutMs: 100 }).request({ method: 'GET', path: '/slow', schema: OK });
    expect(res.body.ok).toBe(true);
    expect(server.count('GET', '/slow')).toBe(2);
  });

  it('should report a timeout error when every attempt times out', async () => {
    server.route('GET', '/slow', [{ status: 200, body: { ok: true }, delayMs: 5_000 }]);
    const err: unknown = await make({ timeoutMs: 80, retry: { maxAttempts: 2 } }).request({ method: 'GET', path: '/slow', schema: OK }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorTransientError);
    expect((err as ConnectorTransientError).code).toBe('timeout');
    expect(server.count('GET', '/slow')).toBe(2);
  });

  it('should retry when the connection is reset', async () => {
    server.route('GET', '/things', [{ reset: true }, { status: 200, body: { ok: true } }]);
    await make().request({ method: 'GET', path: '/things', schema: OK });
    expect(server.count('GET', '/things')).toBe(2);
  });

  it('should throw schema mismatch with paths when the body has the wrong shape', async () => {
    server.route('GET', '/things', [{ status: 200, body: { ok: 'yes' } }]);
    const err: unknown = await make().request({ method: 'GET', path: '/things', schema: OK }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorSchemaMismatchError);
    expect((err as ConnectorSchemaMismatchError).issues.map((i) => i.path)).toEqual(['ok']);
  });

  it('should re-auth once and retry once when the API answers 401', async () => {
    let issued = 0;
    server.route('POST', '/token', () => ({ status: 200, body: { access_token: `tok-${(issued += 1)}`, expires_in: 3600 } }));
    server.route('GET', '/things', (req) => (req.headers['authorization'] === 'Bearer tok-1' ? { status: 401 } : { status: 200, body: { ok: true } }));
    const auth = new OAuth2ClientCredentialsProvider({ system: 'test', tokenUrl: `${server.url}/token`, clientId: 'c', clientSecret: 's' });
    await make({ auth }).request({ method: 'GET', path: '/things', schema: OK });
    expect(server.count('POST', '/token')).toBe(2);
    expect(server.count('GET', '/things')).toBe(2);
  });

  it('should throw an auth error after exactly one re-auth when 401 persists', async () => {
    server.route('POST', '/token', [{ status: 200, body: { access_token: 'tok', expires_in: 3600 } }]);
    server.route('GET', '/things', [{ status: 401 }]);
    const auth = new OAuth2ClientCredentialsProvider({ system: 'test', tokenUrl: `${server.url}/token`, clientId: 'c', clientSecret: 's' });
    await expect(make({ auth }).request({ method: 'GET', path: '/things', schema: OK })).rejects.toBeInstanceOf(ConnectorAuthError);
    expect(server.count('POST', '/token')).toBe(2);
    expect(server.count('GET', '/things')).toBe(2);
  });

  it('should wait inline for the budget when the window resets soon', async () => {
    server.route('GET', '/things', [{ status: 200, body: { ok: true } }]);
    let now = 0;
    const budget = new InMemoryBudget({ limit: 1, windowMs: 500 }, () => now);
    const clk: Clock = {
      now: () => now,
      sleep: (ms) => {
        now += ms;
        return Promise.resolve();
      },
    };
    const sut = make({ rateBudget: budget, clock: clk });
    await sut.request({ method: 'GET', path: '/things', schema: OK });
    await sut.request({ method: 'GET', path: '/things', schema: OK });
    expect(now).toBe(500);
    expect(server.count('GET', '/things')).toBe(2);
  });

  it('should throw rate-limited without calling when the budget wait is long', async () => {
    server.route('GET', '/things', [{ status: 200, body: { ok: true } }]);
    const budget = new InMemoryBudget({ limit: 1, windowMs: 3_600_000 }, () => 0);
    const sut = make({ rateBudget: budget });
    await sut.request({ method: 'GET', path: '/things', schema: OK });
    const err: unknown = await sut.request({ method: 'GET', path: '/things', schema: OK }).catch((e: unknown) => e);
    expect((err as ConnectorRateLimitedError).waitMs).toBe(3_600_000);
    expect(server.count('GET', '/things')).toBe(1);
  });

  it('should never log the token when requests retry and fail', async () => {
    server.route('GET', '/things', [{ status: 503 }, { status: 500 }, { status: 404, body: { message: 'nope' } }]);
    const logger = captureLogger();
    await make({ logger }).request({ method: 'GET', path: '/things', query: { access_token: 'tok-SECRET-1' }, schema: OK }).catch(() => undefined);
    expect(logger.lines.length).toBeGreaterThan(2);
    expect(logger.lines.join('\n')).not.toContain('tok-SECRET-1');
  });
});
