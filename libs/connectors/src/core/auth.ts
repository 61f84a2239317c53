/**
 * Auth providers: something that puts credentials on a request's headers, and can be told the credentials
 * were rejected. OAuth2 client credentials (RFC 6749 §4.4) lives in oauth2-client-credentials.ts.
 */

/** Capability every auth scheme implements; the transport calls `apply` before each attempt. */
export interface AuthProvider {
  /** Adds credentials to `headers` (mutates it). May fetch a token; throws ConnectorAuthError when rejected. */
  apply(headers: Record<string, string>): Promise<void>;
  /**
   * Forgets cached credentials after the server answered 401. `rejected` is the header set the failed
   * request carried, so a provider can ignore stale reports when a newer token is already cached.
   */
  invalidate(rejected?: Readonly<Record<string, string>>): void;
  /**
   * Optional: returns the URL this attempt is sent to, for schemes that authenticate in the query string
   * (WooCommerce's `consumer_key`/`consumer_secret` parameters, one-legged OAuth 1.0a signatures). Called once per
   * attempt with the unsigned absolute URL, after `apply`; the transport logs the unsigned URL only.
   */
  signUrl?(method: string, url: string): string;
}

/** Static header token, e.g. BigCommerce `X-Auth-Token: <token>` (nothing to renew). */
export class HeaderTokenProvider implements AuthProvider {
  constructor(
    private readonly headerName: string,
    private readonly token: string,
  ) {}

  /** Sets `<headerName>: <token>`. */
  apply(headers: Record<string, string>): Promise<void> {
    headers[this.headerName] = this.token;
    return Promise.resolve();
  }

  /** Static tokens cannot be renewed; a second 401 surfaces as ConnectorAuthError from the transport. */
  invalidate(): void {
    /* nothing cached */
  }
}

/** HTTP Basic auth (RFC 7617), e.g. WooCommerce consumer key/secret over HTTPS. */
export class BasicAuthProvider implements AuthProvider {
  private readonly value: string;

  constructor(username: string, password: string) {
    this.value = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  }

  /** Sets `Authorization: Basic base64(user:pass)`. */
  apply(headers: Record<string, string>): Promise<void> {
    headers['authorization'] = this.value;
    return Promise.resolve();
  }

  invalidate(): void {
    /* nothing cached */
  }
}
