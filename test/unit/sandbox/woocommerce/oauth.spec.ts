import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import {
  hashEquals,
  parseOAuthHeader,
  parsePhpQuery,
  phpRawUrlEncode,
  toBytes,
  wcUrlEncode,
  wooCommerceBaseString,
  wooCommerceSignature,
  type PhpArray,
} from '../../../../apps/sandbox/src/woocommerce/oauth';

const SECRET = 'cs_0123456789abcdef';
const BASE_URI = 'http://127.0.0.1:4030/wp-json/wc/v3/orders';
const OAUTH_PARAMS = {
  oauth_consumer_key: 'ck_0123456789abcdef',
  oauth_nonce: 'kllo9940pd9333jh',
  oauth_signature_method: 'HMAC-SHA256',
  oauth_timestamp: '1700000000',
  oauth_version: '1.0',
};

/** The RFC 5849 signer the official client uses (oauth-1.0a), for the same request. */
function rfcSigner(algorithm: 'sha1' | 'sha256'): OAuth {
  return new OAuth({
    consumer: { key: OAUTH_PARAMS.oauth_consumer_key, secret: SECRET },
    signature_method: algorithm === 'sha1' ? 'HMAC-SHA1' : 'HMAC-SHA256',
    hash_function: (base, key) => createHmac(algorithm, key).update(base).digest('base64'),
  });
}

/** The parameters WooCommerce would see for `query` plus the OAuth ones (as $_GET holds them). */
function requestParams(query: string): PhpArray {
  const params = parsePhpQuery(query);
  for (const [name, value] of Object.entries(OAUTH_PARAMS)) params.set(name, value);
  return params;
}

/** Flattens a parsed PHP array to plain objects for readable assertions. */
function plain(value: PhpArray): Record<string, unknown> {
  return Object.fromEntries([...value].map(([k, v]) => [k, typeof v === 'string' ? v : plain(v)]));
}

