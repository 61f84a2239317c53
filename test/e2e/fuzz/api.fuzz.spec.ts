import fc from 'fast-check';
import { type AppProcess, postgresCpuMs, startAppProcess } from './app-process';
import { contentType, FUZZ_RUNS, headerValue, hostileValue, httpClient, jsonBody, rawBody, runCases } from './fuzz-kit';

/**
 * Fuzzed public API inputs (issue 19): FUZZ_RUNS requests per route over real HTTP into the real app (the built app as
 * child processes, app-process.ts) — sign-in (public) and the main JSON inputs of signed-in routes with a Bearer token
 * (connections, flows with routing, mapping rules, export flows, bulk replay, the records list's query). Bodies are mutated valid bodies, random JSON, bad UTF-8, not
 * JSON, nested too deep or over the body limit, with right, wrong or missing content types. Property: never a 5xx,
 * always the API's error shape on a refusal, and the app still answers /health.
 */
jest.setTimeout(600_000);

/** `reachesSuccess: false` where valid seeds cannot exist here (an export flow needs a BigQuery connection's key). */
type Route = { name: string; method: string; path: (id: string) => string; seeds: unknown[]; ids?: () => string[]; reachesSuccess?: false; isPublic?: true };

/**
 * Sign-in seeds: one valid, the rest shaped so most mutations fail validation before the password hash is checked
 * (scrypt at N=2^15 costs ~0.1 s of CPU: ten thousand of them would be the whole suite's budget several times over).
 */
function loginSeeds(): unknown[] {
  const valid = { email: process.env['ADMIN_EMAIL'], password: process.env['ADMIN_PASSWORD'] };
  const shapes = [{ email: 'admin@', password: 'x' }, { email: '', password: '' }, { mail: 'a@b.c', pass: 'x' }, { email: 'a@b.c' }, { password: 'x' }];
  // One valid seed in fifty: about thirty password checks in ten thousand cases, and still a dozen successes.
  return [valid, ...Array.from({ length: 49 }, (_, i) => shapes[i % shapes.length])];
}

/** A query string from arbitrary parameters, percent-encoding every byte of the UTF-8 (lone surrogates included). */
function queryOf(params: [string, string][], raw: string): string {
  const enc = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
  return [...params.map(([k, v]) => `${enc(k)}=${enc(v)}`), raw].filter(Boolean).join('&');
}

