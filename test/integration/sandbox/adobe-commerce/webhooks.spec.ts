import { createVerify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adobeCommercePlaceOrder, adobeCommerceWebhookPublicKey, startAdobeCommerceSandbox, type RunningAdobeCommerceSandbox } from '../../../../apps/sandbox/src/adobe-commerce';
import { paas, raw } from './support';

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

/** A local receiver answering `{"op":"success"}`, or what `answer` says for a path. */
async function receiver(answer: (path: string) => { status: number; body: unknown } = () => ({ status: 200, body: { op: 'success' } })): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const { status, body } = answer(req.url ?? '');
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const hook = (url: string, extra: Record<string, unknown> = {}): { webhook: Record<string, unknown> } => ({
  webhook: { webhook_method: 'observer.sales_order_save_after', webhook_type: 'after', batch_name: 'mlc', hook_name: 'order_saved', url, required: false, timeout: 2000, fields: [], rules: [], headers: [{ name: 'x-mlc-secret', value: 's3cret' }], ...extra },
});

describe('Adobe Commerce sandbox webhooks', () => {
  let sandbox: RunningAdobeCommerceSandbox;
  let target: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    sandbox = await startAdobeCommerceSandbox({ port: 0 });
    target = await receiver((path) => (path === '/fail' ? { status: 500, body: { error: 'down' } } : path === '/refuse' ? { status: 200, body: { op: 'exception', message: 'ERP says no' } } : { status: 200, body: { op: 'success' } }));
  });
  afterAll(async () => {
    await sandbox.close();
    await target.close();
  });
  beforeEach(() => {
    sandbox.reset();
    target.received.length = 0;
  });

  const placeOrder = (): Promise<Record<string, unknown>> => adobeCommercePlaceOrder(sandbox.url, { customerId: 10, lines: [{ sku: 'NL-MUG-01', qty: 1 }] });

  it('should subscribe, list and deliver the order payload synchronously with the hook headers', async () => {
    expect((await paas(sandbox, 'POST', '/webhooks/subscribe', { store: 'all', body: hook(`${target.url}/orders`) })).json).toEqual([]);
    const list = (await paas(sandbox, 'GET', '/webhooks/list', { store: 'all' })).json;
    expect(list).toEqual([expect.objectContaining({ webhook_method: 'observer.sales_order_save_after', hook_name: 'order_saved', batch_order: 0, method: '', fallback_error_message: '' })]);
    const order = await placeOrder();
    expect(target.received).toHaveLength(1);
    const delivery = target.received[0];
    expect(delivery?.headers['x-mlc-secret']).toBe('s3cret');
    expect(delivery?.headers['x-adobe-commerce-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivery?.headers['x-adobe-commerce-webhook-signature']).toBeUndefined();
    const payload = JSON.parse(delivery?.body ?? '{}');
    expect(payload.eventName).toBe('sales_order_save_after');
    expect(payload.data.order.entity_id).toBe(order['entity_id']);
    expect(payload.data.data_object.increment_id).toBe(order['increment_id']);
  });

  it('should sign the raw body with RSA-SHA256 when signature verification is on', async () => {
    sandbox.configure({ isWebhookSignatureEnabled: true });
    await paas(sandbox, 'POST', '/webhooks/subscribe', { body: hook(`${target.url}/orders`) });
    await placeOrder();
    const delivery = target.received[0];
    const publicKey = await adobeCommerceWebhookPublicKey(sandbox.url);
    expect(publicKey).toBe(sandbox.webhookPublicKey());
    const signature = String(delivery?.headers['x-adobe-commerce-webhook-signature']);
    expect(createVerify('RSA-SHA256').update(Buffer.from(delivery?.body ?? '').toString('base64')).verify(publicKey, signature, 'base64')).toBe(true);
    expect(createVerify('RSA-SHA256').update(Buffer.from(`${delivery?.body ?? ''} `).toString('base64')).verify(publicKey, signature, 'base64')).toBe(false);
    const renewed = (await raw(`${sandbox.url}/_sandbox/adobe-commerce/webhook-key-pair`, { method: 'POST' })).json.publicKey as string;
    expect(createVerify('RSA-SHA256').update(Buffer.from(delivery?.body ?? '').toString('base64')).verify(renewed, signature, 'base64')).toBe(false);
  });

  it('should send only the subscribed fields, renamed, and skip a hook whose rule does not match', async () => {
    await paas(sandbox, 'POST', '/webhooks/subscribe', {
      body: hook(`${target.url}/fields`, { fields: [{ name: 'order.id', source: 'data.order.entity_id' }, { name: 'order.updated_at', source: 'data.order.updated_at' }, { name: 'skus[]', source: 'data.order.items[].sku' }] }),
    });
    await paas(sandbox, 'POST', '/webhooks/subscribe', { body: hook(`${target.url}/sek-only`, { hook_name: 'sek_only', rules: [{ field: 'data.order.order_currency_code', operator: 'equal', value: 'SEK' }] }) });
    const order = await placeOrder();
    expect(target.received.map((r) => r.path)).toEqual(['/fields']);
    expect(JSON.parse(target.received[0]?.body ?? '{}')).toEqual({ order: { id: order['entity_id'], updated_at: order['updated_at'] }, skus: ['NL-MUG-01'] });
    expect(sandbox.deliveries().map((d) => d.outcome).sort()).toEqual(['delivered', 'skipped']);
  });

  it('should not block on an optional hook that fails but stop on a required one', async () => {
    await paas(sandbox, 'POST', '/webhooks/subscribe', { body: hook(`${target.url}/fail`) });
    expect((await placeOrder())['entity_id']).toBeDefined();
    await paas(sandbox, 'POST', '/webhooks/subscribe', { body: hook(`${target.url}/refuse`, { hook_name: 'erp', required: true, fallback_error_message: 'Unable to sync the order' }) });
    const answer = await raw(`${sandbox.url}/_sandbox/adobe-commerce/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId: 10, lines: [{ sku: 'NL-MUG-01', qty: 1 }] }) });
    expect(answer).toMatchObject({ status: 400, json: { message: 'ERP says no' } });
  });

  it('should deliver invoice, credit memo and customer after-events', async () => {
    for (const [method, name] of [['observer.sales_order_invoice_save_after', 'inv'], ['observer.sales_order_creditmemo_save_after', 'memo'], ['observer.customer_save_after_data_object', 'cust']] as const) {
      await paas(sandbox, 'POST', '/webhooks/subscribe', { body: hook(`${target.url}/${name}`, { webhook_method: method, hook_name: name }) });
    }
    await paas(sandbox, 'POST', '/order/6/invoice', { body: { capture: true } });
    await paas(sandbox, 'POST', '/order/6/refund', { body: {} });
    await paas(sandbox, 'PUT', '/customers/10', { body: { customer: { lastname: 'Nordkvinne' } } });
    const byPath = Object.fromEntries(target.received.map((r) => [r.path, JSON.parse(r.body)]));
    expect(byPath['/inv'].data.invoice.order_id).toBe(6);
    expect(byPath['/memo'].data.creditmemo.order_id).toBe(6);
    expect(byPath['/cust'].data).toMatchObject({ customer_data_object: { lastname: 'Nordkvinne' }, orig_customer_data_object: { lastname: 'Nordmann' } });
  });

  it('should drop, duplicate and delay deliveries on faults, logged with a cursor', async () => {
    await paas(sandbox, 'POST', '/webhooks/subscribe', { body: hook(`${target.url}/orders`) });
    sandbox.faults.arm({ kind: 'drop-webhook', count: 1, scope: 'observer.sales_order' });
    await placeOrder();
    expect(target.received).toHaveLength(0);
    sandbox.faults.arm({ kind: 'duplicate-webhook', count: 1 });
    await placeOrder();
    expect(target.received).toHaveLength(2);
    sandbox.faults.arm({ kind: 'delay-webhook', count: 1, delayMs: 50 });
    await placeOrder();
    expect(target.received).toHaveLength(2);
    await sandbox.flushWebhooks();
    expect(target.received).toHaveLength(3);
    const first = (await raw(`${sandbox.url}/_sandbox/webhook-deliveries?limit=2`)).json;
    expect(first.deliveries.map((d: { outcome: string }) => d.outcome)).toEqual(['dropped', 'delivered']);
    const rest = (await raw(`${sandbox.url}/_sandbox/webhook-deliveries?after=${first.next as number}`)).json;
    expect(rest.deliveries.map((d: { outcome: string; duplicate: boolean }) => `${d.outcome}${d.duplicate ? '*' : ''}`)).toEqual(['delivered*', 'delayed', 'delivered']);
  });

  it('should unsubscribe and validate subscriptions', async () => {
    await paas(sandbox, 'POST', '/webhooks/subscribe', { body: hook(`${target.url}/orders`) });
    expect((await paas(sandbox, 'POST', '/webhooks/subscribe', { body: hook(target.url, { hook_name: 'bad name' }) })).status).toBe(400);
    expect((await paas(sandbox, 'POST', '/webhooks/subscribe', { body: { webhook: { webhook_type: 'after' } } })).json).toMatchObject({ parameters: { fieldName: 'webhook_method' } });
    const gone = await paas(sandbox, 'POST', '/webhooks/unsubscribe', { body: { webhook: { webhook_method: 'observer.sales_order_save_after', webhook_type: 'after', batch_name: 'mlc', hook_name: 'order_saved' } } });
    expect(gone.json).toEqual([]);
    expect((await paas(sandbox, 'GET', '/webhooks/list')).json).toEqual([]);
  });

  it('should answer 429 with Retry-After and a masked 500 on request faults', async () => {
    sandbox.faults.arm({ kind: 'http-429', count: 1, retryAfterSeconds: 7 });
    const limited = await paas(sandbox, 'GET', '/orders/4');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    sandbox.faults.arm({ kind: 'http-500', count: 1, pathContains: '/V1/orders' });
    expect((await paas(sandbox, 'GET', '/orders/4')).json.message).toMatch(/^Internal Error\. Details are available in Magento log file\. Report ID: webapi-/);
    expect((await paas(sandbox, 'GET', '/orders/4')).status).toBe(200);
  });
});