describe('WooCommerce OAuth 1.0a (class-wc-rest-authentication.php)', () => {
  describe(wooCommerceBaseString.name, () => {
    it.each([
      ['per_page=5&page=2', { per_page: '5', page: '2' }],
      ['status=processing&orderby=date&order=asc', { status: 'processing', orderby: 'date', order: 'asc' }],
      ['search=hello%20world', { search: 'hello world' }],
      ['after=2017-03-22T16%3A28%3A02', { after: '2017-03-22T16:28:02' }],
      ['', {}],
    ])('should build the same base string and signature as an RFC 5849 signer for plain parameters (%s)', (query, data) => {
      for (const algorithm of ['sha1', 'sha256'] as const) {
        const signer = rfcSigner(algorithm);
        const oauthData: OAuth.Data = { ...OAUTH_PARAMS, oauth_timestamp: Number(OAUTH_PARAMS.oauth_timestamp), oauth_signature_method: algorithm === 'sha1' ? 'HMAC-SHA1' : 'HMAC-SHA256' };
        const request = { url: BASE_URI, method: 'GET', data };
        const params = parsePhpQuery(query);
        for (const [name, value] of Object.entries(oauthData)) params.set(name, String(value));
        const base = wooCommerceBaseString('GET', BASE_URI, params);
        expect(base).toBe(signer.getBaseString(request, oauthData));
        expect(wooCommerceSignature(base, SECRET, algorithm)).toBe(signer.getSignature(request, undefined, oauthData));
      }
    });

    it('should start with the upper-cased method and the rawurlencode()d URI, and join the pairs with %26', () => {
      const base = wooCommerceBaseString('get', BASE_URI, requestParams('page=1'));
      expect(base.startsWith('GET&http%3A%2F%2F127.0.0.1%3A4030%2Fwp-json%2Fwc%2Fv3%2Forders&')).toBe(true);
      expect(base.split('&')).toHaveLength(3);
      expect(base.split('&')[2]).toBe(
        'oauth_consumer_key%3Dck_0123456789abcdef%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1700000000%26oauth_version%3D1.0%26page%3D1',
      );
    });

    it('should leave out oauth_signature itself', () => {
      const withSignature = requestParams('page=1');
      withSignature.set('oauth_signature', 'abc=');
      expect(wooCommerceBaseString('GET', BASE_URI, withSignature)).toBe(wooCommerceBaseString('GET', BASE_URI, requestParams('page=1')));
    });

    it('should sort on the decoded names with strcmp (RFC 5849 sorts the encoded ones)', () => {
      // '|' (0x7C) sorts after 'a' decoded, but its encoding '%7C' sorts before 'a'.
      const params = parsePhpQuery('x%7C=1&xa=2');
      const pairs = wooCommerceBaseString('GET', BASE_URI, params).split('&')[2];
      expect(pairs).toBe('xa%3D2%26x%257C%3D1');
      const rfc = rfcSigner('sha256').getParameterString({ url: BASE_URI, method: 'GET', data: { 'x|': '1', xa: '2' } }, {} as OAuth.Data);
      expect(rfc).toBe('x%7C=1&xa=2');
    });

    it('should sign nested PHP array parameters as parent%255Bchild%255D without encoding the brackets once', () => {
      const pairs = wooCommerceBaseString('GET', BASE_URI, parsePhpQuery('filter%5Bstatus%5D=any&filter%5Blimit%5D=5')).split('&')[2];
      expect(pairs).toBe('filter%255Bstatus%255D%3Dany%26filter%255Blimit%255D%3D5');
    });

    it('should encode values twice (space → %2520, UTF-8 bytes → %25C3%25A6) and take + as a space', () => {
      const pairs = wooCommerceBaseString('GET', BASE_URI, parsePhpQuery('search=s%C3%A6r+b')).split('&')[2];
      expect(pairs).toBe('search%3Ds%25C3%25A6r%2520b');
    });

    it('should percent-encode the request path bytes as received (an already encoded path is encoded again)', () => {
      const base = wooCommerceBaseString('GET', 'http://shop.test/wp-json/wc/v3/orders/%31', new Map());
      expect(base).toBe('GET&http%3A%2F%2Fshop.test%2Fwp-json%2Fwc%2Fv3%2Forders%2F%2531&');
    });
  });

  describe(parsePhpQuery.name, () => {
    it.each([
      ['a.b=1&c d=2', { a_b: '1', c_d: '2' }],
      ['a=1&a=2', { a: '2' }],
      ['q=a+b%2Bc', { q: 'a b+c' }],
      ['flag&=x&v=', { flag: '', v: '' }],
      ['list[]=x&list[]=y', { list: { '0': 'x', '1': 'y' } }],
      ['a[b][c]=1&a[b][d]=2', { a: { b: { c: '1', d: '2' } } }],
      ['a[b.c]=1', { a: { 'b.c': '1' } }],
      ['%20lead=1', { lead: '1' }],
    ])('should parse %s as PHP parse_str() does', (query, expected) => {
      expect(plain(parsePhpQuery(query))).toEqual(expected);
    });

    it('should keep bytes, not characters (UTF-8 as latin1 byte string)', () => {
      expect(parsePhpQuery('n=%C3%A6').get('n')).toBe(toBytes('æ'));
    });
  });

  describe('encoding helpers', () => {
    it('should rawurlencode() everything but A-Za-z0-9-_.~ in upper-case hex', () => {
      expect(phpRawUrlEncode("a b+c/~*'()!")).toBe('a%20b%2Bc%2F~%2A%27%28%29%21');
      expect(wcUrlEncode(toBytes('ø'))).toBe('%C3%B8');
    });

    it('should read the oauth_* parameters of an Authorization: OAuth header, quoted or bare, urldecoded', () => {
      const header = 'OAuth realm="x", oauth_consumer_key="ck_1", oauth_signature="ab%2Bc%3D", oauth_nonce=n1, other="y"';
      expect(Object.fromEntries(parseOAuthHeader(header))).toEqual({ oauth_consumer_key: 'ck_1', oauth_signature: 'ab+c=', oauth_nonce: 'n1' });
      expect(parseOAuthHeader('Basic Y2tfMTpjc18x').size).toBe(0);
    });

    it('should compare signatures in constant time and refuse different lengths', () => {
      expect(hashEquals('abc', 'abc')).toBe(true);
      expect(hashEquals('abc', 'abd')).toBe(false);
      expect(hashEquals('abc', 'abcd')).toBe(false);
    });

    it('should key the HMAC with consumer_secret& (no token secret)', () => {
      const expected = createHmac('sha256', `${SECRET}&`).update('GET&x&y').digest('base64');
      expect(wooCommerceSignature('GET&x&y', SECRET, 'sha256')).toBe(expected);
    });
  });
});
