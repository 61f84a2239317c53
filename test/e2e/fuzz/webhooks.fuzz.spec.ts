import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { storableBody } from '../../../apps/api/src/modules/sync/webhook-intake.service';
import { waitFor } from '../../support/api-harness';
import { type AppProcess, postgresCpuMs, startAppProcess } from './app-process';
import { FUZZ_RUNS, httpClient, rejectedTotal, runCases, type Sent } from './fuzz-kit';
import {
  adobeCommerceSeeds,
  adobeKeys,
  bigCommerceSeeds,
  signAdobeCommerce,
  signBigCommerce,
  signWooCommerce,
  webhookCaseArb,
  type WebhookCase,
  wooCommerceSeeds,
} from './webhook-cases';

/**
 * Fuzzed webhook intake (issue 19): FUZZ_RUNS deliveries per system route, over real HTTP into the real app (the built
 * app as child processes, app-process.ts: API and worker on real PostgreSQL and Redis), from mutated official payloads, garbage bytes and broken or valid signatures.
 * Properties: never a 5xx; every rejection counted once on /metrics; every accepted delivery stored as received;
 * every record it created ends posted, skipped or failed with a reason, and a failed one can be replayed; the app
 * still answers /health. The shops' APIs (and Visma's) are a stub that answers 404 to everything.
 */
jest.setTimeout(600_000);

/** What the checks after a route need of one answer (not the case: ten thousand bodies are not held). */
type Outcome = { status: number; stored?: { hash: string; snippet: string } };
const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

