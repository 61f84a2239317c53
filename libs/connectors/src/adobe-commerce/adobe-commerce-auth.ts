/**
 * Adobe Commerce credentials and how each flavour authenticates (AdobeDocs/commerce-webapi @ e2275b5):
 * - `oauth1` (PaaS integration, `src/pages/get-started/authentication/gs-authentication-oauth.md`): every call is
 *   signed with OAuth 1.0a, `oauth_signature_method=HMAC-SHA256` (the only method Commerce accepts), key
 *   `rawurlencode(consumer_secret)&rawurlencode(access_token_secret)`, parameters in the `Authorization: OAuth …`
 *   header. Integration tokens never expire, so a 401 is never retried with the same keys.
 * - `bearer` (PaaS, `gs-authentication-token.md`): the integration access token as `Authorization: Bearer`, accepted
 *   only where the store enables `oauth/consumer/enable_integration_as_bearer`.
 * - `ims` (SaaS, `src/pages/rest/authentication/server-to-server.md`): OAuth 2 client credentials at
 *   `https://ims-na1.adobelogin.com/ims/token/v3` (form body, scope `ADOBE_COMMERCE_IMS_SCOPE`), then
 *   `Authorization: Bearer`, `x-api-key: <client id>`, `x-gw-ims-org-id: <org id>` on every call. The token lives
 *   `expires_in` seconds (24 h by default), is renewed a minute before, single-flight per client (core
 *   `OAuth2ClientCredentialsProvider`), and a 401 gets one new token and one retry (core transport).
 *
 * The OAuth 1.0a signature is computed by an undici dispatcher interceptor (`adobeCommerceOAuth1Interceptor`) rather
 * than an `AuthProvider`: the signature covers method, URL and query, and must be fresh (new nonce) on each attempt,
 * while `AuthProvider.apply` sees only headers and `signUrl` only the URL. The interceptor runs once per dispatch,
 * with the exact path and query that go on the wire.
 */
import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { HeaderTokenProvider, OAuth2ClientCredentialsProvider, type AuthProvider, type Clock, type ConnectorLogger } from '../core';
import { ADOBE_COMMERCE_SYSTEM } from './adobe-commerce-errors';

/** Scopes of the server-to-server token, exactly as server-to-server.md lists them (comma-separated). */
export const ADOBE_COMMERCE_IMS_SCOPE = 'openid,AdobeID,email,profile,additional_info.roles,additional_info.projectedProductContext,commerce.accs';
/** IMS token endpoint (server-to-server.md). */
export const ADOBE_COMMERCE_IMS_TOKEN_URL = 'https://ims-na1.adobelogin.com/ims/token/v3';

/** PaaS integration: the four OAuth 1.0a credentials of System > Extensions > Integrations. */
export const ADOBE_COMMERCE_OAUTH1_CREDENTIALS = z.object({
  auth: z.literal('oauth1'),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  accessToken: z.string().min(1),
  accessTokenSecret: z.string().min(1),
});
/** PaaS integration access token used as a bearer token (needs `enable_integration_as_bearer`). */
export const ADOBE_COMMERCE_BEARER_CREDENTIALS = z.object({ auth: z.literal('bearer'), accessToken: z.string().min(1) });
/** SaaS: an Adobe Developer Console OAuth server-to-server credential. */
export const ADOBE_COMMERCE_IMS_CREDENTIALS = z.object({
  auth: z.literal('ims'),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** `…@AdobeOrg`, sent as `x-gw-ims-org-id`. */
  imsOrgId: z.string().min(1),
});

/** Every credential shape, discriminated by `auth`. */
export const ADOBE_COMMERCE_CREDENTIALS = z.discriminatedUnion('auth', [ADOBE_COMMERCE_OAUTH1_CREDENTIALS, ADOBE_COMMERCE_BEARER_CREDENTIALS, ADOBE_COMMERCE_IMS_CREDENTIALS]);
export type AdobeCommerceOAuth1Credentials = z.infer<typeof ADOBE_COMMERCE_OAUTH1_CREDENTIALS>;
export type AdobeCommerceBearerCredentials = z.infer<typeof ADOBE_COMMERCE_BEARER_CREDENTIALS>;
export type AdobeCommerceImsCredentials = z.infer<typeof ADOBE_COMMERCE_IMS_CREDENTIALS>;
export type AdobeCommerceCredentials = z.infer<typeof ADOBE_COMMERCE_CREDENTIALS>;
/** The auth flavour, as ping reports it. */
export type AdobeCommerceAuthFlavour = AdobeCommerceCredentials['auth'];

/** RFC 3986 percent-encoding (PHP rawurlencode), as OAuth 1.0a §3.6 requires. */
export function percentEncodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** What one signature needs; `nonce` and `timestampSec` are injectable for tests. */
export type OAuth1SignInput = { method: string; url: string; nonce: string; timestampSec: number };

/**
 * Signs one request with OAuth 1.0a HMAC-SHA256 and returns the URL to send and the `Authorization` header.
 * The query is decoded (`+` = space, as PHP does) and re-encoded with RFC 3986 (`%20`, `%5B`/`%5D` for the
 * `searchCriteria[…]` brackets), because Magento builds the signature base string from the raw query split on `&`
 * and `rawurldecode`d (Magento\Framework\Oauth\Helper\Request::_extractQueryParams): a `+` on the wire would be
 * signed as a literal plus while PHP reads a space. The path is signed as sent (an SKU `ab/cd` travels and is signed
 * as `ab%2Fcd`, base string `ab%252Fcd`), like the server's `normaliseBaseSignatureUrl`. Base string and signature come
 * from the `oauth-1.0a` package with node:crypto's HMAC-SHA256.
 */
