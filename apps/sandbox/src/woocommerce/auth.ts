/**
 * WC_REST_Authentication, step by step (woocommerce/woocommerce plugins/woocommerce/includes/
 * class-wc-rest-authentication.php @ 170a8939):
 * - authenticate(): over HTTPS (is_ssl(), here: the listener is TLS) perform_basic_authentication() first — the
 *   `consumer_key`/`consumer_secret` query parameters when both are non-empty, else HTTP Basic. An unknown key is
 *   silently ignored (no error; the route's permission check then answers 401 `woocommerce_rest_cannot_*`); a known
 *   key with a wrong secret sets 401 `woocommerce_rest_authentication_error` "Consumer secret is invalid.". Then, on
 *   any scheme, perform_oauth_authentication(): nothing when no `oauth_*` parameter is present; 401
 *   `woocommerce_rest_authentication_missing_parameter` when some are missing; "Consumer key is invalid.";
 *   "Invalid signature - signature method is invalid." / "… provided signature does not match."; "Invalid
 *   timestamp." (outside ±15 minutes of the server clock); "Invalid nonce - nonce has already been used.". Over plain
 *   HTTP, Basic auth and the query-string keys are not looked at at all.
 * - Nonces are remembered per key as `timestamp → nonce` (a second nonce with the same timestamp replaces the first,
 *   as in the PHP array) and forgotten after 15 minutes.
 * - check_permissions() (rest_pre_dispatch): a `read` key may only GET/HEAD, a `write` key only POST/PUT/PATCH/DELETE
 *   (401 `woocommerce_rest_authentication_error` "The API key provided does not have write|read permissions.");
 *   OPTIONS is always allowed; any other method "Unknown request method.".
 * WWW-Authenticate is never sent: send_unauthorized_headers() only adds it when the auth method is still
 * 'basic_auth', but authenticate() always goes on to OAuth, which sets it to 'oauth1'.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { WooCommerceApiKey } from './demo.constants';
import {
  hashEquals,
  parseOAuthHeader,
  parsePhpQuery,
  phpRawUrlDecode,
  wooCommerceBaseString,
  wooCommerceSignature,
  type PhpArray,
  type PhpValue,
} from './oauth';
import { wpError, type WpRestError } from './wp-json';

/** What the authenticator needs of a request. */
export type AuthRequest = {
  /** The real HTTP method (`$_SERVER['REQUEST_METHOD']`; signatures use it, not a `_method` override). */
  method: string;
  /** The request target as received (`REQUEST_URI`). */
  rawUrl: string;
  headers: IncomingHttpHeaders;
  /** The raw body when it is form-encoded (`$_POST` is only filled for form bodies). */
  formBody?: string;
  /** True over TLS (`is_ssl()`). */
  secure: boolean;
  /** The site URL the listener answers as (`home_url()`), e.g. `http://127.0.0.1:4030`. */
  siteUrl: string;
};

/** The outcome: the key's user when authenticated, or the error WooCommerce set (or neither: anonymous). */
export type AuthOutcome = { key?: WooCommerceApiKey; error?: WpRestError };

const WINDOW_SECONDS = 15 * 60;
const OAUTH_PARAMS = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'] as const;

/** The WooCommerce REST authentication of the sandbox (see the module comment). `nowSeconds` is `time()`. */
export class WooCommerceAuthenticator {
  private readonly nonces = new Map<number, Map<string, string>>();

