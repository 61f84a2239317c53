/**
 * The commercetools client of one project (Composable Commerce HTTP API, shared/specs/commercetools/openapi.yaml;
 * auth API raml/oauth.raml). Layers:
 * - auth: client credentials with HTTP Basic at `{authUrl}/oauth/token`, cached, renewed before expiry, single-flight
 *   (commercetools-auth.ts); a 401 drops the token and the core transport gets one new token and retries once.
 * - transport: the shared core `HttpTransport` — GETs retried on network errors, 408/429/5xx with capped jittered
 *   backoff and Retry-After; versioned updates retry-safe (their version guards them), creates only on connect errors
 *   (resources/commercetools-http.ts); long waits surface as ConnectorRateLimitedError. commercetools sends no
 *   rate-limit headers; `X-Correlation-ID` is kept as the request id.
 * - errors: `commercetoolsErrorMapper` (409 ConcurrentModification → CommercetoolsConcurrentModificationError).
 * - resources: one class per entity (resources/*.clients.ts); store-limited connections read orders and customers
 *   under `in-store/key={storeKey}`.
 * Clients never read env vars.
 */
import type { Dispatcher } from 'undici';
import { ConnectorError, HttpTransport, SYSTEM_CLOCK, type Clock, type ConnectorLogger, type Pingable, type RateBudget, type RetryPolicy } from '../core';
import { CommercetoolsTokenProvider } from './commercetools-auth';
import { COMMERCETOOLS_CREDENTIALS, commercetoolsHosts, commercetoolsNeededScopes, qualifyCommercetoolsScopes, type CommercetoolsCredentials, type CommercetoolsFeatures } from './commercetools-credentials';
import { COMMERCETOOLS_SYSTEM, commercetoolsErrorMapper } from './commercetools-errors';
import { pingCommercetools, type CommercetoolsPingReport } from './commercetools-ping';
import { CommercetoolsInventoryClient, CommercetoolsProductClient } from './resources/catalog.clients';
import { CommercetoolsHttp } from './resources/commercetools-http';
import { CommercetoolsMessageClient, CommercetoolsProjectClient, CommercetoolsStoreClient } from './resources/project.clients';
import { CommercetoolsCustomerClient, CommercetoolsOrderClient, CommercetoolsPaymentClient } from './resources/sales.clients';

export type CommercetoolsClientOptions = CommercetoolsFeatures & {
  /** Overrides the credentials' auth API origin (tests, sandbox: `http://127.0.0.1:<port>`). */
  authUrl?: string | undefined;
  /** Overrides the credentials' HTTP API origin. */
  apiUrl?: string | undefined;
  dispatcher?: Dispatcher | undefined;
  logger?: ConnectorLogger | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  rateBudget?: RateBudget | undefined;
  /** Budget key (default `commercetools:<projectKey>`). */
  rateBudgetKey?: string | undefined;
  /** Per-attempt timeout (default 30 000 ms). */
  timeoutMs?: number | undefined;
  /** Renew the token this long before it expires (default 300 000 ms, at most half its lifetime). */
  tokenRenewBeforeMs?: number | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
};

/** Fixed facts of a client, as ping and diagnostics read them. */
export type CommercetoolsClientSettings = {
  projectKey: string;
  authUrl: string;
  apiUrl: string;
  storeKeys: readonly string[];
  /** The complete scopes this connection needs (commercetoolsNeededScopes). */
  neededScopes: readonly string[];
};

/** Everything the connector does with one commercetools project. */
export class CommercetoolsClient implements Pingable {
  readonly project: CommercetoolsProjectClient;
  readonly orders: CommercetoolsOrderClient;
  readonly payments: CommercetoolsPaymentClient;
  readonly customers: CommercetoolsCustomerClient;
  readonly products: CommercetoolsProductClient;
  readonly inventory: CommercetoolsInventoryClient;
  readonly messages: CommercetoolsMessageClient;
  readonly stores: CommercetoolsStoreClient;

