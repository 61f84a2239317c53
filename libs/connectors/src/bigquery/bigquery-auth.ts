/**
 * The auth client BigQuery calls use: google-auth-library `JWT` (service-account JWT-bearer flow, Google "Using OAuth
 * 2.0 for Server to Server Applications"). It signs an RS256 assertion `{iss: client_email, scope, aud, iat, exp =
 * iat + 3600}` with the key's private key and POSTs `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&
 * assertion=…` to the token endpoint; the answer is a one-hour access token sent as `Authorization: Bearer`.
 *
 * How google-auth-library 10.9 behaves (read in node_modules/google-auth-library/build/src):
 * - Refresh: `JWT` starts with the placeholder credentials `{refresh_token: 'jwt-placeholder', expiry_date: 1}`, so
 *   the first request fetches a token; afterwards `OAuth2Client.getRequestMetadataAsync` reuses it until
 *   `isTokenExpiring()` (`expiry_date <= now + eagerRefreshThresholdMillis`, default 5 min), then fetches a new one
 *   (`refreshTokenNoCache` → gtoken `getToken({forceRefresh: true})`).
 * - Single flight: `OAuth2Client.refreshToken` keeps one promise per refresh token in `refreshTokenPromises`; the
 *   placeholder is the same string for every refresh, so N concurrent callers share one token request (gtoken's
 *   `TokenHandler.inFlightRequest` is a second, inner guard).
 * - Token endpoint: the inlined gtoken has **no option** for it: `gtoken/getToken.js` POSTs to the constant
 *   `GOOGLE_TOKEN_URL` (`https://oauth2.googleapis.com/token`) and `gtoken/jwsSign.js` sets `aud` to the same
 *   constant, followed by `...additionalClaims`. gtoken sends through the JWT's `transporter` (a gaxios instance).
 *   So: `additionalClaims: {aud: tokenUri}` makes the assertion's audience the chosen endpoint, and a request
 *   interceptor on `jwt.transporter` re-targets the token POST to it. The interceptor refuses every other URL, so
 *   this client can talk to nothing but the allowed token endpoint.
 * - gaxios would retry the token POST 3 times on its own (`retryConfig: {httpMethodsToRetry: ['POST']}`); the
 *   interceptor sets `retry: 0` so the connector's policy (bigquery-retry.ts) is the only one.
 * - Scopes are set, so `JWT` never falls back to self-signed JWT access tokens (`JWTAccess`), and it never asks
 *   the metadata server: nothing here is Application Default Credentials.
 * - The transporter uses Node's global `fetch` (`fetchImplementation`) instead of gaxios' lazy `import('node-fetch')`.
 * Tokens and assertions are never logged; token lifetimes are (debug).
 */
import { JWT, type gaxios } from 'google-auth-library';
import { ConnectorError, NOOP_LOGGER, type ConnectorLogger } from '../core';
import { GOOGLE_TOKEN_URI, resolveTokenUri, type BigQueryServiceAccountKey } from './bigquery-credentials';
import { BIGQUERY_SYSTEM } from './bigquery-errors';

/** The OAuth scope of the BigQuery API (discovery doc `auth.oauth2.scopes`). */
export const BIGQUERY_SCOPE = 'https://www.googleapis.com/auth/bigquery';

export type BigQueryAuthOptions = {
  /** Token endpoints the key's `token_uri` may name (default: Google's only). */
  allowedTokenUris?: readonly string[] | undefined;
  /** Renew the token this long before it expires (google-auth-library's `eagerRefreshThresholdMillis`, default 5 min). */
  renewBeforeMs?: number | undefined;
  /** Token request timeout (default 15 000 ms). */
  timeoutMs?: number | undefined;
  logger?: ConnectorLogger | undefined;
};

/** Owns the `JWT` auth client of one service-account key; see the file header. */
export class BigQueryAuth {
  /** Hand this to `new BigQuery({ authClient })`. */
  readonly client: JWT;
  /** The token endpoint in use (the key's `token_uri`, normalised and allowed). */
  readonly tokenUri: string;
  /** Token requests sent so far (diagnostics and tests). */
  tokenRequests = 0;
  private readonly logger: ConnectorLogger;

  /**
   * @throws BigQueryTokenUriRefusedError when the key's `token_uri` is not allowed (before anything is sent)
   */
  constructor(key: BigQueryServiceAccountKey, options: BigQueryAuthOptions = {}) {
    this.tokenUri = resolveTokenUri(key, options.allowedTokenUris);
    this.logger = options.logger ?? NOOP_LOGGER;
    const timeoutMs = options.timeoutMs ?? 15_000;
    this.client = new JWT({
      email: key.client_email,
      key: key.private_key,
      keyId: key.private_key_id,
      scopes: [BIGQUERY_SCOPE],
      additionalClaims: { aud: this.tokenUri },
      eagerRefreshThresholdMillis: options.renewBeforeMs ?? 5 * 60_000,
      // Node's own fetch: gaxios would otherwise `import('node-fetch')` (ESM) on first use.
      transporterOptions: { fetchImplementation: fetch },
    });
    this.client.transporter.interceptors.request.add({ resolved: (opts) => Promise.resolve(this.route(opts, timeoutMs)) });
    this.client.on('tokens', (tokens: { expiry_date?: number | null }) => {
      this.logger.debug({ system: BIGQUERY_SYSTEM, expiresAt: tokens.expiry_date ?? undefined, tokenRequests: this.tokenRequests }, 'access token obtained');
    });
  }

  /**
   * An access token, fetched when none is cached or the cached one is due for renewal (the library's single flight).
   * Used by ping; BigQuery calls get their header from the library.
   * @returns the token's expiry (epoch ms) — never the token itself
   */
  async ensureToken(): Promise<{ expiresAt: number | undefined }> {
    const { token } = await this.client.getAccessToken();
    if (!token) throw new ConnectorError({ system: BIGQUERY_SYSTEM, code: 'auth_failed', retryable: false, message: 'the token endpoint returned no access token' });
    return { expiresAt: this.client.credentials.expiry_date ?? undefined };
  }

  /** Drops the cached token so the next call fetches a new one (after a 401). */
  invalidate(): void {
    this.client.credentials = { refresh_token: 'jwt-placeholder', expiry_date: 1 };
  }

  private route(opts: gaxios.GaxiosOptionsPrepared, timeoutMs: number): gaxios.GaxiosOptionsPrepared {
    const href = new URL(opts.url).href;
    if (href !== GOOGLE_TOKEN_URI && href !== this.tokenUri) {
      throw new ConnectorError({ system: BIGQUERY_SYSTEM, code: 'configuration', retryable: false, message: 'the BigQuery auth client only sends to the allowed token endpoint' });
    }
    this.tokenRequests += 1;
    opts.url = new URL(this.tokenUri);
    opts.retryConfig = { ...opts.retryConfig, retry: 0, noResponseRetries: 0 };
    opts.timeout ??= timeoutMs;
    return opts;
  }
}
