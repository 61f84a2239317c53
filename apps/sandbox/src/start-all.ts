import { type BigCommerceSandboxOptions, type RunningBigCommerceSandbox, BIGCOMMERCE_DEMO, startBigCommerceSandbox } from './bigcommerce';
import { type RunningVismaSandbox, type VismaSandboxOptions, VISMA_DEMO, startVismaSandbox } from './visma';
import { type RunningWooCommerceSandbox, type WooCommerceSandboxOptions, WOOCOMMERCE_DEMO, startWooCommerceSandbox } from './woocommerce';

/** Fixed local ports so any BigCommerce, WooCommerce or Visma client can be pointed at a running demo. */
export const SANDBOX_DEFAULT_PORTS = { visma: 4010, bigcommerce: 4020, woocommerce: 4030 } as const;

export type RunningSandboxes = {
  visma: RunningVismaSandbox;
  bigcommerce: RunningBigCommerceSandbox;
  woocommerce: RunningWooCommerceSandbox;
  close(): Promise<void>;
  /** Human-readable lines: base URLs and demo credentials. */
  describe(): string[];
};

export type StartAllSandboxesOptions = {
  /**
   * Port per sandbox (0 = any free port); default SANDBOX_DEFAULT_PORTS. Without a `woocommerce` entry WooCommerce gets
   * 4030, or a free port when every port given is 0 (so callers that predate it and ask for free ports, like parallel
   * test workers, never collide on 4030).
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
};

function woocommercePort(ports: StartAllSandboxesOptions['ports']): number {
  if (ports?.woocommerce !== undefined) return ports.woocommerce;
  const given = Object.values(ports ?? {});
  return given.length > 0 && given.every((p) => p === 0) ? 0 : SANDBOX_DEFAULT_PORTS.woocommerce;
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
  const woocommerce = await startWooCommerceSandbox({ ...options.woocommerce, port: woocommercePort(options.ports), host }).catch(
    async (err: unknown) => {
      await Promise.all([visma.close(), bigcommerce.close()]);
      throw err;
    },
  );
  const no = VISMA_DEMO.companies.norway;
  const se = VISMA_DEMO.companies.sweden;
  return {
    visma,
    bigcommerce,
    woocommerce,
    close: async () => {
      await Promise.all([visma.close(), bigcommerce.close(), woocommerce.close()]);
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
      `Control API (faults, request log, webhook deliveries, reset): <sandbox URL>/_sandbox (see apps/sandbox/README.md)`,
    ],
  };
}
