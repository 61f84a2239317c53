import { startTestApp, type TestApp } from '../../support/api-harness';

const PUBLIC_ROUTES = new Set(['GET /health', 'GET /metrics', 'POST /api/auth/login', 'POST /api/auth/accept-invite']);

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

type ExpressLayer = { route?: { path: string; methods: Record<string, boolean> } };

/** Every route the running express app serves, as `METHOD /path`. */
function routesOf(t: TestApp): string[] {
  const router = (t.app.getHttpAdapter().getInstance() as { router?: { stack: ExpressLayer[] }; _router?: { stack: ExpressLayer[] } });
  const stack = (router.router ?? router._router)?.stack ?? [];
  return stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).filter((m) => m !== '_all').filter((m) => HTTP_METHODS.has(m)).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : [],
  );
}

describe('foundation API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_MINUTE: '12', LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should report database and redis up on /health', async () => {
    const res = await t.call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body.details).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('should serve Prometheus metrics and the OpenAPI document', async () => {
    const metrics = await fetch(`${t.url}/metrics`);
    expect(await metrics.text()).toContain('mlc_process_cpu_user_seconds_total');
    // The API's map only for signed-in users (a session cookie or a Bearer token).
    const anonymous = await fetch(`${t.url}/api/docs-json`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in first' } });
    expect((await fetch(`${t.url}/api/docs`)).status).toBe(401);
    const docs = await fetch(`${t.url}/api/docs-json`, { headers: { authorization: `Bearer ${await t.login()}` } });
    expect(docs.status).toBe(200);
    expect(Object.keys(((await docs.json()) as { paths: object }).paths)).toContain('/api/connections');
    // Security headers on every answer (helmet).
    for (const res of [anonymous, docs, metrics]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('should refuse every /api route without a session except the public allowlist', async () => {
    // Swagger UI's own static routes (/api/docs*, catch-all /{*path} for its assets) serve no data.
    const routes = routesOf(t).filter((r) => !r.includes('/api/docs') && !r.includes('{*path}'));
    expect(routes.length).toBeGreaterThan(10);
    const unguarded: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      const concrete = path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await t.call(method, concrete, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
      if (res.status !== 401 && !PUBLIC_ROUTES.has(route) && !path.startsWith('/webhooks/')) unguarded.push(`${route} → ${res.status}`);
    }
    expect(unguarded).toEqual([]);
  });

  it('should let an admin create a connection whose secrets never come back and are not stored in plaintext', async () => {
    const token = await t.login();
    const secret = 'visma-client-secret-5f2a9c1e7b';
    const res = await t.call('POST', '/api/connections', {
      token,
      body: { system: 'visma', name: 'Visma NO', settings: { companyId: '1234567' }, credentials: { clientId: 'client-abc', clientSecret: secret, tenantId: 'tenant-1' } },
    });
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain(secret);
    expect(res.body.credentials.hints.clientSecret).toBe(`••••${secret.slice(-4)}`);
    const dump: { row: string }[] = await t.db.query(
      `SELECT row_to_json(v)::text AS row FROM vault_secret v UNION ALL SELECT row_to_json(c)::text FROM connection c UNION ALL SELECT row_to_json(a)::text FROM audit_event a`,
    );
    const raw = dump.map((d) => d.row).join('\n');
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(Buffer.from(secret).toString('hex'));
    expect(raw).not.toContain(Buffer.from(secret).toString('base64'));
    const list = await t.call('GET', '/api/connections', { token });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(t.logs.text()).not.toContain(secret);
  });

  it('should name each bad field when a connection is invalid', async () => {
    const token = await t.login();
    const res = await t.call('POST', '/api/connections', { token, body: { system: 'visma', name: 'x', settings: {}, credentials: { clientId: 'a' } } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['settings.companyId', 'credentials.clientSecret', 'credentials.tenantId']),
    );
  });

  it('should let support view but not change connections', async () => {
    const admin = await t.login();
    await t.call('POST', '/api/users', { token: admin, body: { email: 'support@example.test', password: 'support-password-123', role: 'support' } });
    const support = await t.login('support@example.test', 'support-password-123');
    expect((await t.call('GET', '/api/connections', { token: support })).status).toBe(200);
    const denied = await t.call('POST', '/api/connections', { token: support, body: { system: 'bigcommerce', name: 'x', settings: { storeHash: 'abc' }, credentials: { accessToken: 't' } } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
  });

  it('should keep passwords and session tokens out of the logs', async () => {
    const token = await t.login();
    await t.call('GET', '/api/auth/me', { token });
    expect(t.logs.lines.length).toBeGreaterThan(0);
    expect(t.logs.text()).not.toContain(token);
    expect(t.logs.text()).not.toContain(t.config.ADMIN_PASSWORD!);
  });

  it('should answer a body over the limit with 413 in the API\'s error shape, and one that is not JSON with 400', async () => {
    const huge = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: { code: 'payload_too_large', message: expect.stringMatching(/larger than/) } });
    const broken = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: { code: 'validation_failed', message: expect.stringMatching(/JSON/) } });
    expect(t.logs.text()).not.toMatch(/unhandled error/);
  });

  it('should rate-limit sign-in attempts and say when to try again in the standard Retry-After header', async () => {
    const answers: { status: number; headers: Headers }[] = [];
    for (let i = 0; i < 13; i += 1) {
      answers.push(await t.call('POST', '/api/auth/login', { body: { email: 'nobody@example.test', password: 'wrong' } }));
    }
    const statuses = answers.map((a) => a.status);
    // Earlier tests in this file signed in a few times within the same minute; the 13th attempt is over any 12/min budget.
    expect(statuses[0]).toBe(401);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(12);
    const refused = answers.at(-1);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused?.headers.get('retry-after-login')).toBeNull();
  });
});
