import { collectAll, ConnectorNotFoundError, createWooCommerceClient, type WooCommerceClient, type WooCommerceCustomer, type WooCommerceOrder } from '@mlc/connectors';
import { startWooCommerceSandbox, WOOCOMMERCE_DEMO, type RunningWooCommerceSandbox } from '../../../../apps/sandbox/src/woocommerce';

describe('WooCommerceClient against the sandbox over plain HTTP (OAuth 1.0a)', () => {
  let sandbox: RunningWooCommerceSandbox;
  let client: WooCommerceClient;
  const keys = { consumerKey: WOOCOMMERCE_DEMO.consumerKey, consumerSecret: WOOCOMMERCE_DEMO.consumerSecret };

  beforeAll(async () => {
    sandbox = await startWooCommerceSandbox();
  });
  beforeEach(() => {
    sandbox.reset();
    client = createWooCommerceClient(keys, { siteUrl: sandbox.url, publicBaseUrl: 'http://127.0.0.1:3000' });
  });
  afterAll(async () => sandbox.close());

  it('should sign with OAuth 1.0a when the site is plain http', () => {
    expect(client.authMode).toBe('oauth1');
  });

  it('should list every order modified in the window and get each by id', async () => {
    const orders: WooCommerceOrder[] = await collectAll(client.orders.listModified({ until: new Date(Date.now() + 60_000) }));
    expect(orders.length).toBeGreaterThan(0);
    const modified = orders.map((o) => o.date_modified_gmt ?? '');
    expect([...modified].sort()).toEqual(modified);
    expect(new Set(orders.map((o) => o.id)).size).toBe(orders.length);
    const first = orders[0] as WooCommerceOrder;
    const one = await client.orders.get(first.id);
    expect(one.id).toBe(first.id);
    expect(typeof one.total).toBe('string');
  });

  it('should resume an order listing from a saved cursor without repeating or skipping orders', async () => {
    const until = new Date(Date.now() + 60_000);
    const all = await collectAll(client.orders.listModified({ until }));
    const it = client.orders.listModified({ until });
    const first = await it.next();
    const cursor = first.done ? undefined : first.value.nextCursor;
    await it.return(undefined);
    if (!cursor) {
      expect(all.length).toBeLessThanOrEqual(100);
      return;
    }
    const rest = await collectAll(client.orders.listModified(JSON.parse(JSON.stringify(cursor)) as typeof cursor));
    const firstItems = first.done ? [] : first.value.items;
    expect([...firstItems, ...rest].map((o) => o.id)).toEqual(all.map((o) => o.id));
  });

  it('should read the refunds of an order that has some', async () => {
    const orders = await collectAll(client.orders.listModified({ until: new Date(Date.now() + 60_000) }));
    const withRefund = orders.find((o) => o.refunds.length > 0);
    expect(withRefund).toBeDefined();
    const order = withRefund as WooCommerceOrder;
    const refunds = await client.refunds.list(order.id);
    expect(refunds.map((r) => r.id).sort()).toEqual(order.refunds.map((r) => r.id).sort());
    const ref = order.refunds[0];
    const refund = await client.refunds.get(order.id, ref?.id ?? 0);
    expect(refund.id).toBe(ref?.id);
    expect(Number(refund.amount)).toBeGreaterThan(0);
  });

  it('should scan every customer by id and get one', async () => {
    const customers: WooCommerceCustomer[] = await collectAll(client.customers.scan({}));
    expect(customers.length).toBeGreaterThan(0);
    const ids = customers.map((c) => c.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const one = await client.customers.get(ids[0] ?? 0);
    expect(one.id).toBe(ids[0]);
  });

  it('should create, list, update and delete a webhook', async () => {
    const created = await client.webhooks.create({ name: 'mlc test', topic: 'order.updated', delivery_url: 'http://127.0.0.1:9/hooks/woo', secret: 's3cret-value', status: 'paused' });
    expect(created.topic).toBe('order.updated');
    expect((await client.webhooks.listAll()).map((h) => h.id)).toContain(created.id);
    const updated = await client.webhooks.update(created.id, { name: 'mlc test renamed' });
    expect(updated.name).toBe('mlc test renamed');
    const deleted = await client.webhooks.delete(created.id);
    expect(deleted.id).toBe(created.id);
    expect((await client.webhooks.listAll()).map((h) => h.id)).not.toContain(created.id);
    await expect(client.orders.get(999_999)).rejects.toBeInstanceOf(ConnectorNotFoundError);
  });

  it('should read the system status', async () => {
    const status = await client.systemStatus.get();
    expect(status.environment.version).toMatch(/^\d+\.\d+/);
    expect(status.settings.currency).toMatch(/^[A-Z]{3}$/);
  });

  it('should ping read/write keys as ok, with a plain-HTTP warning', async () => {
    const report = await client.ping();
    expect(report.ok).toBe(true);
    expect(report.canWrite).toBe(true);
    expect(report.steps.find((s) => s.step === 'reachable')).toMatchObject({ status: 'warning', code: 'plain_http' });
    expect(report.steps.find((s) => s.step === 'permissions')).toMatchObject({ status: 'ok', code: 'read_write' });
    expect(report.versions?.woocommerce).toMatch(/^\d+\./);
  });

  it('should ping read-only keys as a read-only warning without deleting anything', async () => {
    const before = await client.webhooks.listAll();
    const ro = createWooCommerceClient({ consumerKey: WOOCOMMERCE_DEMO.readOnlyConsumerKey, consumerSecret: WOOCOMMERCE_DEMO.readOnlyConsumerSecret }, { siteUrl: sandbox.url });
    const report = await ro.ping();
    expect(report.canWrite).toBe(false);
    expect(report.steps.find((s) => s.step === 'permissions')).toMatchObject({ status: 'warning', code: 'read_only' });
    expect(report.steps.find((s) => s.step === 'webhooks')).toMatchObject({ status: 'warning', code: 'no_public_url' });
    expect(await client.webhooks.listAll()).toEqual(before);
  });

  it('should ping wrong keys as rejected', async () => {
    const bad = createWooCommerceClient({ consumerKey: WOOCOMMERCE_DEMO.consumerKey, consumerSecret: 'cs_wrong' }, { siteUrl: sandbox.url });
    const report = await bad.ping();
    expect(report.ok).toBe(false);
    expect(report.steps.find((s) => s.step === 'auth')).toMatchObject({ status: 'failed', code: 'keys_rejected' });
  });
});
