import { BIGCOMMERCE_DEMO, startBigCommerceSandbox, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import { api, schemaErrors } from './support';

describe('BigCommerce sandbox auth and rate limit', () => {
  let sandbox: RunningBigCommerceSandbox;
  const quota = { requests: 5, windowMs: 60_000 };

  beforeEach(async () => {
    sandbox = await startBigCommerceSandbox({ quota });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('should answer 401 with the gateway error body when X-Auth-Token is missing', async () => {
    const res = await api(sandbox, 'GET', '/v2/orders', { token: null });
    expect(res.status).toBe(401);
    expect(schemaErrors('webhooks.v3', 'components/schemas/error_Full', res.body)).toBe('');
    expect(res.body).toMatchObject({ status: 401, title: expect.any(String) });
  });

  it('should answer 401 when the token is unknown', async () => {
    const res = await api(sandbox, 'GET', '/v3/customers', { token: 'not-a-token' });
    expect(res.status).toBe(401);
    expect((res.body as { status: number }).status).toBe(401);
  });

  it('should answer 404 when the store hash is unknown', async () => {
    const res = await api(sandbox, 'GET', '/v2/orders', { storeHash: 'nosuchstore' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404 });
  });

  it('should answer 403 when the token lacks the orders scope and 200 for a scope it has', async () => {
    const denied = await api(sandbox, 'GET', '/v2/orders', { token: BIGCOMMERCE_DEMO.limitedAccessToken });
    expect(denied.status).toBe(403);
    expect(schemaErrors('orders.v3', 'components/schemas/error_Base', denied.body)).toBe('');
    expect(denied.body).toMatchObject({ status: 403, title: "You don't have a required scope to access the endpoint" });
    const transactions = await api(sandbox, 'GET', '/v3/orders/301/transactions', { token: BIGCOMMERCE_DEMO.limitedAccessToken });
    expect(transactions.status).toBe(403);
    const allowed = await api(sandbox, 'GET', '/v3/customers', { token: BIGCOMMERCE_DEMO.limitedAccessToken });
    expect(allowed.status).toBe(200);
  });

  it('should send the four rate-limit headers on every store response, errors included', async () => {
    const ok = await api(sandbox, 'GET', '/v2/order_statuses');
    const forbidden = await api(sandbox, 'GET', '/v2/orders', { token: BIGCOMMERCE_DEMO.limitedAccessToken });
    for (const res of [ok, forbidden]) {
      expect(res.headers.get('x-rate-limit-time-window-ms')).toBe(String(quota.windowMs));
      expect(res.headers.get('x-rate-limit-requests-quota')).toBe(String(quota.requests));
      expect(Number(res.headers.get('x-rate-limit-time-reset-ms'))).toBeGreaterThan(0);
      expect(Number(res.headers.get('x-rate-limit-time-reset-ms'))).toBeLessThanOrEqual(quota.windowMs);
    }
    expect(ok.headers.get('x-rate-limit-requests-left')).toBe(String(quota.requests - 1));
    expect(forbidden.headers.get('x-rate-limit-requests-left')).toBe(String(quota.requests - 2));
  });

  it('should answer 429 with the rate-limit headers once the store quota is spent', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < quota.requests; i += 1) statuses.push((await api(sandbox, 'GET', '/v2/order_statuses')).status);
    expect(statuses).toEqual(Array(quota.requests).fill(200));
    const limited = await api(sandbox, 'GET', '/v3/customers');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-requests-left')).toBe('0');
    expect(limited.headers.get('x-rate-limit-requests-quota')).toBe(String(quota.requests));
    expect(Number(limited.headers.get('x-rate-limit-time-reset-ms'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ status: 429 });
  });

  it('should reopen the quota when the window has passed', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const clocked = await startBigCommerceSandbox({ quota: { requests: 1, windowMs: 30_000 }, now: () => now });
    try {
      expect((await api(clocked, 'GET', '/v2/order_statuses')).status).toBe(200);
      const limited = await api(clocked, 'GET', '/v2/order_statuses');
      expect(limited.status).toBe(429);
      now += Number(limited.headers.get('x-rate-limit-time-reset-ms'));
      expect((await api(clocked, 'GET', '/v2/order_statuses')).status).toBe(200);
    } finally {
      await clocked.close();
    }
  });
});
