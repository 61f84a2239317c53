import { type BigCommerceSandboxOptions, type RunningBigCommerceSandbox, BIGCOMMERCE_DEMO, startBigCommerceSandbox } from './bigcommerce';
import { type RunningVismaSandbox, type VismaSandboxOptions, VISMA_DEMO, startVismaSandbox } from './visma';
import { type RunningWooCommerceSandbox, type WooCommerceSandboxOptions, WOOCOMMERCE_DEMO, startWooCommerceSandbox } from './woocommerce';
import { ADOBE_COMMERCE_DEMO, type AdobeCommerceSandboxOptions, type RunningAdobeCommerceSandbox, startAdobeCommerceSandbox } from './adobe-commerce';
import { COMMERCETOOLS_DEMO, type CommercetoolsSandboxOptions, type RunningCommercetoolsSandbox, startCommercetoolsSandbox } from './commercetools';
import { type BigQuerySandboxOptions, type RunningBigQuerySandbox, startBigQuerySandbox } from './bigquery';

/** Fixed local ports so any BigCommerce, WooCommerce, Adobe Commerce, commercetools, BigQuery or Visma client can be pointed at a running demo. */
export const SANDBOX_DEFAULT_PORTS = { visma: 4010, bigcommerce: 4020, woocommerce: 4030, adobeCommerce: 4040, commercetools: 4050, bigquery: 4060 } as const;

export type RunningSandboxes = {
  visma: RunningVismaSandbox;
  bigcommerce: RunningBigCommerceSandbox;
  woocommerce: RunningWooCommerceSandbox;
  adobeCommerce: RunningAdobeCommerceSandbox;
  commercetools: RunningCommercetoolsSandbox;
  bigquery: RunningBigQuerySandbox;
  close(): Promise<void>;
  /** Human-readable lines: base URLs and demo credentials. */
  describe(): string[];
};

export type StartAllSandboxesOptions = {
  /**
   * Port per sandbox (0 = any free port); default SANDBOX_DEFAULT_PORTS. Without a `woocommerce` (`adobeCommerce`,
   * `commercetools`, `bigquery`) entry WooCommerce (Adobe Commerce, commercetools, BigQuery) gets 4030 (4040, 4050, 4060), or a free port when every port given is 0 (so callers that predate
   * them and ask for free ports, like parallel test workers, never collide on those ports).
   */
  ports?: Partial<Record<keyof typeof SANDBOX_DEFAULT_PORTS, number>>;
  /** Interface both listen on (default 127.0.0.1). */
  host?: string;
  /** Further Visma options (token TTL, rate limit, …); `port`/`host` come from above. */
  visma?: Omit<VismaSandboxOptions, 'port' | 'host'>;
  /** Further BigCommerce options (quota, webhook retry schedule, …); `port`/`host` come from above. */
  bigcommerce?: Omit<BigCommerceSandboxOptions, 'port' | 'host'>;
  /** Further WooCommerce options (tls, webhook timeout, …); `port`/`host` come from above. */
  woocommerce?: Omit<WooCommerceSandboxOptions, 'port' | 'host'>;
  /** Further Adobe Commerce options (flavours, IMS token TTL, settings, …); `port`/`host` come from above. */
  adobeCommerce?: Omit<AdobeCommerceSandboxOptions, 'port' | 'host'>;
  /** Further commercetools options (seed, clients, token TTL, messages, …); `port`/`host` come from above. */
  commercetools?: Omit<CommercetoolsSandboxOptions, 'port' | 'host'>;
  /** Further BigQuery options (project id, job polls, insertId window, clock, …); `port`/`host` come from above. */
  bigquery?: Omit<BigQuerySandboxOptions, 'port' | 'host'>;
};

function laterPort(ports: StartAllSandboxesOptions['ports'], name: 'woocommerce' | 'adobeCommerce' | 'commercetools' | 'bigquery'): number {
  const explicit = ports?.[name];
  if (explicit !== undefined) return explicit;
  const given = Object.values(ports ?? {});
  return given.length > 0 && given.every((p) => p === 0) ? 0 : SANDBOX_DEFAULT_PORTS[name];
}

/**
 * Starts every sandbox (in-process), on the given ports (0 = any free port). Used by `npm run sandbox`,
 * by `npm start` when no real credentials are configured, and by end-to-end tests and the benchmark.
 */
