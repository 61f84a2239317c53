import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { startWooCommerceSandbox, WOOCOMMERCE_DEMO, WOOCOMMERCE_VERSIONS, type RunningWooCommerceSandbox } from '../../../../apps/sandbox/src/woocommerce';
import { call, httpsClient, oauthClient, raw } from './support';

const authError = (message: string) => ({ code: 'woocommerce_rest_authentication_error', message, data: { status: 401 } });
const cannotList = { code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } };
const basic = (key: string, secret: string): string => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

/** oauth-1.0a (the library the official client uses) signing with HMAC-SHA1 and a chosen timestamp. */
function signedUrl(url: string, options: { timestamp?: number; secret?: string } = {}): string {
  const oauth = new OAuth({
    consumer: { key: WOOCOMMERCE_DEMO.consumerKey, secret: options.secret ?? WOOCOMMERCE_DEMO.consumerSecret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
  if (options.timestamp !== undefined) oauth.getTimeStamp = () => options.timestamp as number;
  const data = oauth.authorize({ url, method: 'GET' });
  const query = Object.entries(data).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

describe('WooCommerce sandbox authentication (WC_REST_Authentication)', () => {
  let sandbox: RunningWooCommerceSandbox;

  beforeAll(async () => {
    sandbox = await startWooCommerceSandbox({ tls: true });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('should accept the official client over plain HTTP, which signs with one-legged OAuth 1.0a HMAC-SHA256', async () => {
    const res = await call(oauthClient(sandbox).get('system_status'));
    expect(res.status).toBe(200);
    expect(res.data.environment).toMatchObject({ version: WOOCOMMERCE_VERSIONS.woocommerce, wp_version: WOOCOMMERCE_VERSIONS.wordpress, home_url: sandbox.url, site_url: sandbox.url });
    expect(res.data.settings).toMatchObject({ currency: 'USD', number_of_decimals: 2, decimal_separator: '.' });
    const last = sandbox.log.list().at(-1);
    expect(last?.query).toMatch(/oauth_signature_method=HMAC-SHA256/);
  });

  it('should accept the official client over HTTPS with HTTP Basic, trusting the self-signed certificate', async () => {
    const res = await call(httpsClient(sandbox).get('orders', { per_page: 1 }));
    expect(res.status).toBe(200);
    expect(res.data).toHaveLength(1);
    expect(sandbox.log.list().at(-1)?.headers['authorization']).toBe('***');
  });

  it('should accept the keys in the query string over HTTPS (queryStringAuth)', async () => {
    const res = await call(httpsClient(sandbox, { queryStringAuth: true }).get('customers/26'));
    expect(res.status).toBe(200);
    expect(res.data.email).toBe('joao.silva@example.com');
    const logged = sandbox.log.list().at(-1)?.query ?? '';
    expect(logged).toContain(`consumer_key=${WOOCOMMERCE_DEMO.consumerKey}`);
    expect(logged).toContain('consumer_secret=***');
    expect(logged).not.toContain(WOOCOMMERCE_DEMO.consumerSecret);
  });

  it('should accept an HMAC-SHA1 signature and OAuth parameters sent in the Authorization header', async () => {
    expect((await raw(signedUrl(`${sandbox.apiUrl}/orders/727`))).status).toBe(200);
    const oauth = new OAuth({
      consumer: { key: WOOCOMMERCE_DEMO.consumerKey, secret: WOOCOMMERCE_DEMO.consumerSecret },
      signature_method: 'HMAC-SHA256',
      hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
    });
    const url = `${sandbox.apiUrl}/orders/723`;
    const header = oauth.toHeader(oauth.authorize({ url, method: 'GET' }));
    const res = await raw(url, { headers: { ...header } });
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(723);
  });

  it('should refuse a wrong consumer secret with "Invalid signature - provided signature does not match."', async () => {
    const res = await call(oauthClient(sandbox, { consumerSecret: 'cs_wrong' }).get('orders'));
    expect(res.status).toBe(401);
    expect(res.data).toEqual(authError('Invalid signature - provided signature does not match.'));
  });

  it('should refuse an unknown consumer key with "Consumer key is invalid."', async () => {
    const res = await call(oauthClient(sandbox, { consumerKey: 'ck_0000000000000000000000000000000000000000' }).get('orders'));
    expect(res.data).toEqual(authError('Consumer key is invalid.'));
  });

  it('should refuse a correctly signed request whose timestamp is more than 15 minutes off', async () => {
    const stale = Math.floor(Date.now() / 1000) - 16 * 60;
    const res = await raw(signedUrl(`${sandbox.apiUrl}/orders`, { timestamp: stale }));
    expect(res.status).toBe(401);
    expect(res.json).toEqual(authError('Invalid timestamp.'));
    const early = await raw(signedUrl(`${sandbox.apiUrl}/orders`, { timestamp: Math.floor(Date.now() / 1000) - 14 * 60 }));
    expect(early.status).toBe(200);
  });

  it('should refuse a replayed request because its nonce was used', async () => {
    expect((await call(oauthClient(sandbox).get('orders/727'))).status).toBe(200);
    const entry = sandbox.log.list().at(-1);
    const replay = await raw(`${sandbox.url}${entry?.path ?? ''}${entry?.query ?? ''}`);
    expect(replay.status).toBe(401);
    expect(replay.json).toEqual(authError('Invalid nonce - nonce has already been used.'));
  });

  it('should name the missing OAuth parameters when only some are sent', async () => {
    const res = await raw(`${sandbox.apiUrl}/orders?oauth_consumer_key=${WOOCOMMERCE_DEMO.consumerKey}`);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      code: 'woocommerce_rest_authentication_missing_parameter',
      message: 'Missing OAuth parameters oauth_timestamp, oauth_nonce, oauth_signature, oauth_signature_method',
      data: { status: 401 },
    });
  });

  it('should not look at Basic credentials or query-string keys over plain HTTP (anonymous → cannot_view)', async () => {
    const viaBasic = await raw(`${sandbox.apiUrl}/orders`, { headers: { authorization: basic(WOOCOMMERCE_DEMO.consumerKey, WOOCOMMERCE_DEMO.consumerSecret) } });
    expect(viaBasic.status).toBe(401);
    expect(viaBasic.json).toEqual(cannotList);
    const viaQuery = await raw(`${sandbox.apiUrl}/orders?consumer_key=${WOOCOMMERCE_DEMO.consumerKey}&consumer_secret=${WOOCOMMERCE_DEMO.consumerSecret}`);
    expect(viaQuery.json).toEqual(cannotList);
  });

  it('should refuse a wrong secret over HTTPS, and treat an unknown Basic key as anonymous', async () => {
    const wrong = await call(httpsClient(sandbox, { consumerSecret: 'cs_wrong' }).get('orders'));
    expect(wrong.status).toBe(401);
    expect(wrong.data).toEqual(authError('Consumer secret is invalid.'));
    expect(wrong.headers['www-authenticate']).toBeUndefined();
    const unknown = await call(httpsClient(sandbox, { consumerKey: 'ck_unknown', consumerSecret: 'cs_unknown' }).get('orders'));
    expect(unknown.data).toEqual(cannotList);
  });

  it('should refuse every write of a read-only key and every read of a write-only key, before routing', async () => {
    const readOnly = oauthClient(sandbox, { consumerKey: WOOCOMMERCE_DEMO.readOnlyConsumerKey, consumerSecret: WOOCOMMERCE_DEMO.readOnlyConsumerSecret });
    expect((await call(readOnly.get('orders/727'))).status).toBe(200);
    const noWrite = authError('The API key provided does not have write permissions.');
    expect((await call(readOnly.post('orders', { line_items: [{ product_id: 93, quantity: 1 }] }))).data).toEqual(noWrite);
    expect((await call(readOnly.put('orders/727', { status: 'completed' }))).data).toEqual(noWrite);
    expect((await call(readOnly.delete('customers/25', { force: true }))).data).toEqual(noWrite);
    expect((await call(readOnly.post('no-such-route', {}))).data).toEqual(noWrite);
    const writeOnly = oauthClient(sandbox, { consumerKey: WOOCOMMERCE_DEMO.writeOnlyConsumerKey, consumerSecret: WOOCOMMERCE_DEMO.writeOnlyConsumerSecret });
    const res = await call(writeOnly.get('orders'));
    expect(res.status).toBe(401);
    expect(res.data).toEqual(authError('The API key provided does not have read permissions.'));
    expect((await call(oauthClient(sandbox).get('orders/727'))).data.status).toBe('processing');
  });

  it('should validate arguments before the permission check, as WordPress does (400 even without credentials)', async () => {
    const res = await raw(`${sandbox.apiUrl}/orders?per_page=101`);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: 'rest_invalid_param',
      message: 'Invalid parameter(s): per_page',
      data: {
        status: 400,
        params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' },
        details: { per_page: { code: 'rest_out_of_bounds', message: 'per_page must be between 1 (inclusive) and 100 (inclusive)', data: null } },
      },
    });
  });

  it('should answer unknown routes with rest_no_route and WordPress headers', async () => {
    const res = await call(oauthClient(sandbox).get('products'));
    expect(res.status).toBe(404);
    expect(res.data).toEqual({ code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
    expect(res.headers['link']).toBe(`<${sandbox.url}/wp-json/>; rel="https://api.w.org/"`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('should encode answers the way wp_json_encode() does: slashes and non-ASCII escaped', async () => {
    const res = await call(oauthClient(sandbox).get('orders/723', {}));
    expect(res.status).toBe(200);
    const text = (await raw(signedUrl(`${sandbox.apiUrl}/orders/723`))).text;
    expect(text).toContain('"href":"http:\\/\\/127.0.0.1');
    expect(text).toContain('"first_name":"Jo\\u00e3o"');
    expect(res.data.billing.first_name).toBe('João');
  });
});
