/**
 * commercetools client-credentials token provider (raml/oauth.raml `/oauth/token`, raml/securitySchemes/oauth2.raml):
 * `POST {authUrl}/oauth/token` with HTTP Basic `client_id:client_secret` (RFC 7617) and the form body
 * `grant_type=client_credentials&scope=<space-separated scopes>`; the answer is `TokenResponse`
 * `{access_token, expires_in (seconds), scope, token_type: "Bearer"}`, sent on API calls as `Authorization: Bearer`.
 * Errors are `AuthErrorResponse` `{statusCode, message, errors, error, error_description}` (e.g. 401
 * `invalid_client`, 400 `invalid_scope`).
 *
 * - Cached until `renewBeforeMs` (default 5 min, at most half the lifetime) before `expires_in` runs out.
 * - Single-flight: the in-flight promise lives on the instance, so N concurrent callers share one token request.
 * - `invalidate` after a 401 drops the token (unless a newer one is cached already); the core transport then asks once
 *   for a new token and retries the call once.
 * - Transient token failures (network, timeout, 5xx, 429) are retried inside the flight: at most 3 requests, with
 *   jittered pauses on the injected clock. Rejections (4xx) are not.
 * - The client secret and tokens never reach logs or errors (tokens are logged masked, `maskToken`).
 */
import { request, type Dispatcher } from 'undici';
import { z } from 'zod';
import { ConnectorAuthError, ConnectorError, ConnectorTransientError, connectorDispatcher, maskToken, NOOP_LOGGER, SYSTEM_CLOCK, type AuthProvider, type Clock, type ConnectorLogger } from '../core';
import { COMMERCETOOLS_SYSTEM, readCommercetoolsErrorBody } from './commercetools-errors';

/** `TokenResponse` of raml/oauth.raml (`scope` optional here: only ping reads it, and says so when absent). */
export const COMMERCETOOLS_TOKEN_RESPONSE = z
  .object({
    access_token: z.string().min(1),
    expires_in: z.number().positive(),
    scope: z.string().optional(),
    token_type: z.string().optional(),
  })
  .passthrough();

export type CommercetoolsTokenProviderOptions = {
  /** Auth API origin, e.g. `https://auth.europe-west1.gcp.commercetools.com` (the path `/oauth/token` is appended). */
  authUrl: string;
  clientId: string;
  clientSecret: string;
  /** Complete scopes to request; empty or absent: no `scope` field (the API client's every scope is granted). */
  scopes?: readonly string[] | undefined;
  /** Renew this long before expiry (default 300 000 ms; capped at half the token lifetime). */
  renewBeforeMs?: number | undefined;
  /** Token request timeout (default 15 000 ms). */
  timeoutMs?: number | undefined;
  dispatcher?: Dispatcher | undefined;
  logger?: ConnectorLogger | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
};

/** A token as cached. `expiresAt` is epoch ms; `scopes` are the granted ones from `TokenResponse.scope`. */
export type CommercetoolsToken = { authorization: string; expiresAt: number; renewAt: number; scopes: string[] | undefined };

const TOKEN_ATTEMPTS = 3;
const TOKEN_RETRY_BASE_MS = 200;

/** Client-credentials provider for commercetools; see the file header. */
export class CommercetoolsTokenProvider implements AuthProvider {
  private cached: CommercetoolsToken | undefined;
  private inFlight: Promise<CommercetoolsToken> | undefined;
  private readonly basic: string;
  private readonly clock: Clock;
  private readonly logger: ConnectorLogger;
  /** Token requests sent so far (diagnostics and tests). */
  tokenRequests = 0;

  constructor(private readonly options: CommercetoolsTokenProviderOptions) {
    this.basic = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64')}`;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.logger = options.logger ?? NOOP_LOGGER;
  }

  /** The scopes this provider asks for. */
  get requestedScopes(): readonly string[] {
    return this.options.scopes ?? [];
  }

  /** Sets `Authorization: Bearer <token>`, fetching a token first when none is cached or it is due for renewal. */
  async apply(headers: Record<string, string>): Promise<void> {
    headers['authorization'] = (await this.token()).authorization;
  }

