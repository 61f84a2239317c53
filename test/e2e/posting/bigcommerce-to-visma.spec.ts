import { randomUUID } from 'node:crypto';
import { parseMinor } from '@mlc/mapping';
import type { Redis } from 'ioredis';
import { VISMA_DEMO } from '@mlc/sandbox';
import { REDIS } from '../../../apps/api/src/common/redis.module';
import { DEMO_MAPPING_RULES } from '../../../apps/demo/src/demo-mapping';
import { RecordsService } from '../../../apps/api/src/modules/sync/records.service';
import { waitFor } from '../../support/api-harness';
import { norwegianOrder, type Pipeline, startPipeline } from '../../support/pipeline-harness';

jest.setTimeout(60_000);

describe('BigCommerce orders into Visma (end to end through the sandboxes)', () => {
  let p: Pipeline;
  const company = () => p.sandboxes.visma.store(VISMA_DEMO.companies.norway.tenantId).snapshot();
  const invoicesFor = (ref: string) => company().invoices.filter((i) => i.externalReference === ref);
  const vismaPosts = (path: string) => p.sandboxes.visma.log.list({ method: 'POST', pathContains: path }).length;
  const newOrder = async (email: string, overrides: Parameters<typeof norwegianOrder>[0] = {}) => {
    const created = await p.store('POST', '/v2/orders', norwegianOrder({ email, ...overrides }));
    expect(created.status).toBe(200);
    return String(created.body.id);
  };

  /** Refunds one unit (499.00 NOK) of the order's first product through the store's refund API. */
  const refundOneItem = async (id: string) => {
    const products = (await p.store('GET', `/v2/orders/${id}/products`)).body;
    return p.store('POST', `/v3/orders/${id}/payment_actions/refunds`, {
      items: [{ item_type: 'PRODUCT', item_id: products[0].id, quantity: 1 }],
      payments: [{ provider_id: 'custom', amount: 499, offline: true }],
    });
  };

  beforeAll(async () => {
    p = await startPipeline();
  });
  afterAll(async () => {
    await p?.close();
  });

  it("should post the store's existing Norwegian order found by the catch-up poll, balanced to the cent", async () => {
    const record = await p.record('order', '304');
    expect(record.status).toBe('posted');
    const [invoice] = invoicesFor('bc:mlcdemo1:304');
    const order = (await p.store('GET', '/v2/orders/304')).body;
    expect(invoice?.amountMinor).toBe(parseMinor(order.total_inc_tax, 'NOK', 'total_inc_tax'));
    expect(invoice?.currencyId).toBe('NOK');
    expect(record.targetRef).toBe(invoice?.referenceNumber);
    // The overview reads the same shared Redis budget the Visma client spends (one key format for both).
    const overview = (await p.t.call('GET', '/api/overview', { token: p.demo.token })).body;
    const norway = (overview.rateBudgets as { connectionId: string; used: number; limit: number }[]).find((b) => b.connectionId === p.demo.vismaConnectionId);
    expect(norway).toMatchObject({ limit: 100_000 });
    expect(norway?.used).toBeGreaterThan(0);
  });

  it('should fail foreign-VAT orders visibly with the mapping problem in words, keeping the order', async () => {
    const record = await p.record('order', '301');
    expect(record.status).toBe('failed');
    expect(JSON.stringify(record.lastError)).toMatch(/No VAT code is mapped for 25\.5 % in FI/);
    expect(record.sourcePayload).toMatchObject({ order: { id: 301 } });
    expect(invoicesFor('bc:mlcdemo1:301')).toHaveLength(0);
  });

  it('should post a new order from its webhook once, even when webhooks for it arrive five times', async () => {
    const id = await newOrder('five.times@example.no');
    expect((await p.record('order', id)).status).toBe('posted');
    for (const status of [9, 2, 10, 2]) await p.store('PUT', `/v2/orders/${id}`, { status_id: status });
    await p.sandboxes.bigcommerce.flushWebhooks();
    const deliveries = p.sandboxes.bigcommerce.deliveries().filter((d) => d.outcome === 'delivered' && d.scope.startsWith('store/order/'));
    expect(deliveries.length).toBeGreaterThanOrEqual(5);
    expect((await p.record('order', id)).status).toBe('posted');
    expect(invoicesFor(`bc:mlcdemo1:${id}`)).toHaveLength(1);
    const kinds: { kind: string }[] = await p.t.db.query(
      `SELECT e.kind FROM audit_event e JOIN sync_record r ON r.id = e.record_id WHERE r.external_id = $1 AND r.entity_type = 'order'`,
      [id],
    );
    expect(kinds.filter((k) => k.kind === 'record.posted')).toHaveLength(1);
  });

  it('should cost one Visma call for a returning customer and at most three BigCommerce calls per order', async () => {
    await p.record('order', await newOrder('returning@example.no'));
    p.sandboxes.visma.log.clear();
    p.sandboxes.bigcommerce.log.clear();
    const id = await newOrder('returning@example.no');
    await p.record('order', id);
    const vismaCalls = p.sandboxes.visma.log.list().filter((r) => r.path.startsWith('/v1') || r.path.startsWith('/v2'));
    expect(vismaCalls.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v2/customerinvoice']);
    const storeReads = p.sandboxes.bigcommerce.log.list({ method: 'GET', pathContains: `/orders/${id}` });
    expect(storeReads.length).toBeLessThanOrEqual(3);
  });

  it("should not post twice when the worker dies after Visma's 201 but before the outcome is recorded", async () => {
    const records = p.t.app.get(RecordsService);
    const original = records.finish.bind(records);
    let isCrashed = false;
    const spy = jest.spyOn(records, 'finish').mockImplementation(async (id, outcome, event) => {
      if (!isCrashed && outcome.status === 'posted') {
        isCrashed = true;
        throw new Error('worker died before recording the outcome');
      }
      return original(id, outcome, event);
    });
    try {
      const before = vismaPosts('/v2/customerinvoice');
      const id = await newOrder('crash.after.201@example.no');
      const record = await p.record('order', id, ['posted'], 20_000);
      expect(isCrashed).toBe(true);
      expect(vismaPosts('/v2/customerinvoice') - before).toBe(1);
      expect(invoicesFor(`bc:mlcdemo1:${id}`)).toHaveLength(1);
      expect(record.targetRef).toBe(invoicesFor(`bc:mlcdemo1:${id}`)[0]?.referenceNumber);
    } finally {
      spy.mockRestore();
    }
  });

  it("should keep a record Visma rejected as failed with Visma's message, and post it after the mapping is fixed and it is replayed", async () => {
    const flowPath = `/api/flows/${p.demo.flowId}/mapping`;
    const token = p.demo.token;
    const broken = { ...DEMO_MAPPING_RULES, accounts: { ...DEMO_MAPPING_RULES.accounts, byLineType: { ...DEMO_MAPPING_RULES.accounts.byLineType, product: '3099' } } };
    expect((await p.t.call('PUT', flowPath, { token, body: { rules: broken } })).status).toBe(200);
    const id = await newOrder('rejected@example.no');
    const failed = await p.record('order', id);
    expect(failed.status).toBe('failed');
    expect(JSON.stringify(failed.lastError)).toMatch(/3099/);

    expect((await p.t.call('PUT', flowPath, { token, body: { rules: DEMO_MAPPING_RULES } })).status).toBe(200);
    const detail = (await p.t.call('GET', `/api/records?externalId=${id}&entityType=order`, { token })).body.items[0];
    expect((await p.t.call('POST', `/api/records/${detail.id}/replay`, { token })).status).toBe(202);
    const posted = await p.record('order', id, ['posted']);
    expect(invoicesFor(`bc:mlcdemo1:${id}`)).toHaveLength(1);
    const timeline = (await p.t.call('GET', `/api/records/${detail.id}`, { token })).body.timeline.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(['record.received', 'record.fetched', 'record.mapped', 'record.failed', 'record.replayed', 'record.posted']));
    expect(posted.targetRef).toBeTruthy();
  });

  it('should turn a refund into a credit note applied to the order invoice', async () => {
    const id = await newOrder('refund@example.no', { quantity: 2 });
    const order = await p.record('order', id, ['posted']);
    const refund = await refundOneItem(id);
    expect(refund.status).toBe(201);
    const credit = await p.record('refund', `${id}:${refund.body.data.id}`, ['posted', 'failed'], 20_000);
    expect(credit.lastError).toBeNull();
    const notes = company().creditNotes.filter((c) => c.externalReference === `bc:mlcdemo1:${id}:r${refund.body.data.id}`);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.amountMinor).toBe(49_900);
    expect(order.targetRef).toBeTruthy();
  });

  it("should take over a new customer's creation lock from a worker that died holding it, and create the customer once", async () => {
    const email = 'lock.orphan@example.no';
    // A worker was killed while creating this customer: its lock names a record whose lease is gone.
    const redis = p.t.app.get<Redis>(REDIS);
    const deadHolder = `${randomUUID()}:${randomUUID()}:${randomUUID()}`;
    await redis.set(`lock:customer:${p.demo.vismaConnectionId}:${email}`, deadHolder, 'PX', 60_000);
    const id = await newOrder(email);
    const posted = await p.record('order', id, ['posted', 'failed'], 15_000);
    expect(posted.lastError).toBeNull();
    expect(company().customers.filter((c) => c.mainContact?.email === email)).toHaveLength(1);
    // The lock it took over is released once the customer exists.
    expect(await redis.get(`lock:customer:${p.demo.vismaConnectionId}:${email}`)).toBeNull();
  });

  it('should post a refund as soon as its order is posted, not after its wait for the order runs out', async () => {
    // Visma holds the order's invoice POST for 3 s, so the refund arrives while its order is still on its way.
    p.sandboxes.visma.faults.arm({ kind: 'latency', delayMs: 3_000, count: 1, method: 'POST', pathContains: 'customerinvoice' });
    const id = await newOrder('refund.early@example.no', { quantity: 2 });
    await p.record('order', id, ['processing'], 10_000);
    const refund = await refundOneItem(id);
    expect(refund.status).toBe(201);
    const credit = await p.record('refund', `${id}:${refund.body.data.id}`, ['posted', 'failed'], 25_000);
    expect(credit.lastError).toBeNull();
    const events: { kind: string; created_at: Date }[] = await p.t.db.query(
      `SELECT e.kind, e.created_at FROM audit_event e JOIN sync_record r ON r.id = e.record_id
        WHERE r.external_id = ANY($1) AND e.kind IN ('record.delayed', 'record.posted') ORDER BY e.id`,
      [[id, `${id}:${refund.body.data.id}`]],
    );
    const kinds = events.map((e) => e.kind);
    expect(kinds).toContain('record.delayed');
    // Woken by the order's posting: well inside the 30 s the refund would otherwise wait.
    const [orderPosted, refundPosted] = events.filter((e) => e.kind === 'record.posted').map((e) => new Date(e.created_at).getTime());
    expect((refundPosted ?? Infinity) - (orderPosted ?? 0)).toBeLessThan(10_000);
  });

  it('should keep the Visma customer master aligned when the shop customer changes, recovering from an If-Match conflict', async () => {
    await p.record('order', '304', ['posted']);
    const before = company().customers.find((c) => c.mainContact.email === 'ingrid.hansen@example.no');
    expect(before).toBeDefined();
    await fetch(`${p.sandboxes.visma.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'http-412', count: 1, method: 'PUT', pathContains: '/v1/customer/' }) });
    const updated = await p.store('PUT', '/v3/customers', [{ id: 4, last_name: 'Hansen-Berg' }]);
    expect(updated.status).toBe(200);
    // The catch-up poll may already have posted customer 4 (flows move customers too): wait for the update itself.
    const after = await waitFor(() => Promise.resolve(company().customers.find((c) => c.mainContact.email === 'ingrid.hansen@example.no' && c.name === 'Ingrid Hansen-Berg')), { what: 'the renamed Visma customer' });
    const record = await p.record('customer', '4', ['posted', 'failed']);
    expect(record.lastError).toBeNull();
    expect(after?.name).toBe('Ingrid Hansen-Berg');
    expect(after?.number).toBe(before?.number);
    const puts = p.sandboxes.visma.log.list({ method: 'PUT', pathContains: `/v1/customer/${before?.number}` });
    expect(puts.map((r) => r.status)).toEqual([412, 204]);
    expect(puts.every((r) => r.headers['if-match'] !== undefined)).toBe(true);
  });

  it('should keep the latest of two customer updates made within one second (their webhooks share the payload hash)', async () => {
    await p.record('order', '304', ['posted']);
    expect((await p.store('PUT', '/v3/customers', [{ id: 4, last_name: 'Hansen-Lie' }])).status).toBe(200);
    expect((await p.store('PUT', '/v3/customers', [{ id: 4, last_name: 'Hansen-Dahl' }])).status).toBe(200);
    const latest = await waitFor(() => Promise.resolve(company().customers.find((c) => c.mainContact.email === 'ingrid.hansen@example.no' && c.name === 'Ingrid Hansen-Dahl')), { what: 'the latest name in Visma' });
    expect(latest.name).toBe('Ingrid Hansen-Dahl');
  });
});
