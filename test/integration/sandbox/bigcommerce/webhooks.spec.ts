import { Webhook } from 'standardwebhooks';
import { BIGCOMMERCE_DEMO, startBigCommerceSandbox, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import sampleOrderCreated from '../../../fixtures/bigcommerce/webhook-callbacks/store_order_created.json';
import { api, callbackErrors, startReceiver, type ReceivedWebhook } from './support';

const billing = { first_name: 'Ingrid', last_name: 'Hansen', street_1: 'Karl Johans gate 20', city: 'Oslo', zip: '0159', country: 'Norway', country_iso2: 'NO', email: 'ingrid@example.no' };
const orderBody = { billing_address: billing, status_id: 1, products: [{ name: 'Ski Wax', quantity: 1, price_ex_tax: '40.00', price_inc_tax: '50.00' }] };
const verifier = new Webhook(Buffer.from(BIGCOMMERCE_DEMO.clientSecret).toString('base64'));
const verify = (w: ReceivedWebhook): unknown => verifier.verify(w.rawBody, w.headers as Record<string, string>);

describe('BigCommerce sandbox webhook delivery', () => {
  let sandbox: RunningBigCommerceSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const schedule = [10, 20, 40];

  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  async function setUp(statusFor?: (n: number) => number): Promise<void> {
    receiver = await startReceiver(statusFor);
    sandbox = await startBigCommerceSandbox({ seed: false, webhookRetryScheduleMs: schedule });
  }
  const hook = async (scope: string, extra: Record<string, unknown> = {}): Promise<number> =>
    ((await api(sandbox, 'POST', '/v3/hooks', { body: { scope, destination: receiver.url, is_active: true, ...extra } })).body as { data: { id: number } }).data.id;
  const createOrder = async (): Promise<number> => ((await api(sandbox, 'POST', '/v2/orders', { body: orderBody })).body as { id: number }).id;

  it('should deliver a Standard-Webhooks-signed light stub with the custom headers when an order is created', async () => {
    await setUp();
    await hook('store/order/created', { headers: { 'x-shared-secret': 's3cr3t', authorization: 'Basic dXNlcjpwYXNz' } });
    const orderId = await createOrder();
    await sandbox.flushWebhooks();

    expect(receiver.received).toHaveLength(1);
    const call = receiver.received[0] as ReceivedWebhook;
    expect(verify(call)).toEqual(call.body);
    expect(call.headers['x-shared-secret']).toBe('s3cr3t');
    expect(call.headers['authorization']).toBe('Basic dXNlcjpwYXNz');
    expect(call.headers['content-type']).toBe('application/json');
    expect(callbackErrors('store_order_created', 'store/order/created', call.body)).toBe('');
    expect(Object.keys(call.body)).toEqual(Object.keys(sampleOrderCreated));
    expect(call.body).toMatchObject({ scope: 'store/order/created', store_id: BIGCOMMERCE_DEMO.storeId, producer: `stores/${BIGCOMMERCE_DEMO.storeHash}`, data: { type: 'order', id: orderId } });
    expect(call.body['hash']).toMatch(/^[0-9a-f]{40}$/);
    expect(() => new Webhook(Buffer.from('wrong-secret').toString('base64')).verify(call.rawBody, call.headers as Record<string, string>)).toThrow();
  });

  it('should send updated and statusUpdated with previous and new status to a wildcard hook', async () => {
    await setUp();
    await hook('store/order/*');
    const orderId = await createOrder();
    await api(sandbox, 'PUT', `/v2/orders/${orderId}`, { body: { status_id: 11 } });
    await sandbox.flushWebhooks();

    expect(receiver.received.map((w) => w.body['scope'])).toEqual(['store/order/created', 'store/order/updated', 'store/order/statusUpdated']);
    const status = receiver.received[2] as ReceivedWebhook;
    expect(callbackErrors('store_order_statusUpdated', 'store/order/statusUpdated', status.body)).toBe('');
    expect(status.body['data']).toEqual({ type: 'order', id: orderId, status: { previous_status_id: 1, new_status_id: 11 } });
    receiver.received.forEach((w) => expect(verify(w)).toEqual(w.body));
  });

  it('should fire refund/created and customer created/updated stubs that match their callback schemas', async () => {
    await setUp();
    await hook('store/order/refund/created');
    await hook('store/customer/*');
    const orderId = await createOrder();
    const refund = await api(sandbox, 'POST', `/v3/orders/${orderId}/payment_actions/refunds`, {
      body: { items: [{ item_type: 'ORDER', item_id: orderId, amount: 5 }], payments: [{ provider_id: 'custom', amount: 5, offline: true }] },
    });
    const refundId = (refund.body as { data: { id: number } }).data.id;
    const customers = await api(sandbox, 'POST', '/v3/customers', { body: [{ email: 'new@example.no', first_name: 'Ola', last_name: 'Nordmann' }] });
    const customerId = (customers.body as { data: Array<{ id: number }> }).data[0]?.id;
    await api(sandbox, 'PUT', '/v3/customers', { body: [{ id: customerId, phone: '+47 1' }] });
    await sandbox.flushWebhooks();

    const byScope = Object.fromEntries(receiver.received.map((w) => [String(w.body['scope']), w.body]));
    expect(byScope['store/order/refund/created']?.['data']).toEqual({ type: 'order', id: orderId, refund: { refund_id: refundId } });
    expect(callbackErrors('store_order_refund_created', 'store/order/refund/created', byScope['store/order/refund/created'])).toBe('');
    expect(byScope['store/customer/created']?.['data']).toEqual({ type: 'customer', id: customerId });
    expect(callbackErrors('store_customer_created', 'store/customer/created', byScope['store/customer/created'])).toBe('');
    expect(callbackErrors('store_customer_updated', 'store/customer/updated', byScope['store/customer/updated'])).toBe('');
  });

  it('should retry a failing destination on the schedule with the same hash and id, then deactivate the hook', async () => {
    await setUp(() => 500);
    const hookId = await hook('store/order/created');
    await createOrder();
    await sandbox.flushWebhooks();

    expect(receiver.received).toHaveLength(schedule.length + 1);
    expect(new Set(receiver.received.map((w) => w.body['hash'])).size).toBe(1);
    expect(new Set(receiver.received.map((w) => w.headers['webhook-id'])).size).toBe(1);
    receiver.received.forEach((w) => expect(verify(w)).toEqual(w.body));
    const log = sandbox.deliveries().filter((d) => d.hookId === hookId);
    expect(log.map((d) => [d.attempt, d.status, d.outcome])).toEqual([[1, 500, 'failed'], [2, 500, 'failed'], [3, 500, 'failed'], [4, 500, 'failed']]);
    expect(log.map((d) => d.deactivatedHook)).toEqual([false, false, false, true]);
    const after = await api(sandbox, 'GET', `/v3/hooks/${hookId}`);
    expect((after.body as { data: { is_active: boolean } }).data.is_active).toBe(false);

    await createOrder();
    await sandbox.flushWebhooks();
    expect(receiver.received).toHaveLength(schedule.length + 1);
  });

  it('should stop retrying and keep the hook active once the destination answers 2xx', async () => {
    await setUp((n) => (n === 1 ? 503 : 204));
    const hookId = await hook('store/order/created');
    await createOrder();
    await sandbox.flushWebhooks();
    expect(sandbox.deliveries().map((d) => [d.attempt, d.status, d.outcome])).toEqual([[1, 503, 'failed'], [2, 204, 'delivered']]);
    expect(((await api(sandbox, 'GET', `/v3/hooks/${hookId}`)).body as { data: { is_active: boolean } }).data.is_active).toBe(true);
  });

  it('should retry when the destination refuses connections', async () => {
    await setUp();
    await receiver.close();
    const hookId = await hook('store/order/created');
    await createOrder();
    await sandbox.flushWebhooks();
    const log = sandbox.deliveries();
    expect(log).toHaveLength(schedule.length + 1);
    expect(log.every((d) => d.status === null && d.outcome === 'failed' && typeof d.error === 'string')).toBe(true);
    expect(((await api(sandbox, 'GET', `/v3/hooks/${hookId}`)).body as { data: { is_active: boolean } }).data.is_active).toBe(false);
    receiver = await startReceiver();
  });

  it('should silently skip one delivery when a drop-webhook fault is armed', async () => {
    await setUp();
    await hook('store/order/created');
    const armed = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'drop-webhook', count: 1 }) });
    expect(armed.status).toBe(201);
    const dropped = await createOrder();
    const delivered = await createOrder();
    await sandbox.flushWebhooks();
    expect(receiver.received.map((w) => (w.body['data'] as { id: number }).id)).toEqual([delivered]);
    expect(sandbox.deliveries().find((d) => d.outcome === 'dropped')).toBeDefined();
    expect(dropped).not.toBe(delivered);
  });

  it('should deliver the same event twice when a duplicate-webhook fault is armed', async () => {
    await setUp();
    await hook('store/order/created');
    sandbox.faults.arm({ kind: 'duplicate-webhook', count: 1 });
    await createOrder();
    await sandbox.flushWebhooks();
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received as [ReceivedWebhook, ReceivedWebhook];
    expect(second.rawBody).toBe(first.rawBody);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(sandbox.deliveries().map((d) => d.duplicate)).toEqual([false, true]);
  });

  it('should not deliver to inactive hooks or to hooks of other scopes', async () => {
    await setUp();
    await hook('store/order/created', { is_active: false });
    await hook('store/customer/created');
    await createOrder();
    await sandbox.flushWebhooks();
    expect(receiver.received).toHaveLength(0);
  });
});
