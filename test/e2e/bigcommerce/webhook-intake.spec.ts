import { getQueueToken } from '@nestjs/bullmq';
import { BIGCOMMERCE_DEMO, VISMA_DEMO } from '@mlc/sandbox';
import type { Queue } from 'bullmq';
import { RECORDS_QUEUE } from '../../../apps/api/src/modules/sync/sync.constants';
import { Webhook } from 'standardwebhooks';
import { type Pipeline, norwegianOrder, startPipeline } from '../../support/pipeline-harness';
import { waitFor } from '../../support/api-harness';

jest.setTimeout(60_000);

type Hook = { id: number; scope: string; is_active: boolean; headers: Record<string, string> | null; destination: string };

describe('BigCommerce webhook intake and lifecycle (end to end through the sandbox)', () => {
  let p: Pipeline;
  let hooks: Hook[];
  const webhookUrl = () => `${p.t.url}/webhooks/bigcommerce/${p.demo.bigcommerceConnectionId}`;
  const hookSecret = () => hooks[0]?.headers?.['x-mlc-hook-secret'] ?? '';

  /** A delivery signed exactly as the store signs it (Standard Webhooks, key = base64 of the app client secret). */
  function signedDelivery(body: object, options: { msgId?: string; at?: Date; clientSecret?: string; hookSecret?: string | null } = {}) {
    const raw = JSON.stringify(body);
    const msgId = options.msgId ?? `msg_${Math.random().toString(36).slice(2)}`;
    const at = options.at ?? new Date();
    const signer = new Webhook(Buffer.from(options.clientSecret ?? BIGCOMMERCE_DEMO.clientSecret).toString('base64'));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signer.sign(msgId, at, raw),
    };
    if (options.hookSecret !== null) headers['x-mlc-hook-secret'] = options.hookSecret ?? hookSecret();
    return { raw, headers };
  }
  const deliver = (d: { raw: string; headers: Record<string, string> }) => fetch(webhookUrl(), { method: 'POST', headers: d.headers, body: d.raw });
  const stub = (id: number, hash = `hash-${id}`) => ({ scope: 'store/order/created', store_id: '1001234567', producer: 'stores/mlcdemo1', data: { type: 'order', id }, hash, created_at: Math.floor(Date.now() / 1000) });
  const deliveriesFor = async (id: number): Promise<number> =>
    Number((await p.t.db.query(`SELECT count(*) FROM webhook_delivery WHERE body->'data'->>'id' = $1`, [String(id)]))[0].count);

  beforeAll(async () => {
    // Debug level: the most verbose logs must still carry no secret (checked in the last test).
    p = await startPipeline({ LOG_LEVEL: 'debug' });
    hooks = (await p.store('GET', '/v3/hooks')).body.data;
  });
  afterAll(async () => {
    await p?.close();
  });

  it('should register one active hook per scope at our URL with the per-connection secret', () => {
    expect(hooks.map((h) => h.scope).sort()).toEqual(
      ['store/customer/created', 'store/customer/updated', 'store/order/created', 'store/order/refund/created', 'store/order/statusUpdated', 'store/order/updated'],
    );
    expect(hooks.every((h) => h.is_active && h.destination === webhookUrl() && h.headers?.['x-mlc-hook-secret'] === hookSecret())).toBe(true);
    expect(hookSecret().length).toBeGreaterThanOrEqual(32);
  });

  it('should store an order webhook from the store and fetch the full order in two calls (no coupon)', async () => {
    p.sandboxes.bigcommerce.log.clear();
    const created = await p.store('POST', '/v2/orders', norwegianOrder({ email: 'intake@example.no' }));
    const id = created.body.id as number;
    const record = await p.record('order', String(id), ['posted']);
    expect(await deliveriesFor(id)).toBeGreaterThanOrEqual(1);
    expect(record.sourcePayload).toMatchObject({ order: { id } });
    const timeline = await p.t.db.query(`SELECT e.kind, e.message FROM audit_event e JOIN sync_record r ON r.id = e.record_id WHERE r.external_id = $1 ORDER BY e.id`, [String(id)]);
    expect({ calls: p.sandboxes.bigcommerce.log.list({ method: 'GET', pathContains: `/v2/orders/${id}` }).length, timeline }).toMatchObject({ calls: 2 });
  });

  it('should keep one delivery and one record when the same delivery arrives five times', async () => {
    const delivery = signedDelivery(stub(990_001));
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => deliver(delivery)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = await Promise.all(answers.map((a) => a.json() as Promise<{ duplicate: boolean }>));
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    expect(await deliveriesFor(990_001)).toBe(1);
    const rows = await p.t.db.query(`SELECT count(*) FROM sync_record WHERE external_id = '990001'`);
    expect(Number(rows[0].count)).toBe(1);
  });

  it('should post once and record one posted event when two different deliveries for a new order race', async () => {
    await fetch(`${p.sandboxes.bigcommerce.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'drop-webhook', count: -1 }) });
    let id: number;
    try {
      id = (await p.store('POST', '/v2/orders', norwegianOrder({ email: 'race@example.no' }))).body.id;
    } finally {
      await fetch(`${p.sandboxes.bigcommerce.url}/_sandbox/faults`, { method: 'DELETE' });
    }
    const created = signedDelivery({ ...stub(id), hash: `created-${id}` });
    const status = signedDelivery({ ...stub(id), scope: 'store/order/statusUpdated', hash: `status-${id}`, data: { type: 'order', id, status: { previous_status_id: 0, new_status_id: 11 } } });
    const answers = await Promise.all([deliver(created), deliver(status)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await p.record('order', String(id), ['posted']);
    // Until every job is done: a second job, if any, is delayed while the first holds the record's lease.
    const queue = p.t.app.get<Queue>(getQueueToken(RECORDS_QUEUE));
    await waitFor(async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
      return counts['waiting'] === 0 && counts['active'] === 0 && counts['delayed'] === 0;
    });
    const kinds: { kind: string }[] = await p.t.db.query(
      `SELECT e.kind FROM audit_event e JOIN sync_record r ON r.id = e.record_id WHERE r.external_id = $1 ORDER BY e.id`,
      [String(id)],
    );
    expect(kinds.filter((k) => k.kind === 'record.posted')).toHaveLength(1);
    const invoices = p.sandboxes.visma.store('5100001').snapshot().invoices.filter((i) => i.externalReference === `bc:mlcdemo1:${id}`);
    expect(invoices).toHaveLength(1);
  });

  it.each([
    ['forged (body changed after signing)', () => ({ ...signedDelivery(stub(990_002)), raw: JSON.stringify(stub(990_003)) })],
    ['unsigned', () => {
      const d = signedDelivery(stub(990_004));
      delete d.headers['webhook-signature'];
      return d;
    }],
    ['replayed (stale timestamp)', () => signedDelivery(stub(990_005), { at: new Date(Date.now() - 3_600_000) })],
    ['signed with a wrong client secret', () => signedDelivery(stub(990_006), { clientSecret: 'not-the-app-secret' })],
    ['missing the hook secret', () => signedDelivery(stub(990_007), { hookSecret: null })],
    ['carrying a wrong hook secret', () => signedDelivery(stub(990_008), { hookSecret: 'guessed-secret-guessed-secret-guessed' })],
  ])('should reject a delivery that is %s with 401, store nothing and count it', async (_name, make) => {
    const before = await (await fetch(`${p.t.url}/metrics`)).text();
    const res = await deliver(make());
    expect(res.status).toBe(401);
    const after = await (await fetch(`${p.t.url}/metrics`)).text();
    const count = (text: string) => [...text.matchAll(/^mlc_webhook_rejected_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(count(after)).toBe(count(before) + 1);
    expect(p.t.logs.text()).not.toContain(hookSecret());
  });

  it('should answer what is not a delivery without storing anything, and leave the rest of the API to Nest', async () => {
    const huge = signedDelivery({ ...stub(990_009), padding: 'x'.repeat(1_100_000) });
    const tooLarge = await deliver(huge);
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    const wrongMethod = await fetch(webhookUrl());
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const unknown = await fetch(`${p.t.url}/webhooks/bigcommerce/not-a-connection`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await deliveriesFor(990_009)).toBe(0);
    // Everything else still reaches Express and Nest (guards included).
    expect((await fetch(`${p.t.url}/api/records`)).status).toBe(401);
    expect((await fetch(`${p.t.url}/health`)).status).toBe(200);
  });

  it('should re-activate a hook the store deactivated when the health check runs', async () => {
    const hook = hooks.find((h) => h.scope === 'store/order/created')!;
    expect((await p.store('PUT', `/v3/hooks/${hook.id}`, { is_active: false })).status).toBe(200);
    const res = await p.t.call('POST', `/api/connections/${p.demo.bigcommerceConnectionId}/webhooks`, { token: p.demo.token, body: { publicBaseUrl: p.t.url } });
    expect(res.status).toBe(200);
    expect(res.body.reactivated).toEqual(['store/order/created']);
    expect(res.body.active).toBe(6);
    const after = (await p.store('GET', `/v3/hooks/${hook.id}`)).body.data as Hook;
    expect(after.is_active).toBe(true);
    const health = await p.t.call('GET', `/api/connections/${p.demo.bigcommerceConnectionId}/webhooks`, { token: p.demo.token });
    expect(health.body).toMatchObject({ active: 6, total: 6, problems: [] });
  });

  it('should find an order whose webhook was dropped with the catch-up poll, and post it once', async () => {
    await fetch(`${p.sandboxes.bigcommerce.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'drop-webhook', count: -1 }) });
    let id: number;
    try {
      id = (await p.store('POST', '/v2/orders', norwegianOrder({ email: 'dropped@example.no' }))).body.id;
      await p.sandboxes.bigcommerce.flushWebhooks();
      expect(await deliveriesFor(id)).toBe(0);
    } finally {
      await fetch(`${p.sandboxes.bigcommerce.url}/_sandbox/faults`, { method: 'DELETE' });
    }
    const res = await p.t.call('POST', `/api/connections/${p.demo.bigcommerceConnectionId}/catch-up`, { token: p.demo.token });
    expect(res.status).toBe(202);
    const record = await p.record('order', String(id), ['posted']);
    expect(record.targetRef).toBeTruthy();
    await p.t.call('POST', `/api/connections/${p.demo.bigcommerceConnectionId}/catch-up`, { token: p.demo.token });
    const cursor = await waitFor(async () => {
      const rows = await p.t.db.query(`SELECT cursor, window_upper_bound FROM sync_cursor WHERE connection_id = $1`, [p.demo.bigcommerceConnectionId]);
      return rows[0]?.window_upper_bound === null && rows[0]?.cursor?.lastUpperBound ? rows[0] : undefined;
    });
    expect(cursor.cursor.lastUpperBound).toBeTruthy();
    const invoices = p.sandboxes.visma.store('5100001').snapshot().invoices.filter((i) => i.externalReference === `bc:mlcdemo1:${id}`);
    expect(invoices).toHaveLength(1);
  });

  it('should keep every credential out of the logs, even at debug level, after all of the above', () => {
    const logs = p.t.logs.text();
    expect(p.t.logs.lines.length).toBeGreaterThan(50);
    for (const secret of [BIGCOMMERCE_DEMO.accessToken, BIGCOMMERCE_DEMO.clientSecret, VISMA_DEMO.clientSecret, hookSecret(), p.demo.token]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toMatch(/Bearer [A-Za-z0-9._-]{20,}/);
  });
});
