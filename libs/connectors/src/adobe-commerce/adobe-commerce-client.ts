/**
 * The Adobe Commerce client of one store (AdobeDocs/commerce-webapi @ e2275b5):
 * - PaaS (Adobe Commerce on cloud/on-premises, Magento Open Source): `https://<host>/rest/<store_code>/V1/…`, auth
 *   `oauth1` or `bearer` (adobe-commerce-auth.ts). Global-scope calls use `/rest/all/V1/…`.
 * - SaaS (Adobe Commerce as a Cloud Service): `https://<region>.api.commerce.adobe.com/<tenantId>/V1/…`, auth `ims`
 *   only (integration and admin tokens are not accepted there), the store view in the `Store` header.
 * Core transport: GET/PUT retried on network errors, 408/429 (Retry-After honoured)/5xx with capped jittered backoff;
 * POSTs never retried (no idempotency key in this API); long waits surface as ConnectorRateLimitedError. Commerce
 * sends no rate-limit headers (src/pages/get-started/rate-limiting.md). No ETags: the REST API has no If-Match.
 * Clients never read env vars.
 */
import type { Dispatcher } from 'undici';
import { ConnectorError, HttpTransport, SYSTEM_CLOCK, connectorDispatcher, type Clock, type ConnectorLogger, type Pingable, type RateBudget, type RetryPolicy } from '../core';
import { ADOBE_COMMERCE_CREDENTIALS, ADOBE_COMMERCE_IMS_TOKEN_URL, createAdobeCommerceAuth, type AdobeCommerceAuthFlavour, type AdobeCommerceCredentials } from './adobe-commerce-auth';
import { ADOBE_COMMERCE_SYSTEM, adobeCommerceErrorMapper } from './adobe-commerce-errors';
import { pingAdobeCommerce, type AdobeCommercePingReport } from './adobe-commerce-ping';
import { AdobeCommerceHttp } from './resources/adobe-commerce-resource';
import { AdobeCommerceModuleClient, AdobeCommerceProductAttributeClient, AdobeCommerceProductClient, AdobeCommerceStoreViewClient, AdobeCommerceWebhookClient } from './resources/catalog.clients';
import { AdobeCommerceCreditMemoClient, AdobeCommerceCustomerClient, AdobeCommerceInvoiceClient, AdobeCommerceOrderClient } from './resources/sales.clients';

export type AdobeCommerceClientOptions = {
  /** `paas`: self-hosted/cloud Adobe Commerce or Magento Open Source; `saas`: Adobe Commerce as a Cloud Service. */
  flavour: 'paas' | 'saas';
  /** PaaS: the store's origin (`https://shop.example.com`, a path prefix is kept); SaaS: `https://<region>.api.commerce.adobe.com/<tenantId>`. */
  baseUrl: string;
  /** Store view code (default `default`): PaaS `/rest/<code>`, SaaS `Store: <code>`. */
  storeCode?: string | undefined;
  /** IMS token endpoint (default `https://ims-na1.adobelogin.com/ims/token/v3`; the sandbox overrides it). */
  imsTokenUrl?: string | undefined;
  dispatcher?: Dispatcher | undefined;
  logger?: ConnectorLogger | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  rateBudget?: RateBudget | undefined;
  /** Budget key (default `adobe-commerce:<baseUrl>`). */
  rateBudgetKey?: string | undefined;
  /** Per-attempt timeout (default 30 000 ms). */
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
  /** OAuth 1.0a nonce source (tests). */
  nonce?: (() => string) | undefined;
};

/** Everything the connector does with one Adobe Commerce store. */
export class AdobeCommerceClient implements Pingable {
  readonly orders: AdobeCommerceOrderClient;
  readonly invoices: AdobeCommerceInvoiceClient;
  readonly creditMemos: AdobeCommerceCreditMemoClient;
  readonly customers: AdobeCommerceCustomerClient;
  readonly products: AdobeCommerceProductClient;
  readonly productAttributes: AdobeCommerceProductAttributeClient;
  readonly storeViews: AdobeCommerceStoreViewClient;
  readonly modules: AdobeCommerceModuleClient;
  readonly webhooks: AdobeCommerceWebhookClient;