export async function startAllSandboxes(options: StartAllSandboxesOptions = {}): Promise<RunningSandboxes> {
  const host = options.host ?? '127.0.0.1';
  const visma = await startVismaSandbox({ ...options.visma, port: options.ports?.visma ?? SANDBOX_DEFAULT_PORTS.visma, host });
  const bigcommerce = await startBigCommerceSandbox({ ...options.bigcommerce, port: options.ports?.bigcommerce ?? SANDBOX_DEFAULT_PORTS.bigcommerce, host }).catch(
    async (err: unknown) => {
      await visma.close();
      throw err;
    },
  );
  const woocommerce = await startWooCommerceSandbox({ ...options.woocommerce, port: laterPort(options.ports, 'woocommerce'), host }).catch(
    async (err: unknown) => {
      await Promise.all([visma.close(), bigcommerce.close()]);
      throw err;
    },
  );
  const adobeCommerce = await startAdobeCommerceSandbox({ ...options.adobeCommerce, port: laterPort(options.ports, 'adobeCommerce'), host }).catch(async (err: unknown) => {
    await Promise.all([visma.close(), bigcommerce.close(), woocommerce.close()]);
    throw err;
  });
  const commercetools = await startCommercetoolsSandbox({ ...options.commercetools, port: laterPort(options.ports, 'commercetools'), host }).catch(async (err: unknown) => {
    await Promise.all([visma.close(), bigcommerce.close(), woocommerce.close(), adobeCommerce.close()]);
    throw err;
  });
  // The demo company is Nordic: its warehouse lives in the EU multi-region.
  const bigquery = await startBigQuerySandbox({ location: 'EU', ...options.bigquery, port: laterPort(options.ports, 'bigquery'), host }).catch(async (err: unknown) => {
    await Promise.all([visma.close(), bigcommerce.close(), woocommerce.close(), adobeCommerce.close(), commercetools.close()]);
    throw err;
  });
  const no = VISMA_DEMO.companies.norway;
  const se = VISMA_DEMO.companies.sweden;
  return {
    visma,
    bigcommerce,
    woocommerce,
    adobeCommerce,
    commercetools,
    bigquery,
    close: async () => {
      await Promise.all([visma.close(), bigcommerce.close(), woocommerce.close(), adobeCommerce.close(), commercetools.close(), bigquery.close()]);
    },
    describe: () => [
      `Visma.net ERP sandbox   ${visma.url}   (token: POST ${visma.url}/connect/token, API: ${visma.url}/v1/...)`,
      `  client id ${VISMA_DEMO.clientId}, secret ${VISMA_DEMO.clientSecret}`,
      `  company "${no.name}": tenant_id ${no.tenantId}, company id ${no.companyId}`,
      `  company "${se.name}": tenant_id ${se.tenantId}, company id ${se.companyId}`,
      `BigCommerce sandbox     ${bigcommerce.url}/stores/${BIGCOMMERCE_DEMO.storeHash}/v2|v3/...`,
      `  store hash ${BIGCOMMERCE_DEMO.storeHash}, X-Auth-Token ${BIGCOMMERCE_DEMO.accessToken}`,
      `WooCommerce sandbox     ${woocommerce.apiUrl}/...${woocommerce.httpsApiUrl ? ` (HTTPS: ${woocommerce.httpsApiUrl})` : ''} (OAuth 1.0a over HTTP)`,
      `  consumer key ${WOOCOMMERCE_DEMO.consumerKey}, secret ${WOOCOMMERCE_DEMO.consumerSecret} (read-only: ${WOOCOMMERCE_DEMO.readOnlyConsumerKey})`,
      `Adobe Commerce sandbox  PaaS ${adobeCommerce.paasRestUrl ?? '(off)'}/... (OAuth 1.0a HMAC-SHA256), SaaS ${adobeCommerce.saasBaseUrl ?? '(off)'}/V1/... (IMS bearer), IMS ${adobeCommerce.imsTokenUrl}`,
      `  consumer key ${ADOBE_COMMERCE_DEMO.consumerKey}, secret ${ADOBE_COMMERCE_DEMO.consumerSecret}, access token ${ADOBE_COMMERCE_DEMO.accessToken}, token secret ${ADOBE_COMMERCE_DEMO.accessTokenSecret}`,
      `  IMS client id ${ADOBE_COMMERCE_DEMO.imsClientId}, secret ${ADOBE_COMMERCE_DEMO.imsClientSecret}, org ${ADOBE_COMMERCE_DEMO.imsOrgId}, tenant ${ADOBE_COMMERCE_DEMO.tenantId}, store view ${ADOBE_COMMERCE_DEMO.storeCode}`,
      `  webhook public key: GET ${adobeCommerce.url}/_sandbox/adobe-commerce/webhook-public-key`,
      `commercetools sandbox   API ${commercetools.apiUrl}/${COMMERCETOOLS_DEMO.projectKey}/..., auth ${commercetools.authUrl}/oauth/token (client credentials)`,
      `  project ${COMMERCETOOLS_DEMO.projectKey}, client id ${COMMERCETOOLS_DEMO.clientId}, secret ${COMMERCETOOLS_DEMO.clientSecret}, stores ${COMMERCETOOLS_DEMO.storeKeys.join(', ')}`,
      `BigQuery sandbox        apiEndpoint ${bigquery.apiEndpoint} (REST ${bigquery.apiEndpoint}/bigquery/v2/..., token ${bigquery.tokenUrl}), project ${bigquery.projectId}`,
      `  service account ${bigquery.serviceAccountKey.client_email} (key: GET ${bigquery.url}/_sandbox/bigquery/service-account-key), static bearer ${bigquery.staticToken}`,
      `Control API (faults, request log, webhook deliveries, reset): <sandbox URL>/_sandbox (see apps/sandbox/README.md)`,
    ],
  };
}
