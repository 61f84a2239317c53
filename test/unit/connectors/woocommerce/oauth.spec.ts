import { createHmac } from 'node:crypto';
import { WooCommerceOAuth1Auth, type Clock } from '@mlc/connectors';

const KEY = 'ck_0123456789abcdef';
const SECRET = 'cs_fedcba9876543210';
const CLOCK: Clock = { now: () => 1_700_000_000_500, sleep: () => Promise.resolve() };

/** PHP rawurlencode (RFC 3986), written independently of the code under test. */
function raw(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** WC_REST_Authentication::check_oauth_signature(): sort by key (strcmp), encode, join with %26, key `secret&`. */
function expectedSignature(method: string, base: string, params: Record<string, string>, secret: string): string {
  const keys = Object.keys(params).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pairs = keys.map((k) => raw(`${raw(k)}=${raw(params[k] ?? '')}`));
  const stringToSign = `${method}&${raw(base)}&${pairs.join('%26')}`;
  return createHmac('sha256', `${secret}&`).update(stringToSign).digest('base64');
}

describe(WooCommerceOAuth1Auth.name, () => {
  it('should sign the query with HMAC-SHA256 exactly as WooCommerce recomputes it', () => {
    const auth = new WooCommerceOAuth1Auth({ consumerKey: KEY, consumerSecret: SECRET }, CLOCK, () => 'abcdef0123456789abcdef0123456789');
    const signed = new URL(auth.signUrl('get', 'http://shop.test/wp-json/wc/v3/orders?modified_after=2024-05-14T09%3A34%3A00&per_page=100&dates_are_gmt=true'));
    const params = Object.fromEntries(signed.searchParams);
    expect(params).toMatchObject({
      oauth_consumer_key: KEY,
      oauth_nonce: 'abcdef0123456789abcdef0123456789',
      oauth_signature_method: 'HMAC-SHA256',
      oauth_timestamp: '1700000000',
      modified_after: '2024-05-14T09:34:00',
    });
    expect(params).not.toHaveProperty('oauth_version');
    const { oauth_signature: signature, ...rest } = params;
    expect(signature).toBe(expectedSignature('GET', 'http://shop.test/wp-json/wc/v3/orders', rest, SECRET));
  });

  it('should encode reserved characters in keys and values the RFC 3986 way', () => {
    const auth = new WooCommerceOAuth1Auth({ consumerKey: KEY, consumerSecret: SECRET }, CLOCK, () => 'n0nce');
    const signed = new URL(auth.signUrl('DELETE', "http://shop.test/wp-json/wc/v3/webhooks/0?force=true&search=a b!*'()~"));
    const { oauth_signature: signature, ...rest } = Object.fromEntries(signed.searchParams);
    expect(rest['search']).toBe("a b!*'()~");
    expect(signed.search).toContain('search=a%20b%21%2A%27%28%29~');
    expect(signature).toBe(expectedSignature('DELETE', 'http://shop.test/wp-json/wc/v3/webhooks/0', rest, SECRET));
  });

  it('should use a fresh nonce and the current timestamp on every attempt', () => {
    const auth = new WooCommerceOAuth1Auth({ consumerKey: KEY, consumerSecret: SECRET }, CLOCK);
    const a = new URL(auth.signUrl('GET', 'http://shop.test/wp-json/wc/v3/orders')).searchParams.get('oauth_nonce');
    const b = new URL(auth.signUrl('GET', 'http://shop.test/wp-json/wc/v3/orders')).searchParams.get('oauth_nonce');
    expect(a).toMatch(/^[a-f0-9]{32}$/);
    expect(a).not.toBe(b);
  });
});
