import { createHmac } from 'node:crypto';
import { magentoBaseString, magentoOAuthParams, magentoSignature, normalizedBaseUrl } from '../../../../apps/sandbox/src/adobe-commerce/oauth';

const HEADER = 'OAuth oauth_consumer_key="9djdj82h48djs9d2",oauth_token="kkk9d7dh3k39sjv7",oauth_signature_method="HMAC-SHA256",oauth_timestamp="137131201",oauth_nonce="7d8f3e4a",oauth_signature="djosJKDKJSD8743243%2Fjdk33klY%3D"';
const OAUTH_PAIRS = 'oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7';

function base(method: string, url: string, contentType?: string, body = ''): string {
  const q = url.indexOf('?');
  const query = q < 0 ? '' : url.slice(q + 1);
  const params = magentoOAuthParams(HEADER, contentType, body, query);
  if (!params) throw new Error('not an OAuth request');
  return magentoBaseString(method, url, params, query);
}

describe('Adobe Commerce OAuth 1.0a base string', () => {
  it('should build the RFC 5849 3.4.1.1 example the way Commerce does (query decoded, encoded once, strcmp order)', () => {
    expect(base('GET', 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b')).toBe(
      `GET&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26${OAUTH_PAIRS}`,
    );
  });

  it('should read + in a query as a space, so + and %20 sign the same (%20, never +)', () => {
    const plus = base('GET', 'http://127.0.0.1:4040/rest/default/V1/orders?searchCriteria[filter_groups][0][filters][0][value]=Flat+Rate');
    const pct = base('GET', 'http://127.0.0.1:4040/rest/default/V1/orders?searchCriteria[filter_groups][0][filters][0][value]=Flat%20Rate');
    expect(plus).toBe(pct);
    expect(plus).toContain('%3DFlat%2520Rate');
    expect(plus).not.toContain('%2B');
  });

  it('should sign a literal plus sent as %2B as %2B', () => {
    expect(base('GET', 'http://h/rest/V1/products?searchCriteria[filter_groups][0][filters][0][value]=a%2Bb')).toContain('%3Da%252Bb');
  });

  it('should keep an encoded slash of a SKU encoded as sent, in its own case', () => {
    expect(base('PUT', 'http://127.0.0.1:4040/rest/all/V1/products/NL-WAX%2F50')).toBe(`PUT&http%3A%2F%2F127.0.0.1%3A4040%2Frest%2Fall%2FV1%2Fproducts%2FNL-WAX%252F50&${OAUTH_PAIRS}`);
    expect(base('PUT', 'http://127.0.0.1:4040/rest/all/V1/products/NL-WAX%2f50')).toContain('NL-WAX%252f50');
  });

  it('should lower-case scheme and host, drop default ports and keep others', () => {
    expect(normalizedBaseUrl('HTTP://Shop.Example.COM:80/rest/V1/orders?x=1')).toBe('http://shop.example.com/rest/V1/orders');
    expect(normalizedBaseUrl('https://shop.example.com:443/rest/V1/orders')).toBe('https://shop.example.com/rest/V1/orders');
    expect(normalizedBaseUrl('http://127.0.0.1:4040/rest/V1/orders')).toBe('http://127.0.0.1:4040/rest/V1/orders');
  });

  it('should sign a value holding "=" and drop a name without "="', () => {
    const b = base('GET', 'http://h/rest/V1/orders?a=x=y&flag&z=1');
    expect(b).toContain('a%3Dx%253Dy');
    expect(b).not.toContain('flag');
    expect(b).toContain('z%3D1');
  });

  it('should sign form bodies but never a JSON body', () => {
    expect(base('POST', 'http://h/rest/V1/x', 'application/x-www-form-urlencoded', 'c2&a3=2+q')).toContain('a3%3D2%2520q%26c2%3D%26');
    expect(base('POST', 'http://h/rest/V1/x', 'application/json', '{"a3":"2 q"}')).toBe(`POST&http%3A%2F%2Fh%2Frest%2FV1%2Fx&${OAUTH_PAIRS}`);
  });

  it('should not treat a Bearer header as an OAuth request', () => {
    expect(magentoOAuthParams('Bearer abc', undefined, '', '')).toBeUndefined();
  });

  it('should sign with HMAC-SHA256 over consumer secret & token secret', () => {
    const baseString = 'GET&http%3A%2F%2Fh%2F&a%3D1';
    expect(magentoSignature(baseString, 'cs', 'ts')).toBe(createHmac('sha256', 'cs&ts').update(baseString).digest('base64'));
  });
});
