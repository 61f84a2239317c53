import { createHmac } from 'node:crypto';

/** PHP rawurlencode (RFC 3986), written independently of the code under test. */
export function rawurlencode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** PHP rawurldecode: `%XX` only, a `+` stays a plus. */
function rawurldecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, '%2B'));
}

/** Parses `Authorization: OAuth k="v", …` (Magento\Framework\Oauth\Helper\Request::_processHeader). */
export function parseOAuthHeader(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^OAuth\s+/i, '').matchAll(/([a-z_]+)="([^"]*)"/g)) out[m[1] ?? ''] = rawurldecode(m[2] ?? '');
  return out;
}

/**
 * Recomputes the signature the way Magento checks it: query split on `&` and `rawurldecode`d
 * (Request::_extractQueryParams), oauth params from the header minus the signature, sorted, each `k=v` raw-encoded and
 * joined with `&`, base string `METHOD&rawurlencode(url without query)&rawurlencode(params)`, key
 * `rawurlencode(consumerSecret)&rawurlencode(tokenSecret)`, HMAC-SHA256, base64.
 * @param rawUrl the absolute URL exactly as received (path still percent-encoded)
 */
export function magentoExpectedSignature(method: string, rawUrl: string, authorization: string, consumerSecret: string, tokenSecret: string): { expected: string; given: string; params: Record<string, string> } {
  const oauth = parseOAuthHeader(authorization);
  const { oauth_signature: given = '', ...protocol } = oauth;
  const q = rawUrl.indexOf('?');
  const base = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const params: Record<string, string> = { ...protocol };
  if (q >= 0) {
    for (const pair of rawUrl.slice(q + 1).split('&')) {
      const [k = '', v = ''] = pair.split('=');
      params[rawurldecode(k)] = rawurldecode(v);
    }
  }
  const keys = Object.keys(params).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const joined = keys.map((k) => `${rawurlencode(k)}=${rawurlencode(params[k] ?? '')}`).join('&');
  const baseString = `${method.toUpperCase()}&${rawurlencode(base)}&${rawurlencode(joined)}`;
  const expected = createHmac('sha256', `${rawurlencode(consumerSecret)}&${rawurlencode(tokenSecret)}`).update(baseString).digest('base64');
  return { expected, given, params };
}