  constructor(
    private readonly keys: readonly WooCommerceApiKey[],
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** Forgets the used nonces (sandbox reset). */
  reset(): void {
    this.nonces.clear();
  }

  /** Runs authenticate() for one request. */
  authenticate(request: AuthRequest): AuthOutcome {
    const query = request.rawUrl.includes('?') ? request.rawUrl.slice(request.rawUrl.indexOf('?') + 1) : '';
    const get = parsePhpQuery(query);
    let outcome: AuthOutcome = {};
    if (request.secure) {
      const basic = this.basic(get, request.headers);
      if (basic.key) return basic;
      outcome = basic;
    }
    const oauth = this.oauth(request, get);
    // A Basic-auth error stays set even when OAuth then succeeds (check_authentication_error returns $this->error).
    if (outcome.error) return oauth.error ? { error: oauth.error } : outcome;
    return oauth;
  }

  private basic(get: PhpArray, headers: IncomingHttpHeaders): AuthOutcome {
    let key = '';
    let secret = '';
    const qk = get.get('consumer_key');
    const qs = get.get('consumer_secret');
    if (typeof qk === 'string' && typeof qs === 'string' && !phpEmpty(qk) && !phpEmpty(qs)) {
      key = qk;
      secret = qs;
    }
    if (!key) {
      const credentials = basicCredentials(headers['authorization']);
      if (credentials && !phpEmpty(credentials.user) && !phpEmpty(credentials.password)) {
        key = credentials.user;
        secret = credentials.password;
      }
    }
    if (!key || !secret) return {};
    const row = this.find(key);
    if (!row) return {};
    if (!hashEquals(row.consumerSecret, secret)) return { error: authError('Consumer secret is invalid.') };
    return { key: row };
  }

  private oauth(request: AuthRequest, get: PhpArray): AuthOutcome {
    const params: PhpArray = new Map(get);
    if (request.formBody !== undefined) parsePhpQuery(request.formBody, params);
    const header = headerValue(request.headers['authorization']);
    if (header) for (const [k, v] of parseOAuthHeader(header)) params.set(k, v);

    const missing = OAUTH_PARAMS.filter((name) => phpEmpty(params.get(name)));
    if (missing.length === OAUTH_PARAMS.length) return {};
    if (missing.length > 0) {
      const label = missing.length === 1 ? 'Missing OAuth parameter' : 'Missing OAuth parameters';
      return { error: wpError('woocommerce_rest_authentication_missing_parameter', `${label} ${missing.join(', ')}`, 401) };
    }
    const text = (name: string): string => {
      const v = params.get(name);
      return typeof v === 'string' ? v : '';
    };
    const row = this.find(text('oauth_consumer_key'));
    if (!row) return { error: authError('Consumer key is invalid.') };

    const path = pathOf(request.rawUrl).replace(/^\//, '');
    const baseString = wooCommerceBaseString(request.method, `${request.siteUrl}/${path}`, params);
    const method = text('oauth_signature_method');
    if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256') return { error: authError('Invalid signature - signature method is invalid.') };
    const expected = wooCommerceSignature(baseString, row.consumerSecret, method === 'HMAC-SHA1' ? 'sha1' : 'sha256');
    const given = phpRawUrlDecode(text('oauth_signature').replace(/ /g, '+'));
    if (!hashEquals(expected, given)) return { error: authError('Invalid signature - provided signature does not match.') };

    const problem = this.checkTimestampAndNonce(row, text('oauth_timestamp'), text('oauth_nonce'));
    return problem ? { error: problem } : { key: row };
  }

  private checkTimestampAndNonce(row: WooCommerceApiKey, timestamp: string, nonce: string): WpRestError | undefined {
    const now = this.nowSeconds();
    if (phpLess(timestamp, now - WINDOW_SECONDS) || phpGreater(timestamp, now + WINDOW_SECONDS)) return authError('Invalid timestamp.');
    const used = this.nonces.get(row.keyId) ?? new Map<string, string>();
    if ([...used.values()].includes(nonce)) return authError('Invalid nonce - nonce has already been used.');
    used.set(phpArrayKey(timestamp), nonce);
    for (const stamp of [...used.keys()]) if (phpLess(stamp, now - WINDOW_SECONDS)) used.delete(stamp);
    this.nonces.set(row.keyId, used);
    return undefined;
  }

  private find(consumerKey: string): WooCommerceApiKey | undefined {
    const clean = sanitizeTextField(consumerKey);
    return this.keys.find((k) => k.consumerKey === clean);
  }
}

/**
 * check_permissions(): the key's read/write permission against the request method (after a `_method` /
 * X-HTTP-Method-Override override). Undefined when allowed.
 */
export function keyPermissionError(key: WooCommerceApiKey, method: string): WpRestError | undefined {
  const p = key.permissions;
  switch (method) {
    case 'HEAD':
    case 'GET':
      return p === 'read' || p === 'read_write' ? undefined : authError('The API key provided does not have read permissions.');
    case 'POST':
    case 'PUT':
    case 'PATCH':
    case 'DELETE':
      return p === 'write' || p === 'read_write' ? undefined : authError('The API key provided does not have write permissions.');
    case 'OPTIONS':
      return undefined;
    default:
      return authError('Unknown request method.');
  }
}

function authError(message: string): WpRestError {
  return wpError('woocommerce_rest_authentication_error', message, 401);
}

/** PHP empty(): undefined, '', '0' and empty arrays are empty. */
function phpEmpty(value: PhpValue | undefined): boolean {
  if (value === undefined) return true;
  if (value instanceof Map) return value.size === 0;
  return value === '' || value === '0';
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** PHP_AUTH_USER / PHP_AUTH_PW: the decoded `Authorization: Basic` credentials, split at the first `:`. */
function basicCredentials(header: string | string[] | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)/i.exec(headerValue(header));
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('latin1');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** wp_parse_url(REQUEST_URI, PHP_URL_PATH): the raw path, still percent-encoded. */
function pathOf(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  return q < 0 ? rawUrl : rawUrl.slice(0, q);
}

/** sanitize_text_field() for a key: tags, line breaks, tabs and %XX octets removed, whitespace trimmed. */
function sanitizeTextField(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/[\r\n\t]/g, ' ')
    .replace(/%[a-f0-9]{2}/gi, '')
    .replace(/ +/g, ' ')
    .trim();
}

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** PHP 8 `$string < $int`: numeric strings compare as numbers, others as strings against the int's digits. */
function phpLess(value: string, n: number): boolean {
  return NUMERIC.test(value) ? Number(value) < n : value < String(n);
}

function phpGreater(value: string, n: number): boolean {
  return NUMERIC.test(value) ? Number(value) > n : value > String(n);
}

/** A PHP array key: decimal integer strings become ints (`"0123"` stays a string). */
function phpArrayKey(key: string): string {
  return /^(0|-?[1-9]\d*)$/.test(key) ? String(Number(key)) : key;
}
