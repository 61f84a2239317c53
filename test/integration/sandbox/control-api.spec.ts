import { request } from 'undici';
import { RequestLog, SandboxHttpError, SandboxRouter, startSandboxServer, type FaultBodyHook, type RunningSandbox } from '../../../apps/sandbox/src/core';

type Json = Record<string, unknown>;

/** One call; the body is parsed as JSON when there is one. */
async function call(method: string, url: string, body?: unknown): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: Json | undefined }> {
  const res = await request(url, { method: method as 'GET', ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: text ? (JSON.parse(text) as Json) : undefined };
}

describe('sandbox core control API over HTTP', () => {
  let sandbox: RunningSandbox;
  let handled = 0;
  const hookCalls: Array<[string, number, string]> = [];
  const faultBody: FaultBodyHook = (kind, status, { path }) => {
    hookCalls.push([kind, status, path]);
    if (kind === 'validation-error') return new SandboxHttpError(422, { vendor: 'x', field: 'name' }, { 'x-vendor': '1' });
    if (kind === 'http-409') return { vendor: 'conflict', status };
    return undefined;
  };

  beforeEach(async () => {
    handled = 0;
    hookCalls.length = 0;
    const router = new SandboxRouter()
      .add('GET', '/things/:id', (req) => {
        handled += 1;
        return { status: 200, body: { id: req.params['id'] } };
      })
      .add('POST', '/things', () => {
        handled += 1;
        return { status: 201, headers: { location: '/things/1' } };
      });
    const controlRoutes = new SandboxRouter().add('GET', '/_sandbox/extra', () => ({ status: 200, body: { extra: true } }));
    sandbox = await startSandboxServer({ name: 'core-test', router, controlRoutes, faultBody, log: new RequestLog(4) });
  });
  afterEach(async () => sandbox.close());

  it('should page the request log with after/limit/next, filter it, flag truncation and keep DELETE working', async () => {
    for (const id of ['1', '2', '3']) await call('GET', `${sandbox.url}/things/${id}`);
    await call('POST', `${sandbox.url}/things`, {});

    const all = await call('GET', `${sandbox.url}/_sandbox/requests`);
    expect((all.json?.['requests'] as Json[]).map((r) => [r['seq'], r['method'], r['path']])).toEqual([
      [1, 'GET', '/things/1'],
      [2, 'GET', '/things/2'],
      [3, 'GET', '/things/3'],
      [4, 'POST', '/things'],
    ]);
    expect(all.json?.['next']).toBe(4);
    expect(all.json?.['truncated']).toBeUndefined();

    const page = await call('GET', `${sandbox.url}/_sandbox/requests?after=1&limit=2`);
    expect((page.json?.['requests'] as Json[]).map((r) => r['seq'])).toEqual([2, 3]);
    expect(page.json?.['next']).toBe(3);
    const posts = await call('GET', `${sandbox.url}/_sandbox/requests?method=post&after=0`);
    expect((posts.json?.['requests'] as Json[]).map((r) => r['seq'])).toEqual([4]);
    const none = await call('GET', `${sandbox.url}/_sandbox/requests?after=4&pathContains=/things`);
    expect(none.json).toEqual({ requests: [], next: 4 });

    await call('GET', `${sandbox.url}/things/5`);
    await call('GET', `${sandbox.url}/things/6`);
    const behind = await call('GET', `${sandbox.url}/_sandbox/requests?after=1`);
    expect(behind.json?.['truncated']).toBe(true);
    expect((behind.json?.['requests'] as Json[]).map((r) => r['seq'])).toEqual([3, 4, 5, 6]);

    expect((await call('DELETE', `${sandbox.url}/_sandbox/requests`)).status).toBe(204);
    await call('GET', `${sandbox.url}/things/7`);
    const after = await call('GET', `${sandbox.url}/_sandbox/requests?after=6`);
    expect((after.json?.['requests'] as Json[]).map((r) => [r['seq'], r['path']])).toEqual([[7, '/things/7']]);
    expect((await call('GET', `${sandbox.url}/_sandbox`)).json).toMatchObject({ name: 'core-test', lastRequestSeq: 7 });
  });

  it('should answer 400 naming the bad cursor parameter', async () => {
    const bad = await call('GET', `${sandbox.url}/_sandbox/requests?after=-1`);
    expect([bad.status, bad.json?.['field']]).toEqual([400, 'after']);
    const zero = await call('GET', `${sandbox.url}/_sandbox/requests?limit=0`);
    expect([zero.status, zero.json?.['field']]).toEqual([400, 'limit']);
  });

  it('should refuse invalid fault rules with 400 naming the field, and arm, list and disarm valid ones by id', async () => {
    const cases: Array<[unknown, string]> = [
      [{ kind: 'nope', count: 1 }, 'kind'],
      [{ kind: 'http-500', count: 1, probability: 2 }, 'probability'],
      [{ kind: 'latency', count: 1, delayMs: -5 }, 'delayMs'],
      [{ kind: 'drop-webhook', count: 1, pathContains: '/x' }, 'pathContains'],
    ];
    for (const [rule, field] of cases) {
      const answer = await call('POST', `${sandbox.url}/_sandbox/faults`, rule);
      expect([answer.status, answer.json?.['field']]).toEqual([400, field]);
      expect(String(answer.json?.['message'])).toContain(field);
    }
    const notJson = await request(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: '{kind:' });
    expect([notJson.statusCode, ((await notJson.body.json()) as Json)['field']]).toEqual([400, 'body']);

    const armed = await call('POST', `${sandbox.url}/_sandbox/faults`, { kind: 'http-500', count: -1, probability: 0.5, seed: 9 });
    expect(armed.status).toBe(201);
    const fault = armed.json?.['fault'] as Json;
    expect(fault).toEqual({ kind: 'http-500', count: -1, probability: 0.5, seed: 9, id: expect.any(Number), fired: 0 });
    expect((await call('GET', `${sandbox.url}/_sandbox/faults`)).json?.['faults']).toEqual([fault]);
    expect((await call('DELETE', `${sandbox.url}/_sandbox/faults/${String(fault['id'])}`)).status).toBe(204);
    expect((await call('DELETE', `${sandbox.url}/_sandbox/faults/${String(fault['id'])}`)).status).toBe(404);
    expect((await call('GET', `${sandbox.url}/_sandbox`)).json?.['faults']).toEqual([]);
  });

  it("should use the sandbox's fault body hook (body only, or a full error) and fall back to the generic body", async () => {
    sandbox.faults.arm({ kind: 'http-409', count: 1 });
    sandbox.faults.arm({ kind: 'validation-error', count: 1, field: 'name' });
    sandbox.faults.arm({ kind: 'http-503', count: 1, retryAfterSeconds: 3 });
    const conflict = await call('GET', `${sandbox.url}/things/1`);
    expect([conflict.status, conflict.json]).toEqual([409, { vendor: 'conflict', status: 409 }]);
    const invalid = await call('GET', `${sandbox.url}/things/1`);
    expect([invalid.status, invalid.json, invalid.headers['x-vendor']]).toEqual([422, { vendor: 'x', field: 'name' }, '1']);
    const unavailable = await call('GET', `${sandbox.url}/things/1`);
    expect([unavailable.status, unavailable.json, unavailable.headers['retry-after']]).toEqual([503, { message: 'Service Unavailable (injected)' }, '3']);
    expect(hookCalls).toEqual([
      ['http-409', 409, '/things/1'],
      ['validation-error', 400, '/things/1'],
      ['http-503', 503, '/things/1'],
    ]);
    expect(handled).toBe(0);
    expect(sandbox.log.list().map((e) => [e.status, e.fault])).toEqual([
      [409, 'http-409'],
      [422, 'validation-error'],
      [503, 'http-503'],
    ]);
  });

  it('should serve extra control routes without logging or faulting them', async () => {
    sandbox.faults.arm({ kind: 'reset', count: -1 });
    const extra = await call('GET', `${sandbox.url}/_sandbox/extra`);
    expect([extra.status, extra.json]).toEqual([200, { extra: true }]);
    expect(sandbox.log.list()).toEqual([]);
  });

  it('should reset the socket without running the handler, and log it with status 0', async () => {
    sandbox.faults.arm({ kind: 'reset', count: 1 });
    await expect(call('GET', `${sandbox.url}/things/1`)).rejects.toThrow();
    expect(handled).toBe(0);
    expect(sandbox.log.list().map((e) => [e.status, e.fault])).toEqual([[0, 'reset']]);
    expect((await call('GET', `${sandbox.url}/things/1`)).status).toBe(200);
  });

  it('should hold a timeout for delayMs and then answer 504 without running the handler', async () => {
    sandbox.faults.arm({ kind: 'timeout', count: 1, delayMs: 150 });
    const started = performance.now();
    const answer = await call('GET', `${sandbox.url}/things/1`);
    expect(answer.status).toBe(504);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(handled).toBe(0);
    expect(sandbox.log.list().map((e) => [e.status, e.fault])).toEqual([[504, 'timeout']]);
  });
});
