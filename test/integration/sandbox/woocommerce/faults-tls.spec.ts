import { startWooCommerceSandbox, WOOCOMMERCE_DEMO, type RunningWooCommerceSandbox } from '../../../../apps/sandbox/src/woocommerce';
import { call, httpsClient, oauthClient, raw } from './support';

describe('WooCommerce sandbox faults, HTTPS listener and control API', () => {
  let sandbox: RunningWooCommerceSandbox;
  const api = () => oauthClient(sandbox);
  const arm = (rule: Record<string, unknown>) => raw(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(rule) });

  beforeAll(async () => {
    sandbox = await startWooCommerceSandbox({ tls: true });
  });
  beforeEach(() => sandbox.reset());
  afterAll(async () => {
    await sandbox.close();
  });

  it("should answer a hosting firewall's 501 to PUT as Apache's HTML page, which ?_method=PUT on a POST gets around", async () => {
    expect((await arm({ kind: 'http-501', count: -1, method: 'PUT' })).status).toBe(201);
    const blocked = await call(api().put('orders/727', { customer_note: 'hello' }));
    expect(blocked.status).toBe(501);
    expect(blocked.headers['content-type']).toContain('text/html');
    expect(String(blocked.data)).toContain('<title>501 Not Implemented</title>');
    expect(String(blocked.data)).toContain('PUT to /wp-json/wc/v3/orders/727 not supported.');
    const overridden = await call(api().post('orders/727', { customer_note: 'hello' }, { _method: 'PUT' }));
    expect(overridden.status).toBe(200);
    expect(overridden.data.customer_note).toBe('hello');
  });

  it('should answer injected 429/503 as nginx pages (with Retry-After) and application faults in the WP REST error shape', async () => {
    await arm({ kind: 'http-429', count: 1, retryAfterSeconds: 7 });
    const limited = await raw(`${sandbox.apiUrl}/orders`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.text).toContain('<center><h1>429 Too Many Requests</h1></center>');
    await arm({ kind: 'http-503', count: 1 });
    expect((await raw(`${sandbox.apiUrl}/orders`)).text).toContain('503 Service Temporarily Unavailable');
    await arm({ kind: 'http-500', count: 1 });
    const fatal = await raw(`${sandbox.apiUrl}/orders`);
    expect(fatal.status).toBe(500);
    expect(fatal.json).toMatchObject({ code: 'internal_server_error', data: { status: 500 }, additional_errors: [] });
    await arm({ kind: 'validation-error', count: 1, field: 'billing' });
    const invalid = await raw(`${sandbox.apiUrl}/orders`, { method: 'POST' });
    expect(invalid.json).toMatchObject({ code: 'rest_invalid_param', message: 'Invalid parameter(s): billing', data: { status: 400, params: { billing: 'billing is invalid.' } } });
    await arm({ kind: 'http-401', count: 1 });
    expect((await raw(`${sandbox.apiUrl}/orders`)).json).toEqual({ code: 'woocommerce_rest_authentication_error', message: 'Consumer key is invalid.', data: { status: 401 } });
  });

  it('should serve one store over HTTP and HTTPS: a write over Basic auth is visible over OAuth, links use each listener', async () => {
    expect(sandbox.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const created = await call(httpsClient(sandbox).post('customers', { email: 'tls.buyer@example.com' }));
    expect(created.status).toBe(201);
    expect(created.data._links.self[0].href).toBe(`${sandbox.httpsUrl ?? ''}/wp-json/wc/v3/customers/${created.data.id as number}`);
    const read = await call(api().get(`customers/${created.data.id as number}`));
    expect(read.data._links.self[0].href).toBe(`${sandbox.url}/wp-json/wc/v3/customers/${created.data.id as number}`);
    const status = await call(httpsClient(sandbox).get('system_status'));
    expect(status.data.environment.home_url).toBe(sandbox.httpsUrl);
    expect(status.data.security.secure_connection).toBe(true);
    expect(sandbox.siteUrl).toBe(sandbox.httpsUrl);
  });

  it('should restore the seed on POST /_sandbox/reset and log requests with credentials masked', async () => {
    await call(api().delete('customers/25', { force: true }));
    expect((await call(api().get('customers/25'))).status).toBe(404);
    expect((await raw(`${sandbox.url}/_sandbox/reset`, { method: 'POST' })).status).toBe(204);
    expect((await call(api().get('customers/25'))).status).toBe(200);
    await call(httpsClient(sandbox).get('orders/727'));
    const requests = (await raw(`${sandbox.url}/_sandbox/requests?pathContains=/orders/727`)).json.requests as Array<{ headers: Record<string, string>; status: number }>;
    expect(requests.at(-1)).toMatchObject({ status: 200, headers: { authorization: '***' } });
    expect(JSON.stringify(requests)).not.toContain(WOOCOMMERCE_DEMO.consumerSecret);
    const index = await raw(`${sandbox.url}/wp-json/`);
    expect(index.json).toMatchObject({ name: WOOCOMMERCE_DEMO.siteName, url: sandbox.url, namespaces: expect.arrayContaining(['wc/v3', 'wp/v2']) });
  });
});