describe('fuzzed webhook intake (every system route)', () => {
  let t: AppProcess;
  let token: string;
  let stub: Server;
  let client: ReturnType<typeof httpClient>;
  const ids: Record<string, string> = {};
  const hookSecret = randomBytes(32).toString('base64url');
  const clientSecret = 'fuzz-client-secret';
  const keys = adobeKeys();

  const create = async (body: object): Promise<string> => {
    const res = await t.call('POST', '/api/connections', { token, body });
    if (res.status !== 201) throw new Error(`create connection: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const flow = async (source: string, entities: string[]): Promise<void> => {
    const res = await t.call('POST', '/api/flows', { token, body: { name: `fuzz ${source}`, sourceConnectionId: source, targetConnectionId: ids['visma'], entities } });
    if (res.status !== 201) throw new Error(`create flow: ${res.status} ${JSON.stringify(res.body)}`);
  };

  beforeAll(async () => {
    stub = createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":404,"title":"Not Found"}'));
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    t = await startAppProcess({ JOB_BACKOFF_BASE_MS: '20', JOB_ATTEMPTS: '2' });
    token = await t.login();
    client = httpClient(t.urls);
    ids['visma'] = await create({ system: 'visma', name: 'fuzz visma', settings: { companyId: '1', apiBaseUrl: stubUrl, tokenUrl: `${stubUrl}/token` }, credentials: { clientId: 'c', clientSecret: 's', tenantId: 't' } });
    ids['bigcommerce'] = await create({ system: 'bigcommerce', name: 'fuzz bc', settings: { storeHash: 'fuzz', apiBaseUrl: stubUrl }, credentials: { accessToken: 'a', clientSecret, hookSecret } });
    ids['woocommerce'] = await create({ system: 'woocommerce', name: 'fuzz woo', settings: { siteUrl: stubUrl }, credentials: { consumerKey: `ck_${'a'.repeat(40)}`, consumerSecret: `cs_${'b'.repeat(40)}`, hookSecret } });
    ids['adobe-commerce'] = await create({
      system: 'adobe-commerce',
      name: 'fuzz adobe',
      settings: { baseUrl: stubUrl, webhookPublicKey: keys.publicKeyPem },
      credentials: { auth: 'bearer', accessToken: 'a', hookSecret },
    });
    await flow(ids['bigcommerce'] ?? '', ['order', 'refund', 'customer']);
    await flow(ids['woocommerce'] ?? '', ['order', 'refund', 'customer']);
    await flow(ids['adobe-commerce'] ?? '', ['order', 'capture', 'refund', 'customer']);
  }, 120_000);
  afterAll(async () => {
    client?.close();
    await t?.close();
    await new Promise((resolve) => stub?.close(resolve));
  });

  /**
   * Sends every case and checks the per-answer properties (no 5xx, a JSON answer, 200 or a refusal); returns the
   * outcomes and checks the rejected counter rose by exactly the refusals seen.
   */
  async function fuzzRoute(system: string, offset: number, seeds: unknown[], headersFor: (c: WebhookCase, index: number) => Record<string, string>): Promise<Outcome[]> {
    const before = await rejectedTotal(client, { system });
    const outcomes: Outcome[] = [];
    const started = Date.now();
    const cpu0 = process.cpuUsage();
    const app0 = t.cpuMs();
    const pg0 = postgresCpuMs();
    await runCases(`POST /webhooks/${system}`, webhookCaseArb(seeds), offset, async (c, index) => {
      const sent: Sent = { path: `/webhooks/${system}/${ids[system] ?? ''}`, headers: headersFor(c, index), body: c.body };
      const answer = await client.send(sent);
      if (answer.status >= 500) throw new Error(`${answer.status} ${answer.text.slice(0, 200)} for auth=${c.auth} body=${c.body.subarray(0, 120).toString('utf8')}`);
      const accepted = answer.status === 200 && !(JSON.parse(answer.text) as { duplicate?: boolean }).duplicate;
      outcomes.push({ status: answer.status, ...(accepted ? { stored: { hash: md5(storableBody(c.body)), snippet: c.body.subarray(0, 200).toString('utf8') } } : {}) });
      // Plain checks per case (jest's expect costs more than the request's own work on the suite's side).
      if (![200, 400, 401, 404, 413].includes(answer.status)) throw new Error(`unexpected ${answer.status} ${answer.text.slice(0, 200)} for auth=${c.auth}`);
      JSON.parse(answer.text);
    });
    const cpu = process.cpuUsage(cpu0);
    const cpuLine = `cpu: suite ${Math.round((cpu.user + cpu.system) / 1000)} ms, app ${Math.round(t.cpuMs() - app0)} ms, postgres ${Math.round(postgresCpuMs() - pg0)} ms`;
    const rejected = outcomes.filter((o) => o.status !== 200).length;
    expect(await rejectedTotal(client, { system })).toBe(before + rejected);
    const accepted = outcomes.length - rejected;
    // A fuzz run that never got past verification (or never failed it) would prove little: both must happen often.
    expect(accepted).toBeGreaterThan(FUZZ_RUNS / 20);
    expect(rejected).toBeGreaterThan(FUZZ_RUNS / 20);
    console.info(`${system}: ${FUZZ_RUNS} cases in ${Date.now() - started} ms (${cpuLine}), ${accepted} accepted, ${rejected} rejected`);
    expect((await client.sendEach({ method: 'GET', path: '/health' })).map((a) => a.status)).toEqual(t.urls.map(() => 200));
    return outcomes;
  }

  /** Every accepted delivery (but a duplicate of one already stored) is in webhook_delivery as received. */
  async function expectStored(system: string, outcomes: Outcome[]): Promise<void> {
    const rows: { h: string }[] = await t.db.query(`SELECT md5(body::text) AS h FROM webhook_delivery WHERE connection_id = $1`, [ids[system]]);
    const stored = new Set(rows.map((r) => r.h));
    const missing = outcomes.filter((o) => o.stored && !stored.has(o.stored.hash));
    expect(missing.map((o) => o.stored?.snippet)).toEqual([]);
  }

  /**
   * Every record of the connection settles (posted, skipped or failed, none left received or processing) and a failed
   * one carries its reason; up to three failed ones are replayed and settle again.
   */
  async function expectSettledAndReplayable(system: string): Promise<void> {
    const open = async () =>
      Number((await t.db.query(`SELECT count(*) AS n FROM sync_record WHERE connection_id = $1 AND status IN ('received', 'processing')`, [ids[system]]))[0].n);
    await waitFor(async () => (await open()) === 0, { timeoutMs: 120_000, intervalMs: 250, what: `${system} records settled` });
    const rows: { id: string; status: string; last_error: { code?: string; message?: string } | null }[] = await t.db.query(
      `SELECT id, status, last_error FROM sync_record WHERE connection_id = $1`,
      [ids[system]],
    );
    expect(rows.length).toBeGreaterThan(0);
    const outcomes = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.status} ${r.last_error?.code ?? ''} ${(r.last_error?.message ?? '').slice(0, 90)}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    console.info(`${system}: ${rows.length} records\n${[...outcomes].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, n]) => `${n} × ${k}`).join('\n')}`);
    const failed = rows.filter((r) => r.status === 'failed');
    expect(failed.filter((r) => typeof r.last_error?.message !== 'string' || r.last_error.message === '')).toEqual([]);
    for (const r of failed.slice(0, 3)) {
      const res = await t.call('POST', `/api/records/${r.id}/replay`, { token });
      expect(res.status).toBe(202);
    }
    await waitFor(async () => (await open()) === 0, { timeoutMs: 60_000, intervalMs: 100, what: `${system} replayed records settled` });
    const detail = failed[0] ? await t.call('GET', `/api/records/${failed[0].id}`, { token }) : undefined;
    if (detail) expect(detail.body.timeline.some((e: { kind: string }) => e.kind === 'record.replayed' || /replay/i.test(e.kind))).toBe(true);
  }

  it(`should survive ${FUZZ_RUNS} fuzzed BigCommerce deliveries`, async () => {
    const outcomes = await fuzzRoute('bigcommerce', 1, bigCommerceSeeds(), (c, i) => signBigCommerce(c, `fz-${i}`, { clientSecret, hookSecret }));
    await expectStored('bigcommerce', outcomes);
    await expectSettledAndReplayable('bigcommerce');
  });

  it(`should survive ${FUZZ_RUNS} fuzzed WooCommerce deliveries`, async () => {
    const outcomes = await fuzzRoute('woocommerce', 2, wooCommerceSeeds(), (c) => signWooCommerce(c, hookSecret));
    await expectStored('woocommerce', outcomes);
    await expectSettledAndReplayable('woocommerce');
  });

  it(`should survive ${FUZZ_RUNS} fuzzed Adobe Commerce deliveries`, async () => {
    const outcomes = await fuzzRoute('adobe-commerce', 3, adobeCommerceSeeds(), (c) => signAdobeCommerce(c, { hookSecret, privateKey: keys.privateKey }));
    await expectStored('adobe-commerce', outcomes);
    await expectSettledAndReplayable('adobe-commerce');
  });

  it(`should answer ${FUZZ_RUNS} fuzzed destinations and methods without a 5xx, counting every refusal`, async () => {
    const systems = ['bigcommerce', 'woocommerce', 'adobe-commerce', 'commercetools', 'visma', 'bigquery', 'unknown-shop'];
    const arb = fc.record({
      method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      system: fc.oneof(fc.constantFrom(...systems), fc.string({ maxLength: 50 })),
      connection: fc.oneof(fc.constantFrom(...Object.values(ids)), fc.uuid(), fc.string({ maxLength: 60 }), fc.constantFrom('%', '%E0%A4%A', '..', '%2e%2e', 'x/y', '')),
      query: fc.oneof(fc.constant(''), fc.string({ maxLength: 30 }).map((q) => `?${q}`)),
      body: fc.oneof(fc.constant(undefined), fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a))),
    });
    const before = await rejectedTotal(client);
    let refused = 0;
    await runCases('/webhooks/:system/:connectionId', arb, 4, async (c) => {
      const path = `/webhooks/${encodeURI(c.system).replace(/[?#]/g, '')}/${c.connection.replace(/[^\x21-\x7e]/g, '')}${encodeURI(c.query)}`;
      const answer = await client.send({ method: c.method, path, ...(c.body ? { body: c.body } : {}) });
      if (answer.status >= 500) throw new Error(`${answer.status} for ${c.method} ${path}`);
      if (answer.status !== 200) refused += 1;
    });
    expect(await rejectedTotal(client)).toBe(before + refused);
    expect((await client.sendEach({ method: 'GET', path: '/health' })).map((a) => a.status)).toEqual(t.urls.map(() => 200));
  });
});
