/**
 * OAuth 1.0a request signatures exactly as Adobe Commerce 2.4.7+ verifies an integration's call (magento/magento2
 * 2.4-develop):
 * - lib/internal/Magento/Framework/Oauth/Helper/Request.php: prepareRequest() collects the parameters —
 *   `_processHeader()`: after `OAuth ` (case-insensitive) the header splits on `,`, each `name=value` (split once) whose
 *   name matches /oauth_[a-z_-]+/ is kept with rawurldecode(trim(value, '"')); a form body
 *   (`application/x-www-form-urlencoded…`) goes through parse_str(); `_extractQueryStringParams()` splits the query on
 *   `&` and `=` and keeps only pairs of exactly two parts whose name is not an oauth one, urldecode()d (`+` is a
 *   space). getRequestUrl() is scheme + `://` + the Host header + REQUEST_URI, still percent-encoded as received.
 * - lib/internal/Magento/Framework/Oauth/Oauth.php: getSupportedSignatureMethods() is `[HMAC-SHA256]` only;
 *   `_validateSignature()` signs with Guzzle's oauth-subscriber `Oauth1::getSignature()` (guzzle/oauth-subscriber
 *   src/Oauth1.php): the parameters above (without oauth_signature), plus the query parsed by
 *   GuzzleHttp\Psr7\Query::parse() for names not yet present (`+` → space, rawurldecode, a name without `=` is null and
 *   dropped), sorted with strcmp on the decoded names, joined by http_build_query(…, PHP_QUERY_RFC3986) (rawurlencode:
 *   `%20`, never `+`); base string = METHOD & rawurlencode(URL without query: scheme and host lower-cased, default port
 *   dropped, path bytes as received so `%2F` in a SKU stays `%2F`) & rawurlencode(parameters); key =
 *   rawurlencode(consumer_secret) & rawurlencode(token_secret); base64(HMAC-SHA256); hash_equals() with the sent one.
 * Strings are PHP byte strings here: one JS char per byte (latin1).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { phpRawUrlDecode, phpRawUrlEncode, phpUrlDecode, toBytes } from '../core/php-url';

export { phpRawUrlDecode, phpRawUrlEncode, phpUrlDecode, toBytes };

const PROTOCOL_PARAM = /oauth_[a-z_-]+/;

/** What prepareRequest() returns: undefined when the Authorization header is not an OAuth one (not an OAuth call). */
export function magentoOAuthParams(authorization: string | undefined, contentType: string | undefined, rawBody: string, rawQuery: string): Map<string, string> | undefined {
  const params = new Map<string, string>();
  const header = authorization ?? '';
  const at = header.toLowerCase().indexOf('oauth ');
  if (!authorization || at < 0) return undefined;
  for (const part of header.slice(at + 6).split(',')) {
    const trimmed = part.trim();
    const eq = trimmed.indexOf('=');
    if (eq < 0) continue;
    const name = trimmed.slice(0, eq);
    if (PROTOCOL_PARAM.test(name)) params.set(phpRawUrlDecode(name), phpRawUrlDecode(trimQuotes(trimmed.slice(eq + 1))));
  }
  if (rawBody !== '' && contentType?.startsWith('application/x-www-form-urlencoded')) {
    const noProtocol = params.size === 0;
    for (const [name, value] of parseStrFlat(rawBody)) {
      if (!PROTOCOL_PARAM.test(name) || noProtocol) params.set(name, value);
    }
  }
  if (rawQuery !== '') {
    for (const pair of rawQuery.split('&')) {
      const parts = pair.split('=');
      if (parts.length === 2 && !PROTOCOL_PARAM.test(parts[0] ?? '')) params.set(phpUrlDecode(parts[0] ?? ''), phpUrlDecode(parts[1] ?? ''));
    }
  }
  return params;
}

/** PHP trim($value, '"'). */
function trimQuotes(text: string): string {
  return text.replace(/^"+|"+$/g, '');
}