  constructor(
    readonly http: CommercetoolsHttp,
    readonly auth: CommercetoolsTokenProvider,
    readonly settings: CommercetoolsClientSettings,
  ) {
    this.project = new CommercetoolsProjectClient(http);
    this.orders = new CommercetoolsOrderClient(http, settings.storeKeys);
    this.payments = new CommercetoolsPaymentClient(http);
    this.customers = new CommercetoolsCustomerClient(http, settings.storeKeys);
    this.products = new CommercetoolsProductClient(http);
    this.inventory = new CommercetoolsInventoryClient(http);
    this.messages = new CommercetoolsMessageClient(http);
    this.stores = new CommercetoolsStoreClient(http);
  }

  /** Token requests sent so far (diagnostics and tests). */
  get tokenRequests(): number {
    return this.auth.tokenRequests;
  }

  /** Diagnoses the connection step by step (commercetools-ping.ts). Never throws. */
  async ping(): Promise<CommercetoolsPingReport> {
    return pingCommercetools({ http: this.http, auth: this.auth, settings: this.settings });
  }
}

/**
 * Builds a CommercetoolsClient. No I/O happens until the first call.
 * @param credentials `{ region | authUrl + apiUrl, projectKey, clientId, clientSecret, scopes?, storeKeys? }`
 * @param options URL overrides, `isStockFlowEnabled` (adds view_products/manage_products to the requested scopes),
 *   transport tunables
 * @throws ConnectorError `configuration` when the credentials do not parse or no hosts can be derived
 */
export function createCommercetoolsClient(credentials: CommercetoolsCredentials, options: CommercetoolsClientOptions = {}): CommercetoolsClient {
  const config = (message: string): ConnectorError => new ConnectorError({ system: COMMERCETOOLS_SYSTEM, code: 'configuration', retryable: false, message });
  const parsed = COMMERCETOOLS_CREDENTIALS.safeParse(credentials);
  if (!parsed.success) throw config(`commercetools credentials are incomplete: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join(', ')}`);
  const creds = parsed.data;
  const regional = creds.region ? commercetoolsHosts(creds.region) : undefined;
  const authUrl = options.authUrl ?? creds.authUrl ?? regional?.authUrl;
  const apiUrl = options.apiUrl ?? creds.apiUrl ?? regional?.apiUrl;
  if (!authUrl || !apiUrl) throw config('commercetools credentials need a region, or both authUrl and apiUrl');
  for (const u of [authUrl, apiUrl]) if (!/^https?:\/\//.test(u)) throw config('commercetools URLs must start with https:// or http://');
  const storeKeys = [...new Set(creds.storeKeys ?? [])];
  const neededScopes = commercetoolsNeededScopes(creds.projectKey, storeKeys, options);
  const requested = creds.scopes ? qualifyCommercetoolsScopes(creds.scopes, creds.projectKey) : neededScopes;
  const clock = options.clock ?? SYSTEM_CLOCK;
  const auth = new CommercetoolsTokenProvider({
    authUrl,
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    scopes: requested,
    renewBeforeMs: options.tokenRenewBeforeMs,
    dispatcher: options.dispatcher,
    logger: options.logger,
    clock,
    random: options.random,
  });
  const transport = new HttpTransport({
    system: COMMERCETOOLS_SYSTEM,
    baseUrl: apiUrl,
    auth,
    retry: { shouldRetryWritesOnConnectError: true, ...options.retry },
    rateBudget: options.rateBudget,
    rateBudgetKey: options.rateBudgetKey ?? `${COMMERCETOOLS_SYSTEM}:${creds.projectKey}`,
    errorMapper: commercetoolsErrorMapper,
    requestIdHeaders: ['x-correlation-id', 'x-request-id'],
    shouldReauthOn401: true,
    timeoutMs: options.timeoutMs,
    dispatcher: options.dispatcher,
    logger: options.logger,
    clock,
    random: options.random,
  });
  const http = new CommercetoolsHttp(transport, creds.projectKey);
  return new CommercetoolsClient(http, auth, { projectKey: creds.projectKey, authUrl: authUrl.replace(/\/+$/, ''), apiUrl: apiUrl.replace(/\/+$/, ''), storeKeys, neededScopes });
}
