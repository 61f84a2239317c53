/**
 * OAuth 2.0 client-credentials provider (RFC 6749 §4.4; Visma Connect:
 * https://docs.vismasoftware.no/vismanetapi/authentication — `grant_type=client_credentials` with
 * `client_id`, `client_secret`, `scope` and `tenant_id` posted form-encoded to the token endpoint).
 * Tokens are cached until `clockSkewMs` before `expires_in` runs out, and renewal is single-flight:
 * the in-flight promise lives on the instance, so N parallel callers share one token request.
 */
import { request, type Dispatcher } from 'undici';
import { z } from 'zod';
import type { AuthProvider } from './auth';
import { ConnectorAuthError, ConnectorError, ConnectorHostNotAllowedError, ConnectorTransientError } from './errors';
import { hostNotAllowedIn } from './guarded-connect';
import { maskToken, NOOP_LOGGER, type ConnectorLogger } from './logger';

export type OAuth2ClientCredentialsOptions = {
  /** System kind used in errors and logs, e.g. 'visma'. */
  system: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes; omitted from the form when empty. */
  scope?: string | undefined;
  /** Extra form fields, e.g. `{ tenant_id: '…' }` for Visma Connect. */
  extraParams?: Readonly<Record<string, string>> | undefined;
  /** Renew this long before expiry (default 60 000 ms). */
  clockSkewMs?: number | undefined;
  /** Token request timeout (default 15 000 ms). */
  timeoutMs?: number | undefined;
  dispatcher?: Dispatcher | undefined;
  logger?: ConnectorLogger | undefined;
  /** Injectable clock (ms since epoch). */
  now?: (() => number) | undefined;
};

/** Token requests per refresh before the callers get the error (the first plus two retries of a transient failure). */
const TOKEN_ATTEMPTS = 3;
/** First pause between token attempts (ms); each next one is four times longer, jittered to half or more. */
const TOKEN_RETRY_BASE_MS = 100;
/** RFC 6749 §5.1 success body (extra fields ignored). */
const TOKEN_RESPONSE = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional(),
});

/** RFC 6749 §5.2 error body. */
const TOKEN_ERROR = z.object({ error: z.string(), error_description: z.string().optional() });

type CachedToken = { authorization: string; expiresAt: number; scope: string | undefined };

/** Client-credentials provider; see the file header for the rules it follows. */
export class OAuth2ClientCredentialsProvider implements AuthProvider {
  private cached: CachedToken | undefined;
  private inFlight: Promise<CachedToken> | undefined;
  private readonly logger: ConnectorLogger;
  private readonly now: () => number;
  /** Number of token requests sent (diagnostics and tests). */
  tokenRequests = 0;

  constructor(private readonly options: OAuth2ClientCredentialsOptions) {
    this.logger = options.logger ?? NOOP_LOGGER;
    this.now = options.now ?? Date.now;
  }

  /** Sets `Authorization: Bearer <token>`, fetching a token first when none is cached or it is about to expire. */
  async apply(headers: Record<string, string>): Promise<void> {
    headers['authorization'] = (await this.getToken()).authorization;
  }

  /** Scopes the last token was granted (RFC 6749 §5.1 `scope`), or undefined when the server did not say. */
  grantedScopes(): string[] | undefined {
    return this.cached?.scope?.split(' ').filter((x) => x.length > 0);
  }

  /** Drops the cached token, unless `rejected` carried an older token than the one now cached. */
  invalidate(rejected?: Readonly<Record<string, string>>): void {
    const sent = rejected?.['authorization'];
    if (sent !== undefined && this.cached && sent !== this.cached.authorization) return;
    this.cached = undefined;
  }

  /** Returns a valid token, sharing one in-flight request among all concurrent callers. */
  private async getToken(): Promise<CachedToken> {
    const skew = this.options.clockSkewMs ?? 60_000;
    if (this.cached && this.now() < this.cached.expiresAt - skew) return this.cached;
    if (!this.inFlight) {
      this.inFlight = this.fetchTokenRetrying().then(
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
   * The shared token request, retried inside the single flight when it fails transiently (timeout, network, 5xx, 429):
   * every caller waits on this one promise, so one slow answer of the token endpoint would otherwise fail all of
   * them at once. At most TOKEN_ATTEMPTS requests, with short jittered pauses; auth rejections are not retried.
   * @throws ConnectorTransientError after the last attempt; ConnectorAuthError / ConnectorError at once.
   */
  private async fetchTokenRetrying(): Promise<CachedToken> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.fetchToken();
      } catch (e: unknown) {
        if (!(e instanceof ConnectorTransientError) || attempt >= TOKEN_ATTEMPTS) throw e;
        const pauseMs = TOKEN_RETRY_BASE_MS * 4 ** (attempt - 1);
        await new Promise((resolve) => setTimeout(resolve, pauseMs / 2 + Math.random() * (pauseMs / 2)));
      }
    }
  }

  private async fetchToken(): Promise<CachedToken> {
    const { system, tokenUrl } = this.options;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.options.clientId, client_secret: this.options.clientSecret });
    if (this.options.scope) form.set('scope', this.options.scope);
    for (const [k, v] of Object.entries(this.options.extraParams ?? {})) form.set(k, v);
    this.tokenRequests += 1;
    const started = this.now();
    let status: number;
    let text: string;
    try {
      const res = await request(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
        ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (e: unknown) {
      const refused = hostNotAllowedIn(e);
      if (refused) throw new ConnectorHostNotAllowedError({ system, hostname: refused.hostname, range: refused.range, message: `the token request was not sent: ${refused.message}`, cause: refused });
      const isTimeout = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new ConnectorTransientError({ system, code: isTimeout ? 'timeout' : 'network', message: 'token endpoint unreachable', cause: e });
    }
    const body = safeJson(text);
    if (status >= 200 && status < 300) {
      const parsed = TOKEN_RESPONSE.safeParse(body);
      if (!parsed.success) throw new ConnectorAuthError({ system, status, message: 'token endpoint returned no usable access_token' });
      const expiresInMs = (parsed.data.expires_in ?? 3600) * 1000;
      this.logger.debug({ system, token: maskToken(parsed.data.access_token), expiresInMs }, 'access token obtained');
      return { authorization: `Bearer ${parsed.data.access_token}`, expiresAt: started + expiresInMs, scope: parsed.data.scope };
    }
    const err = TOKEN_ERROR.safeParse(body);
    if (status >= 500) throw new ConnectorTransientError({ system, status, code: 'server_error', message: `token endpoint answered ${status}` });
    if (err.success) {
      throw new ConnectorAuthError({
        system,
        status,
        oauthError: err.data.error,
        providerMessage: err.data.error_description,
        message: `token request rejected: ${err.data.error}`,
      });
    }
    if (status === 429) throw new ConnectorTransientError({ system, status, code: 'server_error', message: 'token endpoint rate limited' });
    throw new ConnectorError({ system, status, code: 'auth_failed', retryable: false, message: `token endpoint answered ${status}` });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