  constructor(
    readonly http: AdobeCommerceHttp,
    private readonly settings: { flavour: 'paas' | 'saas'; authFlavour: AdobeCommerceAuthFlavour; storeCode: string; baseUrl: string; imsTokenRequests: () => number | undefined },
  ) {
    this.orders = new AdobeCommerceOrderClient(http);
    this.invoices = new AdobeCommerceInvoiceClient(http);
    this.creditMemos = new AdobeCommerceCreditMemoClient(http);
    this.customers = new AdobeCommerceCustomerClient(http);
    this.products = new AdobeCommerceProductClient(http);
    this.productAttributes = new AdobeCommerceProductAttributeClient(http);
    this.storeViews = new AdobeCommerceStoreViewClient(http);
    this.modules = new AdobeCommerceModuleClient(http);
    this.webhooks = new AdobeCommerceWebhookClient(http);
  }

  /** The auth flavour in use. */
  get authFlavour(): AdobeCommerceAuthFlavour {
    return this.settings.authFlavour;
  }

  /** IMS token requests sent so far (undefined for PaaS flavours); diagnostics and tests. */
  get imsTokenRequests(): number | undefined {
    return this.settings.imsTokenRequests();
  }

  /** Diagnoses the connection step by step (adobe-commerce-ping.ts). Never throws. */
  async ping(): Promise<AdobeCommercePingReport> {
    return pingAdobeCommerce({ http: this.http, ...this.settings });
  }
}

/**
 * Builds an AdobeCommerceClient. No I/O happens until the first call.
 * @throws ConnectorError `configuration` when the credentials do not parse, the base URL is not http(s), the store
 *   code is malformed, or the auth flavour does not fit (`ims` only on SaaS, `oauth1`/`bearer` only on PaaS)
 */
export function createAdobeCommerceClient(credentials: AdobeCommerceCredentials, options: AdobeCommerceClientOptions): AdobeCommerceClient {
  const config = (message: string, cause?: unknown): ConnectorError => new ConnectorError({ system: ADOBE_COMMERCE_SYSTEM, code: 'configuration', retryable: false, message, cause });
  const parsed = ADOBE_COMMERCE_CREDENTIALS.safeParse(credentials);
  if (!parsed.success) throw config(`Adobe Commerce credentials are incomplete: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`);
  const creds = parsed.data;
  if (options.flavour === 'saas' && creds.auth !== 'ims') throw config('Adobe Commerce as a Cloud Service accepts only IMS credentials (client id, client secret, IMS org id)');
  if (options.flavour === 'paas' && creds.auth === 'ims') throw config('IMS credentials are for Adobe Commerce as a Cloud Service; PaaS stores use an integration (OAuth 1.0a or bearer token)');
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch (e: unknown) {
    throw config(`Adobe Commerce base URL "${options.baseUrl}" is not a URL`, e);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw config('Adobe Commerce base URL must start with https:// or http://');
  const storeCode = options.storeCode ?? 'default';
  if (!/^[a-z0-9_]+$/i.test(storeCode)) throw config(`Adobe Commerce store code "${storeCode}" may hold letters, digits and _ only`);
  const origin = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const clock = options.clock ?? SYSTEM_CLOCK;
  const base = options.dispatcher ?? connectorDispatcher();
  const setup = createAdobeCommerceAuth(creds, { clock, imsTokenUrl: options.imsTokenUrl ?? ADOBE_COMMERCE_IMS_TOKEN_URL, dispatcher: options.dispatcher, logger: options.logger, nonce: options.nonce });
  const dispatcher = setup.wrapDispatcher(base);
  const transportFor = (baseUrl: string): HttpTransport =>
    new HttpTransport({
      system: ADOBE_COMMERCE_SYSTEM,
      baseUrl,
      auth: setup.auth,
      retry: options.retry,
      rateBudget: options.rateBudget,
      rateBudgetKey: options.rateBudgetKey ?? `${ADOBE_COMMERCE_SYSTEM}:${origin}`,
      errorMapper: adobeCommerceErrorMapper,
      defaultHeaders: setup.headers,
      requestIdHeaders: ['x-request-id', 'x-magento-request-id', 'x-correlation-id'],
      shouldReauthOn401: setup.shouldReauthOn401,
      timeoutMs: options.timeoutMs,
      dispatcher,
      logger: options.logger,
      clock,
      random: options.random,
    });
  let http: AdobeCommerceHttp;
  if (options.flavour === 'paas') {
    http = new AdobeCommerceHttp({ store: transportFor(`${origin}/rest/${storeCode}`), all: transportFor(`${origin}/rest/all`) }, undefined);
  } else {
    const t = transportFor(origin);
    http = new AdobeCommerceHttp({ store: t, all: t }, { store: storeCode, all: 'all' });
  }
  return new AdobeCommerceClient(http, { flavour: options.flavour, authFlavour: creds.auth, storeCode, baseUrl: origin, imsTokenRequests: () => setup.ims?.tokenRequests });
}
