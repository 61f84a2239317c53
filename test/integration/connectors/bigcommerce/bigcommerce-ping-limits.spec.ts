import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBigCommerceClient, InMemoryBigCommercePacer, verifyBigCommerceWebhook, type BigCommerceClientOptions } from '@mlc/connectors';
import { BIGCOMMERCE_DEMO, startBigCommerceSandbox, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import { clearSandboxRequests, sandboxRequests, storeCall } from './support';

const QUOTA = { requests: 4, windowMs: 1_000 };

describe('BigCommerce ping, rate limits and webhooks against the sandbox', () => {
  let sandbox: RunningBigCommerceSandbox;
  const make = (token: string = BIGCOMMERCE_DEMO.accessToken, extra: Partial<BigCommerceClientOptions> = {}) =>
    createBigCommerceClient({ accessToken: token }, { storeHash: BIGCOMMERCE_DEMO.storeHash, apiBaseUrl: sandbox.url, retry: { maxAttempts: 3, maxInlineWaitMs: 2_000 }, ...extra });

  beforeAll(async () => {
    sandbox = await startBigCommerceSandbox({ quota: QUOTA, webhookRetryScheduleMs: [50] });
  });
  beforeEach(() => sandbox.reset());
  afterAll(async () => sandbox.close());

  describe('ping', () => {
    it('should report a working connection and a webhook URL warning when the public URL is not HTTPS on 443', async () => {
      const report = await make(undefined, { publicBaseUrl: 'http://connector.example.com:8080' }).ping();
      expect(report.ok).toBe(true);
      expect(report.steps.find((s) => s.step === 'permissions')).toMatchObject({ status: 'ok' });
      expect(report.steps.find((s) => s.step === 'company')).toMatchObject({ status: 'ok', code: 'ok' });
      expect(report.summary).toBe('Connected to ML Connector Demo Store.');
      expect(report.steps.find((s) => s.step === 'rate-limit')?.hint).toMatch(/requests left/);
      expect(report.webhooks).toMatchObject({ status: 'warning', code: 'not_https' });
    });

    it('should diagnose a bad token when the store answers 401', async () => {
      const report = await make('not-a-real-token').ping();
      expect(report.ok).toBe(false);
      expect(report.steps.find((s) => s.step === 'auth')).toMatchObject({ status: 'failed', code: 'invalid_token' });
      expect(report.summary).toMatch(/rejected the access token/);
    });

    it('should diagnose a wrong store hash when the store answers 404', async () => {
      const report = await make(undefined, { storeHash: 'nosuchstore' }).ping();
      expect(report.steps.find((s) => s.step === 'company')).toMatchObject({ status: 'failed', code: 'store_not_found' });
      expect(report.summary).toContain('nosuchstore');
    });

    it('should name the missing orders scope when the token cannot read orders', async () => {
      const report = await make(BIGCOMMERCE_DEMO.limitedAccessToken).ping();
      const permissions = report.steps.find((s) => s.step === 'permissions');
      expect(permissions).toMatchObject({ status: 'failed', code: 'missing_scope' });
      expect(permissions?.hint).toContain('store_v2_orders_read_only');
      expect(permissions?.hint).not.toContain('store_v2_customers_read_only');
    });

    it('should diagnose an unreachable API when nothing listens at the URL', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const report = await make(undefined, { apiBaseUrl: `http://127.0.0.1:${port}`, retry: { maxAttempts: 1 } }).ping();
      expect(report.steps[0]).toMatchObject({ step: 'reachable', status: 'failed', code: 'connection_refused' });
    });
  });

  describe('rate limits', () => {
    it('should wait X-Rate-Limit-Time-Reset-Ms and retry when the store answers 429', async () => {
      const client = make();
      for (let i = 0; i < QUOTA.requests + 1; i += 1) await client.orders.get(301);
      const statuses = (await sandboxRequests(sandbox, '/v2/orders/301')).map((r) => r.status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 200]);
    });

    it('should pace before the quota is spent so that no call meets a 429', async () => {
      const client = make(undefined, { pacing: new InMemoryBigCommercePacer({ initialQuota: QUOTA.requests, initialWindowMs: QUOTA.windowMs, reserve: 0 }) });
      await clearSandboxRequests(sandbox);
      for (let i = 0; i < QUOTA.requests * 2 + 1; i += 1) await client.orders.get(301);
      const statuses = (await sandboxRequests(sandbox, '/v2/orders/301')).map((r) => r.status);
      expect(statuses).toHaveLength(QUOTA.requests * 2 + 1);
      expect(statuses.filter((s) => s === 429)).toEqual([]);
    });
  });

  describe('webhook delivery', () => {
    let receiver: Server;
    const received: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];

    beforeAll(async () => {
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ headers: req.headers, body: Buffer.concat(chunks) });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => new Promise<void>((resolve) => receiver.close(() => resolve())));

    it('should verify a real signed delivery with the client secret and the hook secret when an order changes', async () => {
      const { port } = receiver.address() as AddressInfo;
      const hookSecret = 'conn-secret-1234567890';
      const client = make(undefined, { pacing: new InMemoryBigCommercePacer({ initialQuota: QUOTA.requests, initialWindowMs: QUOTA.windowMs, reserve: 0 }) });
      await client.hooks.create({ scope: 'store/order/updated', destination: `http://127.0.0.1:${port}/bigcommerce`, is_active: true, headers: { 'x-mlc-hook-secret': hookSecret } });
      expect((await storeCall(sandbox, 'PUT', '/v2/orders/302', { staff_notes: 'ping' })).status).toBe(200);
      await sandbox.flushWebhooks({ timeoutMs: 5_000 });
      const delivery = received.at(-1);
      expect(delivery).toBeDefined();
      const result = verifyBigCommerceWebhook({ rawBody: delivery?.body ?? Buffer.alloc(0), headers: delivery?.headers ?? {}, clientSecret: BIGCOMMERCE_DEMO.clientSecret, hookSecret, nowSeconds: Math.floor(Date.now() / 1000) });
      expect(result).toMatchObject({ ok: true, stub: { scope: 'store/order/updated', data: { type: 'order', id: 302 }, producer: `stores/${BIGCOMMERCE_DEMO.storeHash}` } });
      const forged = verifyBigCommerceWebhook({ rawBody: delivery?.body ?? Buffer.alloc(0), headers: delivery?.headers ?? {}, clientSecret: BIGCOMMERCE_DEMO.limitedClientSecret, nowSeconds: Math.floor(Date.now() / 1000) });
      expect(forged).toMatchObject({ ok: false, reason: 'bad-signature' });
    });
  });
});