export function signAdobeCommerceOAuth1(credentials: AdobeCommerceOAuth1Credentials, input: OAuth1SignInput): { url: string; authorization: string } {
  const oauth = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  const q = input.url.indexOf('?');
  const base = q < 0 ? input.url : input.url.slice(0, q);
  const data: Record<string, string> = {};
  const pairs: string[] = [];
  for (const [k, v] of new URLSearchParams(q < 0 ? '' : input.url.slice(q + 1))) {
    data[k] = v;
    pairs.push(`${percentEncodeRfc3986(k)}=${percentEncodeRfc3986(v)}`);
  }
  const oauthParams: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: input.nonce,
    oauth_signature_method: 'HMAC-SHA256',
    oauth_timestamp: String(input.timestampSec),
    oauth_token: credentials.accessToken,
    oauth_version: '1.0',
  };
  // getSignature merges the request data into the object it is given, so it gets a copy.
  const signature = oauth.getSignature({ url: base, method: input.method.toUpperCase(), data }, credentials.accessTokenSecret, { ...oauthParams } as unknown as OAuth.Data);
  const header = Object.entries({ ...oauthParams, oauth_signature: signature })
    .map(([k, v]) => `${percentEncodeRfc3986(k)}="${percentEncodeRfc3986(v)}"`)
    .join(', ');
  return { url: pairs.length > 0 ? `${base}?${pairs.join('&')}` : base, authorization: `OAuth ${header}` };
}

/**
 * An undici interceptor that signs every dispatch (each retry gets a fresh nonce and timestamp). It rewrites the
 * query into RFC 3986 form (see `signAdobeCommerceOAuth1`) and sets `authorization`.
 */
export function adobeCommerceOAuth1Interceptor(
  credentials: AdobeCommerceOAuth1Credentials,
  clock: Clock,
  nonce: () => string = () => randomBytes(16).toString('hex'),
): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const origin = typeof opts.origin === 'string' ? opts.origin.replace(/\/+$/, '') : (opts.origin?.origin ?? '');
    const signed = signAdobeCommerceOAuth1(credentials, { method: opts.method, url: `${origin}${opts.path}`, nonce: nonce(), timestampSec: Math.floor(clock.now() / 1000) });
    const headers: Record<string, string> = {};
    const given = opts.headers;
    if (given && !Array.isArray(given) && typeof given === 'object' && !(Symbol.iterator in given)) {
      for (const [k, v] of Object.entries(given as Record<string, string | string[] | undefined>)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    }
    headers['authorization'] = signed.authorization;
    return dispatch({ ...opts, path: signed.url.slice(origin.length), headers }, handler);
  };
}

/** Adds nothing: OAuth 1.0a is applied by the dispatcher interceptor. */
class InterceptorSignedAuth implements AuthProvider {
  apply(): Promise<void> {
    return Promise.resolve();
  }
  invalidate(): void {
    /* integration tokens never expire */
  }
}

export type AdobeCommerceAuthSetup = {
  /** The provider the transport calls before each attempt. */
  auth: AuthProvider;
  /** Extra headers of every call (`x-api-key`, `x-gw-ims-org-id` for IMS). */
  headers: Record<string, string>;
  /** Wraps the dispatcher (OAuth 1.0a signing); identity for the other flavours. */
  wrapDispatcher: (d: Dispatcher) => Dispatcher;
  /** True when a 401 may be cured by a new token (IMS only). */
  shouldReauthOn401: boolean;
  /** The IMS provider, for tests and diagnostics (`tokenRequests`). */
  ims: OAuth2ClientCredentialsProvider | undefined;
};

/** Builds the auth of a credential set; no I/O until the first call. */
export function createAdobeCommerceAuth(
  credentials: AdobeCommerceCredentials,
  deps: { clock: Clock; imsTokenUrl: string; dispatcher: Dispatcher | undefined; logger: ConnectorLogger | undefined; nonce?: (() => string) | undefined },
): AdobeCommerceAuthSetup {
  if (credentials.auth === 'oauth1') {
    const interceptor = adobeCommerceOAuth1Interceptor(credentials, deps.clock, deps.nonce);
    return { auth: new InterceptorSignedAuth(), headers: {}, wrapDispatcher: (d) => d.compose(interceptor), shouldReauthOn401: false, ims: undefined };
  }
  if (credentials.auth === 'bearer') {
    return { auth: new HeaderTokenProvider('authorization', `Bearer ${credentials.accessToken}`), headers: {}, wrapDispatcher: (d) => d, shouldReauthOn401: false, ims: undefined };
  }
  const ims = new OAuth2ClientCredentialsProvider({
    system: ADOBE_COMMERCE_SYSTEM,
    tokenUrl: deps.imsTokenUrl,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    scope: ADOBE_COMMERCE_IMS_SCOPE,
    dispatcher: deps.dispatcher,
    logger: deps.logger,
    now: () => deps.clock.now(),
  });
  return { auth: ims, headers: { 'x-api-key': credentials.clientId, 'x-gw-ims-org-id': credentials.imsOrgId }, wrapDispatcher: (d) => d, shouldReauthOn401: true, ims };
}
