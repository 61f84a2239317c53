import { collectAll, ConnectorNotFoundError, createBigCommerceClient, type BigCommerceClient, type BigCommerceOrderCursor } from '@mlc/connectors';
import { BIGCOMMERCE_DEMO, startBigCommerceSandbox, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import { clearSandboxRequests, sandboxRequests, storeCall } from './support';

describe('BigCommerceClient against the sandbox', () => {
  /** The store's clock runs ahead by this much (the store keeps dates to the second). */
  let storeClockSkewMs = 0;
  let sandbox: RunningBigCommerceSandbox;
  let client: BigCommerceClient;

  beforeAll(async () => {
    sandbox = await startBigCommerceSandbox({ quota: { requests: 10_000, windowMs: 30_000 }, now: () => Date.now() + storeClockSkewMs });
  });
  beforeEach(() => {
    sandbox.reset();
    client = createBigCommerceClient({ accessToken: BIGCOMMERCE_DEMO.accessToken }, { storeHash: BIGCOMMERCE_DEMO.storeHash, apiBaseUrl: sandbox.url });
  });
  afterAll(async () => sandbox.close());

  describe('orders', () => {
    it('should fetch the complete order in exactly 2 calls when the order has lines, shipping, fees and taxes but no coupon', async () => {
      await clearSandboxRequests(sandbox);
      const complete = await client.orders.getComplete(302);
      const calls = await sandboxRequests(sandbox, '/v2/orders/302');
      expect(calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual(
        ['GET /stores/mlcdemo1/v2/orders/302', 'GET /stores/mlcdemo1/v2/orders/302/taxes'].sort(),
      );
      expect(complete.calls).toBe(calls.length);

      const products = (await storeCall(sandbox, 'GET', '/v2/orders/302/products')).json as Array<{ id: number; total_inc_tax: string }>;
      const addresses = (await storeCall(sandbox, 'GET', '/v2/orders/302/shipping_addresses')).json as Array<{ id: number; cost_inc_tax: string }>;
      const fees = (await storeCall(sandbox, 'GET', '/v2/orders/302/fees')).json as { fees: Array<{ id: number }> };
      expect(complete.products.map((p) => [p.id, p.total_inc_tax])).toEqual(products.map((p) => [p.id, p.total_inc_tax]));
      expect(complete.shippingAddresses.map((a) => a.id)).toEqual(addresses.map((a) => a.id));
      expect(Number(complete.shippingAddresses[0]?.cost_inc_tax)).toBe(Number(addresses[0]?.cost_inc_tax));
      expect(complete.fees.map((f) => f.id)).toEqual(fees.fees.map((f) => f.id));
      expect(complete.taxes.length).toBeGreaterThan(0);
      expect(complete.taxes.every((t) => t.line_item_type !== undefined)).toBe(true);
      expect(typeof complete.order.total_inc_tax).toBe('string');
    });

    it('should collect digital and gift-certificate lines when the order has no shipping consignment', async () => {
      const complete = await client.orders.getComplete(303);
      const products = (await storeCall(sandbox, 'GET', '/v2/orders/303/products')).json as Array<{ id: number }>;
      expect(complete.products.map((p) => p.id)).toEqual(products.map((p) => p.id));
      expect(complete.shippingAddresses).toEqual([]);
      expect(complete.calls).toBe(2);
    });

    it('should also fetch the coupons, in a third call, when the order carries a coupon discount', async () => {
      await clearSandboxRequests(sandbox);
      const complete = await client.orders.getComplete(218);
      const calls = (await sandboxRequests(sandbox, '/v2/orders/218')).map((c) => c.path.replace('/stores/mlcdemo1', ''));
      expect(calls.sort()).toEqual(['/v2/orders/218', '/v2/orders/218/coupons', '/v2/orders/218/taxes']);
      expect(complete.calls).toBe(3);
    });

    it('should throw ConnectorNotFoundError when the order does not exist', async () => {
      await expect(client.orders.get(999_999)).rejects.toBeInstanceOf(ConnectorNotFoundError);
    });

    it('should page with min_date_modified and resume from a saved JSON cursor when a run is interrupted', async () => {
      const since = new Date(Date.UTC(2025, 5, 3, 0, 0, 0));
      const all = await collectAll(client.orders.list({ minDateModified: since, limit: 2 }));
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(all.every((o) => Date.parse(o.date_modified) >= since.getTime())).toBe(true);

      const pages = client.orders.list({ minDateModified: since, limit: 2 });
      const first = await pages.next();
      const saved = JSON.stringify(first.done ? undefined : first.value.nextCursor);
      const resumed = await collectAll(client.orders.list(JSON.parse(saved) as BigCommerceOrderCursor));
      const firstIds = first.done ? [] : first.value.items.map((o) => o.id);
      expect([...firstIds, ...resumed.map((o) => o.id)]).toEqual(all.map((o) => o.id));
      const logged = await sandboxRequests(sandbox, '/v2/orders');
      expect(logged.some((r) => r.query.includes('min_date_modified=2025-06-03T00%3A00%3A00Z'))).toBe(true);
    });

    it('should keep the upper bound frozen when an order is modified during the run', async () => {
      const pages = client.orders.list({ minDateModified: new Date(Date.UTC(2025, 0, 1)), limit: 1 });
      const first = await pages.next();
      const cursor = first.done ? undefined : first.value.nextCursor;
      expect(cursor).toBeDefined();
      const firstId = first.done ? 0 : (first.value.items[0]?.id ?? 0);
      // Modified in a later second than the frozen bound (dates are compared by the second, inclusive).
      storeClockSkewMs = 2_000;
      const updated = await storeCall(sandbox, 'PUT', '/v2/orders/304', { staff_notes: 'touched during the run' }).finally(() => {
        storeClockSkewMs = 0;
      });
      expect(updated.status).toBe(200);
      const rest: number[] = [];
      for await (const page of pages) rest.push(...page.items.map((o) => o.id));
      expect([firstId, ...rest]).not.toContain(304);
      const frozen = (await sandboxRequests(sandbox, '/v2/orders')).filter((r) => r.method === 'GET' && r.path.endsWith('/v2/orders')).map((r) => new URLSearchParams(r.query).get('max_date_modified'));
      expect(frozen.length).toBeGreaterThan(1);
      expect(new Set(frozen)).toEqual(new Set([cursor?.maxDateModified]));
      // the next run starts at this run's frozen bound (its own bound later, past the modification 2 s ahead)
      const nextRun = await collectAll(client.orders.list({ minDateModified: new Date(Date.parse(cursor?.maxDateModified ?? '')), maxDateModified: new Date(Date.now() + 3_000) }));
      expect(nextRun.map((o) => o.id)).toContain(304);
    });

    it('should page by number when sorted by date_modified descending', async () => {
      const desc = await collectAll(client.orders.list({ limit: 2, sort: 'date_modified:desc' }));
      const stamps = desc.map((o) => Date.parse(o.date_modified));
      expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
      const pagesAsked = (await sandboxRequests(sandbox, '/v2/orders')).map((r) => new URLSearchParams(r.query).get('page'));
      expect(pagesAsked).toContain('2');
    });
  });

  describe('customers', () => {
    it('should get a customer by id and find it by email', async () => {
      const byId = await client.customers.get(2);
      expect(byId.email).toBe('aino.virtanen@example.fi');
      const byEmail = await client.customers.findByEmail('aino.virtanen@example.fi');
      expect(byEmail.map((c) => c.id)).toEqual([2]);
      await expect(client.customers.get(987_654)).rejects.toBeInstanceOf(ConnectorNotFoundError);
    });

    it('should list customers modified since a date page by page with date_modified:min', async () => {
      const everyone = await collectAll(client.customers.listModifiedSince({ limit: 100 }));
      const pages = [];
      for await (const page of client.customers.listModifiedSince({ since: new Date(Date.UTC(2025, 4, 3)), limit: 1 })) pages.push(page);
      const ids = pages.flatMap((p) => p.items.map((c) => c.id));
      expect(pages.length).toBe(ids.length);
      expect(pages.at(-1)?.nextCursor).toBeUndefined();
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.length).toBeLessThan(everyone.length);
      const asked = (await sandboxRequests(sandbox, '/v3/customers')).map((r) => new URLSearchParams(r.query));
      expect(asked.some((q) => q.get('date_modified:min') === '2025-05-03T00:00:00Z' && q.get('date_modified:max') !== null)).toBe(true);
    });
  });

  describe('refunds and transactions', () => {
    it('should list an order refund and get it by id with amounts as decimal strings', async () => {
      const created = await storeCall(sandbox, 'POST', '/v3/orders/301/payment_actions/refunds', {
        items: [{ item_type: 'ORDER', item_id: 301, amount: 10.5, reason: 'damaged' }],
        payments: [{ provider_id: 'custom', amount: 10.5, offline: true }],
      });
      expect(created.status).toBe(201);
      const refunds = await client.refunds.listForOrder(301);
      expect(refunds).toHaveLength(1);
      expect(refunds[0]?.total_amount).toBe('10.5');
      const one = await client.refunds.get(refunds[0]?.id ?? 0);
      expect(one.order_id).toBe(301);
      const transactions = await client.transactions.listForOrder(301);
      expect(transactions.map((t) => t.event)).toEqual(expect.arrayContaining(['purchase', 'refund']));
      expect(transactions.every((t) => typeof t.amount === 'string')).toBe(true);
    });
  });

  describe('hooks', () => {
    it('should create, list, update and delete a hook', async () => {
      const created = await client.hooks.create({ scope: 'store/order/created', destination: 'https://hooks.example.com/bigcommerce', is_active: true, headers: { 'x-mlc-hook-secret': 's3cret' } });
      expect(created).toMatchObject({ scope: 'store/order/created', is_active: true, headers: { 'x-mlc-hook-secret': 's3cret' } });
      expect((await client.hooks.list({ scope: 'store/order/created' })).map((h) => h.id)).toContain(created.id);
      const updated = await client.hooks.update(created.id, { is_active: false });
      expect(updated.is_active).toBe(false);
      expect((await client.hooks.get(created.id)).is_active).toBe(false);
      await client.hooks.delete(created.id);
      await expect(client.hooks.get(created.id)).rejects.toBeInstanceOf(ConnectorNotFoundError);
    });
  });
});