  /** Drops the cached token, unless `rejected` carried an older token than the one cached now. */
  invalidate(rejected?: Readonly<Record<string, string>>): void {
    const sent = rejected?.['authorization'];
    if (sent !== undefined && this.cached && sent !== this.cached.authorization) return;
    this.cached = undefined;
  }

  /** Scopes granted to the current token, or undefined when none is cached or the server did not say. */
  grantedScopes(): string[] | undefined {
    return this.cached?.scopes;
  }

  /**
   * A valid token (cached, or one shared request).
   * @throws ConnectorAuthError when the auth API rejects the credentials or scopes (`oauthError` e.g. `invalid_scope`)
   * @throws ConnectorTransientError when the auth API cannot be reached after 3 attempts
   */
  async token(): Promise<CommercetoolsToken> {
    if (this.cached && this.clock.now() < this.cached.renewAt) return this.cached;
    if (!this.inFlight) {
      this.inFlight = this.requestRetrying(this.options.scopes).then(
        (t) => {
          this.cached = t;
          this.inFlight = undefined;
          return t;
        },
        (e: unknown) => {
          this.inFlight = undefined;
          throw e;
        },
      );
    }
    return this.inFlight;
  }

  /**
   * One token request for `scopes` (absent: no `scope` field), not cached: ping uses it to learn every granted scope
   * when the requested ones were refused (`invalid_scope`).
   */
  async probe(scopes?: readonly string[]): Promise<CommercetoolsToken> {
    return this.requestRetrying(scopes);
  }

  private async requestRetrying(scopes: readonly string[] | undefined): Promise<CommercetoolsToken> {
    const random = this.options.random ?? Math.random;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.requestToken(scopes);
      } catch (e: unknown) {
        if (!(e instanceof ConnectorTransientError) || attempt >= TOKEN_ATTEMPTS) throw e;
        const ceiling = TOKEN_RETRY_BASE_MS * 4 ** (attempt - 1);
        await this.clock.sleep(ceiling / 2 + random() * (ceiling / 2));
      }
    }
  }

  private async requestToken(scopes: readonly string[] | undefined): Promise<CommercetoolsToken> {
    const system = COMMERCETOOLS_SYSTEM;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scopes && scopes.length > 0) form.set('scope', scopes.join(' '));
    const url = `${this.options.authUrl.replace(/\/+$/, '')}/oauth/token`;
    this.tokenRequests += 1;
    const started = this.clock.now();
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { authorization: this.basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
        dispatcher: this.options.dispatcher ?? connectorDispatcher(),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (e: unknown) {
      const isTimeout = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      this.logger.warn({ system, error: isTimeout ? 'timeout' : 'network' }, 'token endpoint unreachable');
      throw new ConnectorTransientError({ system, code: isTimeout ? 'timeout' : 'network', message: `token endpoint ${this.options.authUrl} unreachable`, cause: e });
    }
    const body = safeJson(text);
    if (status >= 200 && status < 300) {
      const parsed = COMMERCETOOLS_TOKEN_RESPONSE.safeParse(body);
      if (!parsed.success) throw new ConnectorAuthError({ system, status, message: 'token endpoint returned no usable access_token' });
      const lifetimeMs = parsed.data.expires_in * 1000;
      const renewBefore = Math.min(this.options.renewBeforeMs ?? 300_000, lifetimeMs / 2);
      const granted = parsed.data.scope?.split(' ').filter((s) => s.length > 0);
      this.logger.debug({ system, token: maskToken(parsed.data.access_token), expiresInMs: lifetimeMs }, 'access token obtained');
      return { authorization: `Bearer ${parsed.data.access_token}`, expiresAt: started + lifetimeMs, renewAt: started + lifetimeMs - renewBefore, scopes: granted };
    }
    const detail = readCommercetoolsErrorBody(body);
    if (status >= 500 || status === 429) throw new ConnectorTransientError({ system, status, code: 'server_error', message: `token endpoint answered ${status}` });
    if (detail.oauthError !== undefined || status === 400 || status === 401 || status === 403) {
      const code = detail.oauthError ?? `status ${status}`;
      throw new ConnectorAuthError({ system, status, oauthError: detail.oauthError, providerMessage: detail.message, message: `token request rejected: ${code}` });
    }
    throw new ConnectorError({ system, status, code: 'auth_failed', retryable: false, message: `token endpoint answered ${status}` });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.length < 300 ? text : undefined;
  }
}
