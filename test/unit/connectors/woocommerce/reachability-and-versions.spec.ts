import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  compareWooCommerceVersions,
  createWooCommerceClient,
  isStaleWooCommercePayload,
  isWordPressUnsafeIpv4,
  wooCommerceWebhookReachability,
  type Clock,
} from '@mlc/connectors';

describe('wooCommerceWebhookReachability (WordPress wp_http_validate_url rules)', () => {
  const PUBLIC_SHOP = 'https://shop.example.com';
  const LAN_SHOP = 'http://192.168.1.5';
  it.each([
    ['https on the default port', 'https://connector.example.com', PUBLIC_SHOP, 'ok', 'ok'],
    ['https on 8080, a port WordPress allows', 'https://connector.example.com:8080', PUBLIC_SHOP, 'ok', 'ok'],
    ['plain http (deliverable, unencrypted)', 'http://connector.example.com', PUBLIC_SHOP, 'warning', 'not_https'],
    ['localhost from a public shop', 'https://localhost', PUBLIC_SHOP, 'failed', 'private_public_url'],
    ['a 10/8 address from a public shop', 'https://10.1.2.3', PUBLIC_SHOP, 'failed', 'private_public_url'],
    ['a 172.16/12 address from a public shop', 'https://172.20.0.4', PUBLIC_SHOP, 'failed', 'private_public_url'],
    ['a .internal name from a public shop', 'https://mlc.corp.internal', PUBLIC_SHOP, 'failed', 'private_public_url'],
    ['172.32/16, outside WordPress’ private range', 'https://172.32.0.4', PUBLIC_SHOP, 'ok', 'ok'],
    ['port 3000 from a public shop', 'https://connector.example.com:3000', PUBLIC_SHOP, 'failed', 'unusual_port'],
    ['a private address from a LAN shop (a plugin may allow it)', 'http://192.168.1.10:8080', LAN_SHOP, 'warning', 'private_public_url'],
    ['the shop’s own host on another port (local development)', 'http://127.0.0.1:3000', 'http://127.0.0.1:8888', 'warning', 'unusual_port'],
    ['the shop’s own host and port', 'http://127.0.0.1:8888/hooks', 'http://127.0.0.1:8888', 'warning', 'not_https'],
    ['an IPv6 literal (always refused)', 'https://[2001:db8::1]', PUBLIC_SHOP, 'failed', 'ipv6_literal'],
    ['a URL with credentials', 'https://user:pw@connector.example.com', PUBLIC_SHOP, 'failed', 'credentials_in_url'],
    ['not a URL', 'connector', PUBLIC_SHOP, 'failed', 'invalid_url'],
    ['ftp', 'ftp://connector.example.com', PUBLIC_SHOP, 'failed', 'invalid_url'],
  ])('should judge %s', (_name, publicUrl, shopUrl, status, code) => {
    expect(wooCommerceWebhookReachability(publicUrl, shopUrl)).toMatchObject({ step: 'webhooks', status, code });
  });

  it('should warn, not fail, when no public URL is configured (changes arrive by polling)', () => {
    expect(wooCommerceWebhookReachability(undefined, PUBLIC_SHOP)).toMatchObject({ status: 'warning', code: 'no_public_url' });
  });

  it.each([['127.0.0.1', true], ['0.1.2.3', true], ['172.15.0.1', false], ['172.31.255.255', true], ['192.168.0.1', true], ['192.169.0.1', false], ['8.8.8.8', false], ['shop.example.com', false]])(
    'should classify %s as unsafe for WordPress: %s',
    (host, expected) => {
      expect(isWordPressUnsafeIpv4(host)).toBe(expected);
    },
  );
});

describe('compareWooCommerceVersions / isStaleWooCommercePayload', () => {
  it.each([
    ['2017-03-22T19:30:35', '2017-03-22T19:28:08', 'newer'],
    ['2017-03-22T19:28:08', '2017-03-22T19:28:08.000Z', 'same'],
    ['2017-03-22T19:28:07', '2017-03-22T19:28:08', 'older'],
    [null, '2017-03-22T19:28:08', 'unknown'],
    ['2017-03-22T19:28:08', undefined, 'unknown'],
    ['not a date', '2017-03-22T19:28:08', 'unknown'],
  ])('should compare %s with %s as %s', (incoming, stored, expected) => {
    expect(compareWooCommerceVersions(incoming, stored)).toBe(expected);
  });

  it('should call a delivery stale only when its date_modified_gmt is older than the stored one', () => {
    expect(isStaleWooCommercePayload({ id: 727, date_modified_gmt: '2017-03-22T19:28:08' }, '2017-03-22T19:30:35')).toBe(true);
    expect(isStaleWooCommercePayload({ id: 727, date_modified_gmt: '2017-03-22T19:30:35' }, '2017-03-22T19:30:35')).toBe(false);
    expect(isStaleWooCommercePayload({ id: 727 }, '2017-03-22T19:30:35')).toBe(false);
  });
});

describe('WooCommerceClient.ping options and store facts', () => {
  const status = { environment: { home_url: 'http://127.0.0.1', site_url: 'http://127.0.0.1', version: '9.4.1', wp_version: '6.7' }, settings: { currency: 'NOK', number_of_decimals: 0 } };
  let url = '';
  let close: () => Promise<void> = () => Promise.resolve();
  const clock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

  beforeAll(async () => {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const [code, body] = path.endsWith('/system_status') ? [200, status] : [404, { code: 'woocommerce_rest_webhook_invalid_id', message: 'Invalid ID.', data: { status: 404 } }];
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  it('should judge the public URL given to ping over the client option, and report the store’s decimals', async () => {
    const client = createWooCommerceClient({ consumerKey: 'ck_x', consumerSecret: 'cs_x' }, { siteUrl: url, publicBaseUrl: 'https://connector.example.com', clock });

    const fromOption = await client.ping();
    const overridden = await client.ping({ publicBaseUrl: 'https://connector.example.com:3000' });

    expect(fromOption.steps.find((s) => s.step === 'webhooks')).toMatchObject({ code: 'ok' });
    expect(overridden.steps.find((s) => s.step === 'webhooks')).toMatchObject({ code: 'unusual_port' });
    expect(overridden.store).toEqual({ currency: 'NOK', decimals: 0 });
    expect(overridden.steps.find((s) => s.step === 'company')?.hint).toContain('currency NOK, 0 decimals');
  });
});
