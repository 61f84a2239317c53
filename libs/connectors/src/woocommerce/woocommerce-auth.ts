/**
 * WooCommerce REST API authentication, exactly as WC_REST_Authentication checks it (woocommerce/woocommerce
 * `plugins/woocommerce/includes/class-wc-rest-authentication.php` @ 785f69ff, `authenticate()`,
 * `perform_basic_authentication()`, `perform_oauth_authentication()`, `check_oauth_signature()`):
 * - over HTTPS (`is_ssl()`): the `consumer_key`/`consumer_secret` query parameters when both are present, else HTTP
 *   Basic `consumer_key:consumer_secret`;
 * - over plain HTTP only one-legged OAuth 1.0a is looked at: `oauth_consumer_key`, `oauth_timestamp` (±15 minutes),
 *   `oauth_nonce` (not reused within 15 minutes), `oauth_signature_method` `HMAC-SHA1` or `HMAC-SHA256` and
 *   `oauth_signature` in the query string; no token; the signing key is `consumer_secret&`; the base string is
 *   `METHOD&rawurlencode(url without query)&rawurlencode(sorted k=v pairs)` over the query (and form) parameters.
 *   `oauth_version` is optional (docs `_authentication.md`) and not sent.
 */
import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { BasicAuthProvider, ConnectorError, type AuthProvider, type Clock } from '../core';
import { WOOCOMMERCE_SYSTEM } from './woocommerce-errors';

/** `auto`: Basic over https, OAuth 1.0a over http. */
export type WooCommerceAuthMode = 'auto' | 'basic' | 'query-string' | 'oauth1';
/** The scheme really used after `auto` is resolved. */
export type WooCommerceResolvedAuthMode = Exclude<WooCommerceAuthMode, 'auto'>;

export type WooCommerceCredentials = { consumerKey: string; consumerSecret: string };

/**
 * Resolves `auto` from the site URL's scheme.
 * @throws ConnectorError `configuration` when `basic` or `query-string` is asked for over plain http (the secret
 *   would travel in clear, and WooCommerce ignores both schemes without TLS anyway)
 */
export function resolveWooCommerceAuthMode(mode: WooCommerceAuthMode, isHttps: boolean): WooCommerceResolvedAuthMode {
  if (mode === 'auto') return isHttps ? 'basic' : 'oauth1';
  if (!isHttps && (mode === 'basic' || mode === 'query-string')) {
    throw new ConnectorError({
      system: WOOCOMMERCE_SYSTEM,
      code: 'configuration',
      retryable: false,
      message: `WooCommerce auth mode '${mode}' sends the consumer secret in clear over plain http (and WooCommerce only accepts it over https); use https or auth mode 'oauth1'`,
    });
  }
  return mode;
}

/** Builds the auth provider of a resolved mode. */
export function createWooCommerceAuth(mode: WooCommerceResolvedAuthMode, credentials: WooCommerceCredentials, clock: Clock): AuthProvider {
  if (mode === 'basic') return new BasicAuthProvider(credentials.consumerKey, credentials.consumerSecret);
  if (mode === 'query-string') return new WooCommerceQueryStringAuth(credentials);
  return new WooCommerceOAuth1Auth(credentials, clock);
}

/** Keys in the query string (`consumer_key`, `consumer_secret`), for HTTPS servers that strip `Authorization`. */
export class WooCommerceQueryStringAuth implements AuthProvider {
  constructor(private readonly credentials: WooCommerceCredentials) {}

  apply(): Promise<void> {
    return Promise.resolve();
  }

  invalidate(): void {
    /* static keys */
  }

  /** Appends `consumer_key` and `consumer_secret` (perform_basic_authentication reads `$_GET` first). */
  signUrl(_method: string, url: string): string {
    const u = new URL(url);
    u.searchParams.set('consumer_key', this.credentials.consumerKey);
    u.searchParams.set('consumer_secret', this.credentials.consumerSecret);
    return u.toString();
  }
}

/** RFC 3986 percent-encoding (PHP rawurlencode, as wc_rest_urlencode_rfc3986 does). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * One-legged OAuth 1.0a, HMAC-SHA256, every `oauth_*` parameter in the query string, a fresh timestamp and nonce on
 * every attempt. Signing is done by the `oauth-1.0a` package (base string, RFC 3986 encoding, key `secret&` with an
 * empty token secret) with node:crypto's HMAC-SHA256.
 */
export class WooCommerceOAuth1Auth implements AuthProvider {
  private readonly oauth: OAuth;

  constructor(
    private readonly credentials: WooCommerceCredentials,
    private readonly clock: Clock,
    /** 32 alphanumeric characters (the docs' nonce format), from node:crypto. */
    private readonly nonce: () => string = () => randomBytes(16).toString('hex'),
  ) {
    this.oauth = new OAuth({
      consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
      signature_method: 'HMAC-SHA256',
      hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
    });
  }

  apply(): Promise<void> {
    return Promise.resolve();
  }

  invalidate(): void {
    /* static keys */
  }

  /** The URL with `oauth_consumer_key`, `oauth_nonce`, `oauth_signature_method`, `oauth_timestamp`, `oauth_signature`. */
  signUrl(method: string, url: string): string {
    const u = new URL(url);
    const data: Record<string, string> = {};
    for (const [k, v] of u.searchParams) data[k] = v;
    const oauthParams: Record<string, string> = {
      oauth_consumer_key: this.credentials.consumerKey,
      oauth_nonce: this.nonce(),
      oauth_signature_method: 'HMAC-SHA256',
      oauth_timestamp: String(Math.floor(this.clock.now() / 1000)),
    };
    const base = `${u.origin}${u.pathname}`;
    // getSignature merges the request data into the object it is given, so it gets a copy.
    const signature = this.oauth.getSignature({ url: base, method: method.toUpperCase(), data }, undefined, { ...oauthParams } as unknown as OAuth.Data);
    const all = { ...data, ...oauthParams, oauth_signature: signature };
    const qs = Object.entries(all).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');
    return `${base}?${qs}`;
  }
}
