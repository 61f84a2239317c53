import { createHmac } from 'node:crypto';
import { parseMinor } from '@mlc/mapping';
import { VISMA_DEMO } from '@mlc/sandbox';
import { norwegianWooCommerceOrder, type WooCommerceShop, wooCommerceShop } from '../../../apps/demo/src/woocommerce-shop';
import { WebhookUpkeepScheduler } from '../../../apps/api/src/modules/sync/webhook-upkeep';
import { waitFor } from '../../support/api-harness';
import { type Pipeline, startPipeline } from '../../support/pipeline-harness';

type Row = { id: string; status: string; target_ref: string | null; last_error: { message?: string; code?: string } | null; source_version: string | null; source_payload: Record<string, unknown> | null };
type Hook = { id: number; topic: string; status: string; deliveryUrl: string; failureCount: number; secret: string };

/**
 * WooCommerce → Visma end to end over real HTTP: the WooCommerce sandbox delivers signed webhooks to the product, which
 * posts into the Visma sandbox; the poll is the source of truth when hooks die or were never there.
 */
jest.setTimeout(60_000);

describe('WooCommerce → Visma (end to end through the sandboxes)', () => {
  let p: Pipeline;
  let shop: WooCommerceShop;
  let connectionId: string;
  const norway = () => p.sandboxes.visma.store(VISMA_DEMO.companies.norway.companyId).snapshot();
  const rowOf = async (entityType: string, externalId: string): Promise<Row | undefined> =>
    (await p.t.db.query(`SELECT id, status, target_ref, last_error, source_version, source_payload FROM sync_record WHERE connection_id = $1 AND entity_type = $2 AND external_id = $3`, [connectionId, entityType, externalId]))[0];
  const settled = (entityType: string, externalId: string, timeoutMs = 20_000) =>
    waitFor(async () => {
      const row = await rowOf(entityType, externalId);
      return row && ['posted', 'failed', 'skipped'].includes(row.status) ? row : undefined;
    }, { timeoutMs, what: `${entityType} ${externalId} settled` });
  const hooks = async (): Promise<Hook[]> => ((await (await fetch(`${p.sandboxes.woocommerce.url}/_sandbox/woocommerce/webhooks`)).json()) as { webhooks: Hook[] }).webhooks;
  const ourHook = async (topic: string) => (await hooks()).find((h) => h.topic === topic && h.deliveryUrl.includes(connectionId) && h.status !== 'deleted');
  const createOrder = async (email: string, options: { coupon?: string; withFee?: boolean } = {}) => {
    const res = await shop('POST', '/orders', norwegianWooCommerceOrder(email, options));
    expect(res.status).toBe(201);
    return res.body as { id: number; total: string; date_modified_gmt: string };
  };
  const deliver = (body: Buffer | string, headers: Record<string, string>) => fetch(`${p.t.url}/webhooks/woocommerce/${connectionId}`, { method: 'POST', headers, body });
  const signed = (body: string, secret: string, topic = 'order.updated') => ({
    'content-type': 'application/json',
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-resource': topic.split('.')[0] ?? '',
    'x-wc-webhook-event': topic.split('.')[1] ?? '',
    'x-wc-webhook-source': `${p.sandboxes.woocommerce.url}/`,
    'x-wc-webhook-id': '1',
    'x-wc-webhook-delivery-id': 'abc',
    'x-wc-webhook-signature': createHmac('sha256', secret).update(body).digest('base64'),
  });

  beforeAll(async () => {
    p = await startPipeline({}, { woocommerce: true });
    shop = wooCommerceShop(p.sandboxes.woocommerce);
    connectionId = p.demo.woocommerce?.connectionId ?? '';
    // As in production, the scheduled webhook check points hooks at PUBLIC_BASE_URL (the app's own URL here, known
    // only once it listens).
    Object.assign(p.t.config, { PUBLIC_BASE_URL: p.t.url });
    expect(connectionId).not.toBe('');
  }, 90_000);
  afterAll(async () => {
    await p?.close();
  });

  it('should register one active, signed hook per topic pointing at the product', async () => {
    const ours = (await hooks()).filter((h) => h.deliveryUrl.includes(connectionId));
    expect(ours.map((h) => [h.topic, h.status]).sort()).toEqual([['customer.created', 'active'], ['customer.updated', 'active'], ['order.created', 'active'], ['order.updated', 'active']]);
    expect(new Set(ours.map((h) => h.secret)).size).toBe(1);
  });

  it('should post exactly one invoice for a signed delivery of a paid order, balanced to the order total', async () => {
    const order = await createOrder('ingrid.e2e@example.no', { coupon: 'spring10', withFee: true });
    const row = await settled('order', String(order.id));
    expect(row.last_error).toBeNull();
    expect(row.status).toBe('posted');
    await p.sandboxes.woocommerce.flushWebhooks();
    const invoices = norway().invoices.filter((i) => i.referenceNumber === row.target_ref);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.amountMinor).toBe(parseMinor(order.total, 'NOK', 'total'));
    expect(norway().invoices.filter((i) => i.externalReference === invoices[0]?.externalReference)).toHaveLength(1);
  });

  it('should refuse forged and re-serialised deliveries (401), answer the unsigned ping with 200, and change nothing on a stale one', async () => {
    const order = await createOrder('stale.e2e@example.no');
    const row = await settled('order', String(order.id));
    const secret = (await ourHook('order.updated'))?.secret ?? '';
    const raw = JSON.stringify(row.source_payload).replace(/\//g, '\\/');
    const forged = await deliver(raw, { ...signed(raw, 'not-the-secret') });
    expect(forged.status).toBe(401);
    const reserialised = JSON.stringify(JSON.parse(raw));
    const resigned = { ...signed(raw, secret) };
    expect((await deliver(reserialised, resigned)).status).toBe(raw === reserialised ? 200 : 401);
    const ping = await deliver('webhook_id=4', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(ping.status).toBe(200);
    // An older version of the order than the record holds: accepted with 200 (a 4xx would count toward disabling the
    // hook) and marked stale; the record keeps the newer payload.
    const older = { ...(row.source_payload ?? {}), status: 'on-hold', date_modified_gmt: '2020-01-01T00:00:00' };
    const olderBody = JSON.stringify(older);
    const stale = await deliver(olderBody, signed(olderBody, secret));
    expect(stale.status).toBe(200);
    expect(await stale.json()).toMatchObject({ accepted: true, stale: true });
    const after = await rowOf('order', String(order.id));
    expect(after?.source_version).toBe(row.source_version);
    expect(after?.status).toBe('posted');
  });

  it('should recreate a hook the shop disabled after failed deliveries, and post the orders it missed by the poll', async () => {
    // Our side answers 401 while the secret is wrong: every order.created delivery fails until the shop disables the hook.
    const token = await p.t.login();
    expect((await p.t.call('PATCH', `/api/connections/${connectionId}`, { token, body: { credentials: { hookSecret: 'x'.repeat(43) } } })).status).toBe(200);
    const missed: number[] = [];
    await waitFor(async () => {
      missed.push((await createOrder(`missed.${missed.length}@example.no`)).id);
      await p.sandboxes.woocommerce.flushWebhooks();
      return (await ourHook('order.created'))?.status === 'disabled' ? true : undefined;
    }, { timeoutMs: 60_000, what: 'order.created hook disabled by the shop' });
    expect(missed.length).toBeGreaterThanOrEqual(6);
    // The scheduled webhook check: the disabled hook is deleted and created anew (re-enabling keeps its failure count),
    // and the repair asks the flow for a catch-up that finds the missed orders.
    await p.t.app.get(WebhookUpkeepScheduler).enqueueWebhookChecks();
    await waitFor(async () => ((await ourHook('order.created'))?.status === 'active' ? true : undefined), { timeoutMs: 60_000, what: 'order.created hook recreated' });
    for (const id of missed) {
      const row = await settled('order', String(id), 30_000);
      expect(row.status).toBe('posted');
    }
    const health = (await p.t.call('GET', '/api/flows', { token })).body.find((f: { id: string }) => f.id === p.demo.woocommerce?.flowId)?.webhookHealth;
    expect(health).toMatchObject({ active: 4, total: 4 });
  }, 120_000);

  it('should post every order by polling when the shop has no webhooks at all', async () => {
    for (const hook of (await hooks()).filter((h) => h.deliveryUrl.includes(connectionId))) expect((await shop('DELETE', `/webhooks/${hook.id}?force=true`)).status).toBe(200);
    const orders = [await createOrder('poll.one@example.no'), await createOrder('poll.two@example.no')];
    await p.sandboxes.woocommerce.flushWebhooks();
    expect(await rowOf('order', String(orders[0]?.id))).toBeUndefined();
    const token = await p.t.login();
    expect((await p.t.call('POST', `/api/connections/${connectionId}/catch-up`, { token })).status).toBeLessThan(300);
    for (const order of orders) expect((await settled('order', String(order.id), 30_000)).status).toBe('posted');
    await p.t.call('POST', `/api/connections/${connectionId}/webhooks`, { token, body: { publicBaseUrl: p.t.url } });
  });

  it('should credit a refund as a credit note against its order’s invoice', async () => {
    const order = await createOrder('refund.e2e@example.no');
    const posted = await settled('order', String(order.id));
    const refund = await shop('POST', `/orders/${order.id}/refunds`, { amount: '50.00', reason: 'Scratched', api_refund: false, api_restock: false });
    expect(refund.status).toBe(201);
    const row = await settled('refund', `${order.id}:${(refund.body as { id: number }).id}`);
    expect(row.last_error).toBeNull();
    const note = norway().creditNotes.find((c) => c.referenceNumber === row.target_ref);
    expect(note?.amountMinor).toBe(5000);
    expect(posted.target_ref).toBeTruthy();
  });

  it('should land customers as Visma customers, or as suppliers once the flow says so', async () => {
    const created = await shop('POST', '/customers', { email: 'anne.kunde@example.no', first_name: 'Anne', last_name: 'Kunde', billing: { first_name: 'Anne', last_name: 'Kunde', address_1: 'Torget 1', city: 'Trondheim', postcode: '7011', country: 'NO', email: 'anne.kunde@example.no' } });
    expect(created.status).toBe(201);
    const id = String((created.body as { id: number }).id);
    expect((await settled('customer', id)).status).toBe('posted');
    expect(norway().customers.filter((c) => c.mainContact?.email === 'anne.kunde@example.no')).toHaveLength(1);

    const token = await p.t.login();
    const flowId = p.demo.woocommerce?.flowId ?? '';
    expect((await p.t.call('PATCH', `/api/flows/${flowId}`, { token, body: { posting: { orderDocument: 'customer-invoice', customerAs: 'supplier', supplier: { supplierClassId: 'NO' } } } })).status).toBe(200);
    const vendor = await shop('POST', '/customers', { email: 'lev.verandor@example.no', first_name: 'Lev', last_name: 'Verandør', billing: { first_name: 'Lev', last_name: 'Verandør', address_1: 'Kaia 2', city: 'Bergen', postcode: '5003', country: 'NO', email: 'lev.verandor@example.no' } });
    const vendorId = String((vendor.body as { id: number }).id);
    await waitFor(async () => ((await rowOf('customer', vendorId))?.status === 'posted' ? true : undefined), { timeoutMs: 20_000, what: 'supplier posted' });
    expect(norway().suppliers.filter((s) => s.mainContact?.email === 'lev.verandor@example.no')).toHaveLength(1);
    expect(norway().customers.filter((c) => c.mainContact?.email === 'lev.verandor@example.no')).toHaveLength(0);
  });
});