describe('fuzzed public API inputs', () => {
  let t: AppProcess;
  let token: string;
  let client: ReturnType<typeof httpClient>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startAppProcess({ LOGIN_MAX_ATTEMPTS_PER_MINUTE: '1000000', JOB_ATTEMPTS: '1' });
    token = await t.login();
    client = httpClient(t.urls);
    const create = async (body: object) => {
      const res = await t.call('POST', '/api/connections', { token, body });
      if (res.status !== 201) throw new Error(`create connection: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    const nowhere = 'http://127.0.0.1:9';
    ids['visma'] = await create({ system: 'visma', name: 'fuzz visma', settings: { companyId: '1', apiBaseUrl: nowhere, tokenUrl: nowhere }, credentials: { clientId: 'c', clientSecret: 's', tenantId: 't' } });
    ids['bigcommerce'] = await create({ system: 'bigcommerce', name: 'fuzz bc', settings: { storeHash: 'fuzz', apiBaseUrl: nowhere }, credentials: { accessToken: 'a', clientSecret: 'c' } });
    const flow = await t.call('POST', '/api/flows', { token, body: { name: 'fuzz flow', sourceConnectionId: ids['bigcommerce'], targetConnectionId: ids['visma'], entities: ['order'] } });
    ids['flow'] = flow.body.id as string;
  }, 120_000);
  afterAll(async () => {
    client?.close();
    await t?.close();
  });

  const connectionSeeds = () => [
    { system: 'visma', name: 'n', settings: { companyId: '1', apiBaseUrl: 'http://127.0.0.1:9' }, credentials: { clientId: 'c', clientSecret: 's', tenantId: 't' } },
    { system: 'bigcommerce', name: 'n', settings: { storeHash: 'abc' }, credentials: { accessToken: 'a' } },
    { system: 'woocommerce', name: 'n', settings: { siteUrl: 'http://127.0.0.1:9', priceDecimals: 2 }, credentials: { consumerKey: `ck_${'a'.repeat(40)}`, consumerSecret: `cs_${'b'.repeat(40)}` } },
  ];
  const flowSeed = () => ({
    name: 'f',
    sourceConnectionId: ids['bigcommerce'],
    targetConnectionId: ids['visma'],
    entities: ['order', 'customer'],
    routing: { rules: [{ targetConnectionId: ids['visma'], countries: ['NO'], currencies: ['NOK'], storeIds: ['1'], label: 'no' }], unmatched: 'fail' },
    catchUpSchedule: { kind: 'monthly', day: 3, at: '02:30' },
    posting: { orderDocument: 'customer-invoice', customerAs: 'customer' },
    backfillFrom: '2024-01-01T00:00:00Z',
  });
  const rulesSeed = () => ({ rules: { version: 1, vatCodes: { '25': '3', '15': '31' }, accounts: { sales: '3000', shipping: '3010' }, paymentMethods: { card: 'KORT' }, defaults: { terms: '30' } } });

  const routes: () => Route[] = () => [
    { name: 'POST /api/auth/login', method: 'POST', path: () => '/api/auth/login', seeds: loginSeeds(), isPublic: true },
    { name: 'POST /api/connections', method: 'POST', path: () => '/api/connections', seeds: connectionSeeds() },
    { name: 'PATCH /api/connections/:id', method: 'PATCH', path: (id) => `/api/connections/${id}`, seeds: [{ name: 'renamed', settings: { companyId: '2' } }, { credentials: { clientSecret: 'new' } }], ids: () => [ids['visma'] ?? ''] },
    { name: 'POST /api/flows', method: 'POST', path: () => '/api/flows', seeds: [flowSeed()] },
    { name: 'PATCH /api/flows/:id', method: 'PATCH', path: (id) => `/api/flows/${id}`, seeds: [{ name: 'g', isEnabled: true, routing: flowSeed().routing, catchUpSchedule: { kind: 'every', minutes: 15 } }], ids: () => [ids['flow'] ?? ''] },
    { name: 'PUT /api/connections/:id/mapping', method: 'PUT', path: (id) => `/api/connections/${id}/mapping`, seeds: [rulesSeed()], ids: () => [ids['visma'] ?? ''] },
    { name: 'POST /api/export-flows', method: 'POST', path: () => '/api/export-flows', seeds: [{ name: 'e', sourceConnectionId: ids['visma'], targetConnectionId: ids['visma'], entities: ['customers'], schedule: { kind: 'manual' }, isEnabled: false }], reachesSuccess: false },
    { name: 'POST /api/records/replay', method: 'POST', path: () => '/api/records/replay', seeds: [{ filter: { status: 'failed', system: 'bigcommerce', from: '2024-01-01' }, max: 10 }] },
  ];

  /** One case of a JSON route: a body (mostly mutated valid bodies), a content type, and which id the path names. */
  const bodyCase = (seeds: unknown[]) =>
    fc.record({
      body: fc.oneof({ weight: 3, arbitrary: jsonBody(seeds) }, { weight: 1, arbitrary: rawBody(seeds) }),
      contentType: fc.oneof({ weight: 3, arbitrary: fc.constant<string | undefined>('application/json') }, { weight: 1, arbitrary: contentType }),
      id: fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: headerValue.map((v) => encodeURIComponent(v.replace(/[^\x20-\x7e]/g, '')) || 'x') }),
    });

  const expectApiAnswer = (status: number, text: string, what: string): void => {
    if (status >= 500) throw new Error(`${status} ${text.slice(0, 300)} for ${what}`);
    if (status >= 400) {
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') throw new Error(`${status} without the error shape: ${text.slice(0, 200)}`);
    }
  };

  it.each(routes().map((r, i) => [r.name, i] as const))(`should answer ${FUZZ_RUNS} fuzzed %s requests without a 5xx`, async (_name, i) => {
    const route = routes()[i] as Route;
    const statuses = new Map<number, number>();
    const started = Date.now();
    const cpu0 = process.cpuUsage();
    const app0 = t.cpuMs();
    const pg0 = postgresCpuMs();
    await runCases(route.name, bodyCase(route.seeds), 100 + i, async (c) => {
      const id = c.id || (route.ids?.()[0] ?? '');
      // Sign-in is public, and a successful one rotates the session it carries: the suite's token stays out of it.
      const headers: Record<string, string> = route.isPublic ? {} : { authorization: `Bearer ${token}` };
      if (c.contentType !== undefined) headers['content-type'] = c.contentType;
      const answer = await client.send({ method: route.method, path: route.path(id), headers, body: c.body });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      expectApiAnswer(answer.status, answer.text, `${route.method} ${route.path(id)} body=${c.body.subarray(0, 160).toString('utf8')}`);
    });
    const cpu = process.cpuUsage(cpu0);
    console.info(`${route.name}: ${FUZZ_RUNS} cases in ${Date.now() - started} ms (cpu: suite ${Math.round((cpu.user + cpu.system) / 1000)} ms, app ${Math.round(t.cpuMs() - app0)} ms, postgres ${Math.round(postgresCpuMs() - pg0)} ms), statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    // Both refusals and successes must occur, or the fuzz never reached past validation (or never failed it).
    if (route.reachesSuccess !== false) expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect((await client.sendEach({ method: 'GET', path: '/health' })).map((a) => a.status)).toEqual(t.urls.map(() => 200));
  });

  it(`should answer ${FUZZ_RUNS} fuzzed GET /api/records queries without a 5xx`, async () => {
    const keys = ['system', 'entityType', 'status', 'connectionId', 'externalId', 'flowId', 'customerEmail', 'from', 'to', 'limit', 'offset', 'x', '__proto__', 'status[]', 'from[a]'];
    const value = fc.oneof(
      fc.constantFrom('failed', 'posted', 'bigcommerce', '2024-01-01', '1e308', '-0', '18446744073709551616', '', 'NaN', '200', '201', '-1', '0x10'),
      fc.uuid(),
      hostileValue.filter((v) => typeof v === 'string' && v.length < 2_000) as fc.Arbitrary<string>,
      fc.string({ unit: 'grapheme', maxLength: 30 }),
    );
    const arb = fc.record({
      params: fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 6 }),
      raw: fc.constantFrom('', '%ZZ', '%E0%A4%A', 'limit', '&&', 'a[b][c][d][e][f]=1', 'status=failed&status=posted'),
    });
    const statuses = new Map<number, number>();
    await runCases('GET /api/records', arb, 200, async (c) => {
      const path = `/api/records?${queryOf(c.params, c.raw)}`;
      const answer = await client.send({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      expectApiAnswer(answer.status, answer.text, `GET ${path}`);
    });
    console.info(`GET /api/records: ${FUZZ_RUNS} cases, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect((await client.sendEach({ method: 'GET', path: '/health' })).map((a) => a.status)).toEqual(t.urls.map(() => 200));
  });
});