/** parse_str() for flat names (a repeated name keeps the last value; `a[b]` names are kept as written). */
function parseStrFlat(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    out.set(phpUrlDecode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? '' : phpUrlDecode(pair.slice(eq + 1)));
  }
  return out;
}

/** GuzzleHttp\Psr7\Query::parse(): repeated names become lists, a name without `=` has the value null. */
function guzzleQueryParse(query: string): Map<string, Array<string | null>> {
  const out = new Map<string, Array<string | null>>();
  if (query === '') return out;
  const decode = (v: string): string => phpRawUrlDecode(v.replace(/\+/g, ' '));
  for (const kvp of query.split('&')) {
    const eq = kvp.indexOf('=');
    const key = decode(eq < 0 ? kvp : kvp.slice(0, eq));
    const value = eq < 0 ? null : decode(kvp.slice(eq + 1));
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

/**
 * The URL part of the base string: Guzzle's `(string) $uri->withQuery('')` — scheme and host lower-cased, the default
 * port (80/443) dropped, the path as received except bytes a path may not hold (spaces, non-ASCII) percent-encoded.
 */
export function normalizedBaseUrl(requestUrl: string): string {
  const q = requestUrl.indexOf('?');
  const noQuery = q < 0 ? requestUrl : requestUrl.slice(0, q);
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]*)(.*)$/.exec(noQuery);
  if (!m) return noQuery;
  const scheme = (m[1] ?? '').toLowerCase();
  let authority = (m[2] ?? '').toLowerCase();
  if ((scheme === 'http' && authority.endsWith(':80')) || (scheme === 'https' && authority.endsWith(':443'))) authority = authority.replace(/:\d+$/, '');
  const path = (m[3] ?? '').replace(/(?:[^A-Za-z0-9_.~!$&'()*+,;=%:@/-]+|%(?![A-Fa-f0-9]{2}))/g, (bad) => phpRawUrlEncode(toBytes(bad)));
  return `${scheme}://${authority}${path}`;
}

/**
 * The signature base string Commerce computes for a call: `params` from magentoOAuthParams(), `requestUrl` the full
 * URL as received (with its query), `rawQuery` the query string without `?`.
 */
export function magentoBaseString(method: string, requestUrl: string, params: ReadonlyMap<string, string>, rawQuery: string): string {
  const all = new Map<string, string | Array<string | null> | null>();
  for (const [k, v] of params) if (k !== 'oauth_signature') all.set(k, v);
  for (const [k, v] of guzzleQueryParse(rawQuery)) {
    if (!all.has(k)) all.set(k, v.length === 1 ? (v[0] ?? null) : v);
  }
  const names = [...all.keys()].filter((k) => all.get(k) !== null).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pairs: string[] = [];
  for (const name of names) {
    const value = all.get(name);
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (v !== null) pairs.push(`${phpRawUrlEncode(`${name}[${i}]`)}=${phpRawUrlEncode(v)}`);
      });
    } else if (typeof value === 'string') pairs.push(`${phpRawUrlEncode(name)}=${phpRawUrlEncode(value)}`);
  }
  return `${method.toUpperCase()}&${phpRawUrlEncode(toBytes(normalizedBaseUrl(requestUrl)))}&${phpRawUrlEncode(pairs.join('&'))}`;
}

/** base64(HMAC-SHA256(baseString, rawurlencode(consumerSecret) & rawurlencode(tokenSecret))). */
export function magentoSignature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  const key = `${phpRawUrlEncode(toBytes(consumerSecret))}&${phpRawUrlEncode(toBytes(tokenSecret))}`;
  return createHmac('sha256', Buffer.from(key, 'latin1')).update(Buffer.from(baseString, 'latin1')).digest('base64');
}

/** hash_equals(): constant-time comparison of two byte strings. */
export function hashEquals(known: string, given: string): boolean {
  const a = Buffer.from(known, 'latin1');
  const b = Buffer.from(given, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}
