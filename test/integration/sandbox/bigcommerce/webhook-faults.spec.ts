import { startBigCommerceSandbox, type BigCommerceWebhookDelivery, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import { api, startReceiver, type ReceivedWebhook } from './support';

const billing = { first_name: 'Ingrid', last_name: 'Hansen', street_1: 'Karl Johans gate 20', city: 'Oslo', zip: '0159', country: 'Norway', country_iso2: 'NO', email: 'ingrid@example.no' };
const orderBody = { billing_address: billing, status_id: 1, products: [{ name: 'Ski Wax', quantity: 1, price_ex_tax: '40.00', price_inc_tax: '50.00' }] };

type DeliveryPage = { deliveries: BigCommerceWebhookDelivery[]; next: number; truncated?: boolean };

describe('BigCommerce sandbox webhook faults and the delivery log cursor', () => {
  let sandbox: RunningBigCommerceSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeEach(async () => {
    receiver = await startReceiver();
    sandbox = await startBigCommerceSandbox({ seed: false, webhookRetryScheduleMs: [10] });
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  const hook = async (scope: string): Promise<number> =>
    ((await api(sandbox, 'POST', '/v3/hooks', { body: { scope, destination: receiver.url, is_active: true } })).body as { data: { id: number } }).data.id;
  const createOrder = async (): Promise<number> => ((await api(sandbox, 'POST', '/v2/orders', { body: orderBody })).body as { id: number }).id;
  const createCustomer = async (email: string): Promise<number> =>
    ((await api(sandbox, 'POST', '/v3/customers', { body: [{ email, first_name: 'Ola', last_name: 'Nordmann' }] })).body as { data: Array<{ id: number }> }).data[0]?.id ?? -1;
  const arm = async (rule: Record<string, unknown>): Promise<void> => {
    const res = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(rule) });
    expect(res.status).toBe(201);
  };
  const deliveries = async (query = ''): Promise<DeliveryPage> => {
    const res = await fetch(`${sandbox.url}/_sandbox/webhook-deliveries${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as DeliveryPage;
  };
  const received = (): Array<[string, number]> => receiver.received.map((w: ReceivedWebhook) => [String(w.body['scope']), (w.body['data'] as { id: number }).id]);

  it('should drop only deliveries of the scope prefix, never send or retry them, and log them as dropped', async () => {
    await hook('store/order/created');
    await hook('store/customer/*');
    await arm({ kind: 'drop-webhook', count: -1, scope: 'store/customer/' });
    const orderId = await createOrder();
    await createCustomer('dropped@example.no');
    await sandbox.flushWebhooks();

    expect(received()).toEqual([['store/order/created', orderId]]);
    // Entries are logged when an attempt ends (a drop ends at once), so order by scope to compare.
    const log = await deliveries();
    const byScope = [...log.deliveries].sort((a, b) => a.scope.localeCompare(b.scope));
    expect(byScope.map((d) => [d.scope, d.outcome, d.attempt, d.status, d.fault ?? null])).toEqual([
      ['store/customer/created', 'dropped', 1, null, 'drop-webhook'],
      ['store/order/created', 'delivered', 1, 200, null],
    ]);
    expect(log.deliveries.map((d) => d.seq)).toEqual([1, 2]);
    expect(log.next).toBe(2);
  });

  it('should duplicate only deliveries of the exact scope, with the same id and body', async () => {
    await hook('store/order/*');
    await arm({ kind: 'duplicate-webhook', count: -1, scope: 'store/order/created' });
    const orderId = await createOrder();
    await api(sandbox, 'PUT', `/v2/orders/${orderId}`, { body: { status_id: 11 } });
    await sandbox.flushWebhooks();

    expect(received()).toEqual([
      ['store/order/created', orderId],
      ['store/order/created', orderId],
      ['store/order/updated', orderId],
      ['store/order/statusUpdated', orderId],
    ]);
    const [first, copy] = receiver.received as [ReceivedWebhook, ReceivedWebhook];
    expect([copy.rawBody, copy.headers['webhook-id']]).toEqual([first.rawBody, first.headers['webhook-id']]);
    const log = await deliveries('?scope=store/order/created');
    expect(log.deliveries.map((d) => [d.outcome, d.duplicate, d.fault ?? null])).toEqual([
      ['delivered', false, null],
      ['delivered', true, 'duplicate-webhook'],
    ]);
  });

  it('should hold a delayed delivery so a later event of another scope arrives first', async () => {
    await hook('store/order/created');
    await hook('store/customer/created');
    await arm({ kind: 'delay-webhook', count: 1, scope: 'store/order/', delayMs: 300 });
    const orderId = await createOrder();
    const customerId = await createCustomer('late@example.no');
    await sandbox.flushWebhooks();

    expect(received()).toEqual([
      ['store/customer/created', customerId],
      ['store/order/created', orderId],
    ]);
    const log = await deliveries();
    expect(log.deliveries.map((d) => [d.seq, d.scope, d.outcome, d.delayMs ?? null, d.fault ?? null])).toEqual([
      [1, 'store/order/created', 'delayed', 300, 'delay-webhook'],
      [2, 'store/customer/created', 'delivered', null, null],
      [3, 'store/order/created', 'delivered', null, null],
    ]);
    expect(Date.parse(log.deliveries[2]?.at ?? '') - Date.parse(log.deliveries[0]?.at ?? '')).toBeGreaterThanOrEqual(290);
  });

  it('should deliver reordered events in the order of their random holds', async () => {
    await hook('store/order/created');
    await arm({ kind: 'reorder-webhook', count: -1, scope: 'store/order/created', delayMs: 800, seed: 6 });
    const ids: number[] = [];
    for (let i = 0; i < 4; i += 1) ids.push(await createOrder());
    await sandbox.flushWebhooks();

    const held = (await deliveries('?outcome=delayed')).deliveries;
    expect(held).toHaveLength(4);
    const holds = held.map((d) => d.delayMs ?? -1);
    expect(holds.every((h) => h >= 0 && h <= 800)).toBe(true);
    const byHold = ids.map((id, i) => ({ id, hold: holds[i] ?? -1 })).sort((a, b) => a.hold - b.hold);
    const gaps = byHold.slice(1).map((x, i) => x.hold - (byHold[i]?.hold ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThan(100); // seed 6 draws holds 421, 1, 531, 161 ms: far enough apart to fix the arrival order
    const arrival = received().map(([, id]) => id);
    expect(arrival).toEqual(byHold.map((x) => x.id));
    expect(arrival).not.toEqual(ids);
  });

  it('should page the delivery log with after/limit/next and filter it by scope and outcome', async () => {
    await hook('store/order/created');
    await hook('store/customer/created');
    await arm({ kind: 'drop-webhook', count: 1, scope: 'store/customer/created' });
    await createOrder();
    await createCustomer('a@example.no');
    await createOrder();
    await createCustomer('b@example.no');
    await sandbox.flushWebhooks();

    const first = await deliveries('?limit=3');
    expect(first.deliveries.map((d) => d.seq)).toEqual([1, 2, 3]);
    expect(first.next).toBe(3);
    const rest = await deliveries(`?after=${first.next}&limit=3`);
    expect(rest.deliveries.map((d) => d.seq)).toEqual([4]);
    expect(await deliveries(`?after=${rest.next}`)).toEqual({ deliveries: [], next: 4 });
    const customers = (await deliveries('?scope=store/customer/')).deliveries;
    expect(customers.map((d) => d.outcome).sort()).toEqual(['delivered', 'dropped']);
    expect(customers.every((d) => d.scope === 'store/customer/created')).toBe(true);
    const dropped = (await deliveries('?outcome=dropped')).deliveries;
    expect(dropped.map((d) => [d.scope, d.fault])).toEqual([['store/customer/created', 'drop-webhook']]);
    expect(customers.map((d) => d.seq)).toContain(dropped[0]?.seq);
    expect(sandbox.deliveries().map((d) => d.seq)).toEqual([1, 2, 3, 4]);

    const bad = await fetch(`${sandbox.url}/_sandbox/webhook-deliveries?outcome=lost`);
    expect([bad.status, ((await bad.json()) as { field: string }).field]).toEqual([400, 'outcome']);
    const badAfter = await fetch(`${sandbox.url}/_sandbox/webhook-deliveries?after=x`);
    expect(badAfter.status).toBe(400);
  });

  it('should keep delivery seqs counting across a reset', async () => {
    await hook('store/order/created');
    await createOrder();
    await sandbox.flushWebhooks();
    expect((await deliveries()).next).toBe(1);
    expect((await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' })).status).toBe(204);
    await hook('store/order/created');
    await createOrder();
    await sandbox.flushWebhooks();
    expect((await deliveries('?after=1')).deliveries.map((d) => [d.seq, d.outcome])).toEqual([[2, 'delivered']]);
  });

  it('should answer injected validation-error and 409 in the V3 and V2 error shapes', async () => {
    await arm({ kind: 'validation-error', count: 1, pathContains: '/v3/customers', field: 'email' });
    await arm({ kind: 'validation-error', count: 1, pathContains: '/v2/orders', field: 'billing_address.email' });
    await arm({ kind: 'http-409', count: 1, pathContains: '/v3/customers' });
    await arm({ kind: 'http-409', count: 1, pathContains: '/v2/orders' });

    const v3 = await api(sandbox, 'POST', '/v3/customers', { body: [{ email: 'x@example.no', first_name: 'A', last_name: 'B' }] });
    expect([v3.status, v3.body]).toEqual([
      422,
      { status: 422, title: 'JSON data is missing or invalid', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes', errors: { email: 'email is invalid' } },
    ]);
    const v2 = await api(sandbox, 'POST', '/v2/orders', { body: orderBody });
    expect([v2.status, v2.body]).toEqual([
      400,
      [{ status: 400, message: "The field 'billing_address.email' is invalid.", details: { invalid_reason: "The field 'billing_address.email' is invalid." } }],
    ]);
    const conflictV3 = await api(sandbox, 'GET', '/v3/customers');
    expect(conflictV3.status).toBe(409);
    expect(conflictV3.body).toMatchObject({ status: 409, title: expect.any(String), type: expect.stringContaining('api-status-codes') });
    const conflictV2 = await api(sandbox, 'GET', '/v2/orders');
    expect(conflictV2.status).toBe(409);
    expect(conflictV2.body).toEqual([{ status: 409, message: expect.any(String) }]);
    expect(sandbox.log.list().map((e) => [e.status, e.fault])).toEqual([
      [422, 'validation-error'],
      [400, 'validation-error'],
      [409, 'http-409'],
      [409, 'http-409'],
    ]);
  });
});
