import { ConnectorRateLimitedError, createBigCommerceClient, InMemoryBigCommercePacer, type BigCommerceClient, type BigCommerceClientOptions } from '@mlc/connectors';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';
import { manualClock } from '../../../support/manual-clock';

/** Manual clock: `sleep` advances time instantly and is recorded. */
const STORE = '/stores/abc123';
const ORDER = { id: 100, status_id: 11, date_created: 'Tue, 05 Mar 2019 21:40:11 +0000', date_modified: 'Tue, 05 Mar 2019 21:40:55 +0000', total_inc_tax: '10.0000' };
const rate = (left: number, resetMs: number, quota = 150): Record<string, string> => ({
  'X-Rate-Limit-Requests-Left': String(left),
  'X-Rate-Limit-Requests-Quota': String(quota),
  'X-Rate-Limit-Time-Reset-Ms': String(resetMs),
  'X-Rate-Limit-Time-Window-Ms': '30000',
});

describe('BigCommerceClient request sequences (counting server)', () => {
  let server: CountingServer;
  let clock: ReturnType<typeof manualClock>;
  const make = (extra: Partial<BigCommerceClientOptions> = {}): BigCommerceClient =>
    createBigCommerceClient({ accessToken: 'tok-SECRET-1' }, { storeHash: 'abc123', apiBaseUrl: server.url, clock, random: () => 0.5, retry: { baseDelayMs: 200 }, ...extra });

  beforeEach(async () => {
    server = await startCountingServer();
    clock = manualClock(Date.UTC(2025, 5, 1, 12, 0, 0));
  });
  afterEach(async () => server.close());

  it('should send X-Auth-Token under /stores/{hash}/v2 when reading an order', async () => {
    server.route('GET', `${STORE}/v2/orders/100`, [{ status: 200, body: ORDER }]);
    expect((await make().orders.get(100)).total_inc_tax).toBe('10.0000');
    expect(server.requests[0]?.headers['x-auth-token']).toBe('tok-SECRET-1');
  });

  it('should back off exponentially when a 429 carries no rate-limit headers (platform load)', async () => {
    server.route('GET', `${STORE}/v2/orders/100`, [{ status: 429, body: { status: 429, title: 'Too many requests' } }, { status: 429 }, { status: 200, body: ORDER }]);
    await make().orders.get(100);
    expect(server.count('GET', `${STORE}/v2/orders/100`)).toBe(3);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it('should wait X-Rate-Limit-Time-Reset-Ms when a 429 carries it', async () => {
    server.route('GET', `${STORE}/v2/orders/100`, [{ status: 429, headers: rate(0, 1_500) }, { status: 200, body: ORDER, headers: rate(149, 29_000) }]);
    await make().orders.get(100);
    expect(clock.sleeps).toEqual([1_500]);
  });

  it('should raise ConnectorRateLimitedError with waitMs when the reset is too far to wait inline', async () => {
    server.route('GET', `${STORE}/v2/orders/100`, [{ status: 429, headers: rate(0, 25_000) }]);
    await expect(make().orders.get(100)).rejects.toMatchObject({ constructor: ConnectorRateLimitedError, waitMs: 25_000 });
    expect(server.count('GET', `${STORE}/v2/orders/100`)).toBe(1);
  });

  it('should pace until the reset without sending a call when the store reports no requests left', async () => {
    server.route('GET', `${STORE}/v2/orders/100`, [{ status: 200, body: ORDER, headers: rate(2, 1_800, 3) }, { status: 200, body: ORDER, headers: rate(30, 29_000, 30) }]);
    const client = make({ pacing: new InMemoryBigCommercePacer({ reserve: 2 }, clock) });
    await client.orders.get(100);
    expect(clock.sleeps).toEqual([]);
    await client.orders.get(100);
    expect(clock.sleeps).toEqual([1_800]);
    expect(server.count('GET', `${STORE}/v2/orders/100`)).toBe(2);
  });

  it('should report the store name from GET /v2/store when every check passes', async () => {
    server.route('GET', `${STORE}/v2/store`, [{ status: 200, body: { id: 'abc123', name: 'BigCommerce', domain: 'my-awesome.store', currency: 'USD' }, headers: rate(140, 20_000) }]);
    server.route('GET', `${STORE}/v2/orders`, [{ status: 200, body: [ORDER] }]);
    server.route('GET', `${STORE}/v3/customers`, [{ status: 200, body: { data: [], meta: { pagination: { total: 0, count: 0, per_page: 1, current_page: 1, total_pages: 0 } } } }]);
    server.route('GET', `${STORE}/v3/hooks`, [{ status: 200, body: { data: [], meta: {} } }]);
    server.route('GET', `${STORE}/v3/orders/100/transactions`, [{ status: 204, headers: rate(136, 19_000) }]);
    const report = await make({ publicBaseUrl: 'https://connector.example.com' }).ping();
    expect(report).toMatchObject({ ok: true, companyName: 'BigCommerce', summary: 'Connected to BigCommerce.', webhooks: { status: 'ok' } });
    expect(report.steps.find((s) => s.step === 'rate-limit')?.hint).toMatch(/^136 of 150 requests left/);
  });

  it('should name the transactions scope when only transactions answer 403', async () => {
    server.route('GET', `${STORE}/v2/store`, [{ status: 200, body: { name: 'Shop' } }]);
    server.route('GET', `${STORE}/v2/orders`, [{ status: 200, body: [ORDER] }]);
    server.route('GET', `${STORE}/v3/customers`, [{ status: 200, body: { data: [], meta: {} } }]);
    server.route('GET', `${STORE}/v3/hooks`, [{ status: 200, body: { data: [], meta: {} } }]);
    server.route('GET', `${STORE}/v3/orders/100/transactions`, [{ status: 403, body: { status: 403, title: "You don't have a required scope to access the endpoint" } }]);
    const report = await make().ping();
    expect(report.ok).toBe(false);
    expect(report.summary).toContain('store_v2_transactions_read_only');
  });

  it('should fetch products and shipping addresses separately when the consignments carry only links', async () => {
    const link = { url: 'https://api.bigcommerce.com/stores/abc123/v2/orders/100/products/7', resource: '/orders/100/products/7' };
    server.route('GET', `${STORE}/v2/orders/100`, [{ status: 200, body: { ...ORDER, consignments: { shipping: [{ id: 9, line_items: [link], cost_inc_tax: 5 }] }, fees: [] } }]);
    server.route('GET', `${STORE}/v2/orders/100/taxes`, [{ status: 204 }]);
    server.route('GET', `${STORE}/v2/orders/100/products`, [{ status: 200, body: [{ id: 7, quantity: 1, total_inc_tax: '10.0000' }] }]);
    server.route('GET', `${STORE}/v2/orders/100/shipping_addresses`, [{ status: 200, body: [{ id: 9, cost_inc_tax: '5.0000' }] }]);
    const complete = await make().orders.getComplete(100);
    // order, taxes, products, shipping addresses; no coupons call because the order has no coupon discount.
    expect(complete.calls).toBe(4);
    expect(server.requests).toHaveLength(4);
    expect(complete.products.map((p) => p.id)).toEqual([7]);
    expect(complete.shippingAddresses[0]?.cost_inc_tax).toBe('5.0000');
    expect(server.requests.find((r) => r.path.endsWith('/v2/orders/100'))?.query.get('include')).toBe('consignments.line_items,fees');
  });
});
