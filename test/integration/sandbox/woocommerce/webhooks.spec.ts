import { createHmac } from 'node:crypto';
import { startWooCommerceSandbox, WOOCOMMERCE_VERSIONS, type RunningWooCommerceSandbox } from '../../../../apps/sandbox/src/woocommerce';
import createOrderRequest from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.orders.create-an-order.request.json';
import webhookRequest from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.webhooks.create-a-webhook.request.json';
import webhookResponse from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.webhooks.create-a-webhook.response.json';
import webhookUpdate from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.webhooks.update-a-webhook.request.json';
import { call, oauthClient, raw, startReceiver, type ReceivedWebhook } from './support';

const SECRET = 'a-shared-secret-with-&amp;-entity';
const sign = (body: Buffer | string, secret: string): string => createHmac('sha256', secret).update(body).digest('base64');
const isPing = (w: ReceivedWebhook): boolean => w.text.startsWith('webhook_id=');
const USER_AGENT = `WooCommerce/${WOOCOMMERCE_VERSIONS.woocommerce} Hookshot (WordPress/${WOOCOMMERCE_VERSIONS.wordpress})`;

describe('WooCommerce sandbox webhooks', () => {
  let sandbox: RunningWooCommerceSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let answer: (w: ReceivedWebhook) => number = () => 200;
  const api = () => oauthClient(sandbox);
  const deliveries = () => receiver.received.filter((w) => !isPing(w));
  const hook = async (topic: string, extra: Record<string, unknown> = {}): Promise<number> => {
    const res = await call(api().post('webhooks', { name: topic, topic, delivery_url: receiver.url, secret: SECRET, ...extra }));
    expect(res.status).toBe(201);
    return res.data.id as number;
  };
  const state = async (id: number) => ((await raw(`${sandbox.url}/_sandbox/woocommerce/webhooks`)).json.webhooks as Array<{ id: number; failureCount: number; status: string; pendingDelivery: boolean }>).find((h) => h.id === id);

  beforeAll(async () => {
    sandbox = await startWooCommerceSandbox();
    receiver = await startReceiver((_n, w) => answer(w));
  });
  beforeEach(() => {
    answer = () => 200;
    receiver.received.length = 0;
    sandbox.reset();
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('should create a webhook (always active), answer before pinging, and send a form-encoded ping without X-WC headers', async () => {
    const res = await call(api().post('webhooks', { ...webhookRequest, delivery_url: receiver.url, status: 'paused' }));
    expect(res.status).toBe(201);
    expect(Object.keys(res.data)).toEqual(Object.keys(webhookResponse));
    expect(res.data).toMatchObject({ name: 'Order updated', status: 'active', topic: 'order.updated', resource: 'order', event: 'updated', delivery_url: receiver.url, date_modified: null });
    expect(res.data.hooks).toEqual(['woocommerce_update_order', 'woocommerce_order_refunded', 'woocommerce_delete_order_refund']);
    expect(res.data.secret).toBeUndefined();
    expect(receiver.received).toHaveLength(1);
    const ping = receiver.received[0] as ReceivedWebhook;
    expect(ping.text).toBe(`webhook_id=${res.data.id}`);
    expect(ping.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(ping.headers['user-agent']).toBe(USER_AGENT);
    expect(Object.keys(ping.headers).filter((h) => h.startsWith('x-wc'))).toEqual([]);
    const read = (await call(api().get(`webhooks/${res.data.id}`))).data;
    expect(read.date_modified).not.toBeNull();
    expect((await state(res.data.id))?.pendingDelivery).toBe(false);
  });

  it('should list, update (official request: paused), and delete only with force', async () => {
    const first = await hook('order.created');
    const second = await hook('customer.updated');
    const list = await call(api().get('webhooks'));
    expect(list.data.map((h: { id: number }) => h.id)).toEqual([second, first]);
    expect(list.headers['x-wp-total']).toBe('2');
    const paused = await call(api().put(`webhooks/${first}`, webhookUpdate));
    expect(paused.data.status).toBe('paused');
    expect((await call(api().get('webhooks', { status: 'paused' }))).data.map((h: { id: number }) => h.id)).toEqual([first]);
    const noForce = await call(api().delete(`webhooks/${first}`));
    expect(noForce.status).toBe(501);
    expect(noForce.data).toEqual({ code: 'woocommerce_rest_trash_not_supported', message: 'Webhooks do not support trashing.', data: { status: 501 } });
    expect((await call(api().delete(`webhooks/${first}`, { force: true }))).data.id).toBe(first);
    const gone = await call(api().get(`webhooks/${first}`));
    expect(gone.status).toBe(400);
    expect(gone.data).toEqual({ code: 'woocommerce_rest_shop_webhook_invalid_id', message: 'ID is invalid.', data: { status: 400 } });
    const badTopic = await call(api().post('webhooks', { topic: 'order.shipped', delivery_url: receiver.url }));
    expect(badTopic.data.code).toBe('woocommerce_rest_shop_webhook_invalid_topic');
    const badUrl = await call(api().post('webhooks', { topic: 'order.created', delivery_url: 'ftp://example.com/hook' }));
    expect(badUrl.data.code).toBe('woocommerce_rest_shop_webhook_invalid_delivery_url');
  });

  it('should deliver the full order with WooCommerce headers and a signature over the raw, \\/-escaped bytes', async () => {
    const id = await hook('order.created');
    const order = (await call(api().post('orders', createOrderRequest))).data;
    await sandbox.flushWebhooks();
    expect(deliveries()).toHaveLength(1);
    const w = deliveries()[0] as ReceivedWebhook;
    expect(w.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'x-wc-webhook-source': `${sandbox.url}/`,
      'x-wc-webhook-topic': 'order.created',
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': 'created',
      'x-wc-webhook-id': String(id),
    });
    expect(w.headers['x-wc-webhook-delivery-id']).toMatch(/^[0-9a-f]{32}$/);
    // The secret is signed after wp_specialchars_decode(): "&amp;" is "&".
    expect(w.headers['x-wc-webhook-signature']).toBe(sign(w.rawBody, SECRET.replace('&amp;', '&')));
    expect(w.headers['x-wc-webhook-signature']).not.toBe(sign(JSON.stringify(w.json), SECRET.replace('&amp;', '&')));
    expect(w.text).toContain('"href":"http:\\/\\/127.0.0.1');
    expect(w.json).toEqual((await call(api().get(`orders/${order.id}`))).data);
  });

  it('should also fire order.updated for an order created through the API, once per request', async () => {
    await hook('order.updated');
    const order = (await call(api().post('orders', createOrderRequest))).data;
    await sandbox.flushWebhooks();
    expect(deliveries().map((w) => [w.headers['x-wc-webhook-topic'], w.json.id])).toEqual([['order.updated', order.id]]);
  });

  it('should send order.updated (with refunds) for a refund, {"id":N} for a trashed order and nothing for a forced delete', async () => {
    await hook('order.updated');
    await hook('order.deleted');
    const refund = (await call(api().post('orders/727/refunds', { amount: '1.00', api_refund: false }))).data;
    await sandbox.flushWebhooks();
    expect(deliveries().map((w) => w.headers['x-wc-webhook-topic'])).toEqual(['order.updated']);
    expect(deliveries()[0]?.json.refunds).toEqual([{ id: refund.id, reason: '', total: '-1.00' }]);
    receiver.received.length = 0;
    await call(api().delete('orders/728'));
    await sandbox.flushWebhooks();
    expect(deliveries().map((w) => [w.headers['x-wc-webhook-topic'], w.text])).toEqual([['order.deleted', '{"id":728}']]);
    receiver.received.length = 0;
    await call(api().delete('orders/729', { force: true }));
    await sandbox.flushWebhooks();
    expect(deliveries()).toEqual([]);
  });

  it('should send customer.created and customer.updated for a new customer, and {"id":N} on delete', async () => {
    await hook('customer.created');
    await hook('customer.updated');
    await hook('customer.deleted');
    const customer = (await call(api().post('customers', { email: 'new.buyer@example.com', first_name: 'New' }))).data;
    await sandbox.flushWebhooks();
    expect(deliveries().map((w) => w.headers['x-wc-webhook-topic']).sort()).toEqual(['customer.created', 'customer.updated']);
    expect(deliveries()[0]?.json).toMatchObject({ id: customer.id, email: 'new.buyer@example.com', first_name: 'New' });
    receiver.received.length = 0;
    await call(api().delete(`customers/${customer.id}`, { force: true }));
    await sandbox.flushWebhooks();
    expect(deliveries().map((w) => [w.headers['x-wc-webhook-topic'], w.text])).toEqual([['customer.deleted', `{"id":${customer.id}}`]]);
  });

  it('should disable a hook on the 7th consecutive failure (max 5), keep the count when re-enabled, and reset it on success', async () => {
    answer = (w) => (isPing(w) ? 200 : 500);
    const id = await hook('customer.updated');
    for (let i = 1; i <= 7; i += 1) {
      await call(api().put('customers/25', { first_name: `Try ${i}` }));
      await sandbox.flushWebhooks();
      expect((await state(id))?.status).toBe(i < 7 ? 'active' : 'disabled');
    }
    expect((await state(id))?.failureCount).toBe(6);
    expect(sandbox.deliveries().filter((d) => d.kind === 'delivery').at(-1)).toMatchObject({ outcome: 'failed', status: 500, disabledHook: true });
    await call(api().put('customers/25', { first_name: 'Ignored' }));
    await sandbox.flushWebhooks();
    expect(deliveries()).toHaveLength(7);

    expect((await call(api().put(`webhooks/${id}`, { status: 'active' }))).data.status).toBe('active');
    expect((await state(id))?.failureCount).toBe(6);
    await call(api().put('customers/25', { first_name: 'Once more' }));
    await sandbox.flushWebhooks();
    expect((await state(id))?.status).toBe('disabled');

    answer = () => 302;
    await call(api().put(`webhooks/${id}`, { status: 'active' }));
    await call(api().put('customers/25', { first_name: 'Works' }));
    await sandbox.flushWebhooks();
    expect(await state(id)).toMatchObject({ status: 'active', failureCount: 0 });
  });

  it('should coalesce changes while a delivery is pending, still send what was queued before a pause, and deliver nothing while paused', async () => {
    const id = await hook('customer.updated');
    sandbox.faults.arm({ kind: 'delay-webhook', count: 1, delayMs: 150, scope: 'customer.' });
    await call(api().put('customers/25', { first_name: 'First' }));
    await call(api().put('customers/25', { first_name: 'Second' }));
    await call(api().put(`webhooks/${id}`, { status: 'paused' }));
    await sandbox.flushWebhooks();
    expect(deliveries().map((w) => w.json.first_name)).toEqual(['Second']);
    await call(api().put('customers/25', { first_name: 'Third' }));
    await sandbox.flushWebhooks();
    expect(deliveries()).toHaveLength(1);
    expect(sandbox.deliveries().map((d) => d.outcome)).toEqual(['delivered', 'delayed', 'delivered']);
  });

  it('should drop and duplicate deliveries through the fault API and report them on the delivery cursor', async () => {
    await hook('order.updated');
    const armed = await raw(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'drop-webhook', count: 1, scope: 'order.' }) });
    expect(armed.status).toBe(201);
    await call(api().put('orders/727', { customer_note: 'dropped' }));
    await sandbox.flushWebhooks();
    expect(deliveries()).toEqual([]);
    sandbox.faults.arm({ kind: 'duplicate-webhook', count: 1, scope: 'order.updated' });
    await call(api().put('orders/727', { customer_note: 'twice' }));
    await sandbox.flushWebhooks();
    expect(deliveries().map((w) => w.json.customer_note)).toEqual(['twice', 'twice']);
    const log = await raw(`${sandbox.url}/_sandbox/webhook-deliveries?after=0&topic=order.`);
    expect(log.json.deliveries.map((d: { kind: string; outcome: string; duplicate: boolean; fault?: string }) => [d.kind, d.outcome, d.duplicate, d.fault ?? null])).toEqual([
      ['ping', 'delivered', false, null],
      ['delivery', 'dropped', false, 'drop-webhook'],
      ['delivery', 'delivered', false, null],
      ['delivery', 'delivered', true, 'duplicate-webhook'],
    ]);
    const next = await raw(`${sandbox.url}/_sandbox/webhook-deliveries?after=${log.json.next as number}`);
    expect(next.json).toEqual({ deliveries: [], next: log.json.next });
  });
});
