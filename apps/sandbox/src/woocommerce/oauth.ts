/**
 * One-legged OAuth 1.0a exactly as WooCommerce verifies it (woocommerce/woocommerce
 * plugins/woocommerce/includes/class-wc-rest-authentication.php @ 170a8939, check_oauth_signature(),
 * normalize_parameters(), join_with_equals_sign(), parse_header(); wc_rest_urlencode_rfc3986() in
 * wc-rest-functions.php), including PHP's request parsing (parse_str / $_GET), which decides which bytes get signed:
 * - the parameters are $_GET merged with $_POST (form bodies only; a JSON body is never signed) and the
 *   `oauth_*` parameters of an `Authorization: OAuth …` header, decoded the PHP way (`+` is a space, `a[b]=1` is a
 *   nested array, `.` and ` ` in a top-level name become `_`, a repeated name keeps the last value);
 * - `oauth_signature` is removed; the top-level names are sorted with strcmp on the DECODED names (RFC 5849 sorts the
 *   encoded ones); names and values are rawurlencode()d, nested names are not; `name=value` is rawurlencode()d again
 *   (nested names become `parent%255Bchild%255D`) and the pairs are joined with `%26`;
 * - base string = METHOD & rawurlencode(home URL + request path as received) & pairs; key = consumer_secret + '&';
 *   HMAC-SHA1 or HMAC-SHA256, base64; the sent signature is compared after rawurldecode(str_replace(' ', '+', …)).
 * Strings here are PHP byte strings: one JS char per byte (latin1), as PHP sees them after urldecode().
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { phpRawUrlDecode, phpRawUrlEncode, phpUrlDecode, toBytes } from '../core/php-url';

export { phpRawUrlDecode, phpRawUrlEncode, phpUrlDecode, toBytes };

/** A PHP value from a query string: a byte string or an ordered array (insertion order kept, like PHP). */
export type PhpValue = string | PhpArray;
export type PhpArray = Map<string, PhpValue>;

/** wc_rest_urlencode_rfc3986(): rawurlencode(), then `+` → space and `%7E` → `~` (no-ops for rawurlencode output). */
export function wcUrlEncode(bytes: string): string {
  return phpRawUrlEncode(bytes).replace(/\+/g, ' ').replace(/%7E/g, '~');
}

/**
 * PHP's parse_str() / $_GET for a raw query string (`a=1&b[]=2&c[x]=3`): pairs split on `&`, `=` splits once,
 * both sides urldecode()d; the top-level name loses leading spaces and gets `.`/` ` turned into `_`; `[...]` segments
 * nest (an empty one appends); a later value for the same name replaces the earlier. Values are byte strings.
 */
export function parsePhpQuery(query: string, into: PhpArray = new Map()): PhpArray {
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : phpUrlDecode(pair.slice(eq + 1));
    setPhpVariable(into, phpUrlDecode(rawName), value);
  }
  return into;
}

function setPhpVariable(target: PhpArray, fullName: string, value: string): void {
  const name = fullName.replace(/^ +/, '');
  const open = name.indexOf('[');
  const close = open >= 0 ? name.indexOf(']', open) : -1;
  const hasIndex = open > 0 && close > open;
  const base = (hasIndex ? name.slice(0, open) : name).replace(/[. ]/g, '_').replace(/\[/g, '_');
  if (base === '') return;
  if (!hasIndex) {
    target.set(base, value);
    return;
  }
  const indices: string[] = [];
  let rest = name.slice(open);
  while (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end < 0) break;
    indices.push(rest.slice(1, end));
    rest = rest.slice(end + 1);
  }
  let node: PhpArray = target;
  let key = base;
  for (const index of indices) {
    let child = node.get(key);
    if (!(child instanceof Map)) {
      child = new Map<string, PhpValue>();
      node.set(key, child);
    }
    node = child;
    key = index === '' ? String(nextIndex(node)) : index;
  }
  node.set(key, value);
}

function nextIndex(array: PhpArray): number {
  let max = -1;
  for (const key of array.keys()) if (/^(0|-?[1-9]\d*)$/.test(key)) max = Math.max(max, Number(key));
  return max + 1;
}

/**
 * WC_REST_Authentication::parse_header(): the `oauth_*` parameters of an `Authorization: OAuth …` header
 * (quoted or bare values, urldecode()d). Empty when the header is not an OAuth one.
 */
export function parseOAuthHeader(header: string): Map<string, string> {
  const params = new Map<string, string>();
  const trimmed = header.trim();
  if (!trimmed.startsWith('OAuth ')) return params;
  for (const m of trimmed.matchAll(/(oauth_[a-z_-]*)=(:?"([^"]*)"|([^,]*))/g)) {
    const quoted = m[3] ?? '';
    params.set(m[1] ?? '', phpUrlDecode(quoted !== '' ? quoted : m[4] ?? ''));
  }
  return params;
}

/** strcmp(): byte order. */
function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeValues(value: PhpValue): PhpValue {
  if (typeof value === 'string') return wcUrlEncode(value);
  return new Map([...value].map(([k, v]) => [k, encodeValues(v)]));
}

function joinWithEqualsSign(params: PhpArray, out: string[], prefix: string): void {
  for (const [rawKey, value] of params) {
    const key = prefix ? `${prefix}%5B${rawKey}%5D` : rawKey;
    if (value instanceof Map) joinWithEqualsSign(value, out, key);
    else out.push(wcUrlEncode(`${key}=${value}`));
  }
}

/**
 * The string WooCommerce signs (check_oauth_signature): `METHOD&rawurlencode(baseUri)&pairs` where the pairs are
 * built from `params` (every request parameter, `oauth_signature` removed) as the module comment describes.
 * `baseUri` is the site URL plus the request path exactly as received (still percent-encoded).
 */
export function wooCommerceBaseString(method: string, baseUri: string, params: PhpArray): string {
  const sorted = [...params].filter(([k]) => k !== 'oauth_signature').sort(([a], [b]) => strcmp(a, b));
  const normalized: PhpArray = new Map(sorted.map(([k, v]) => [wcUrlEncode(k), encodeValues(v)]));
  const pairs: string[] = [];
  joinWithEqualsSign(normalized, pairs, '');
  return `${method.toUpperCase()}&${phpRawUrlEncode(toBytes(baseUri))}&${pairs.join('%26')}`;
}

/** base64(HMAC-<algo>(baseString, consumerSecret + '&')), as check_oauth_signature() computes it. */
export function wooCommerceSignature(baseString: string, consumerSecret: string, algorithm: 'sha1' | 'sha256'): string {
  return createHmac(algorithm, Buffer.from(`${consumerSecret}&`, 'latin1')).update(Buffer.from(baseString, 'latin1')).digest('base64');
}

/** hash_equals(): constant-time equality of two byte strings (false when the lengths differ). */
export function hashEquals(known: string, given: string): boolean {
  const a = Buffer.from(known, 'latin1');
  const b = Buffer.from(given, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}
