import { type BigCommerceSandboxOptions, type RunningBigCommerceSandbox, BIGCOMMERCE_DEMO, startBigCommerceSandbox } from './bigcommerce';
import { type RunningVismaSandbox, type VismaSandboxOptions, VISMA_DEMO, startVismaSandbox } from './visma';

/** Fixed local ports so any BigCommerce or Visma client can be pointed at a running demo. */
export const SANDBOX_DEFAULT_PORTS = { visma: 4010, bigcommerce: 4020 } as const;

export type RunningSandboxes = {
  visma: RunningVismaSandbox;
  bigcommerce: RunningBigCommerceSandbox;
  close(): Promise<void>;
  /** Human-readable lines: base URLs and demo credentials. */
  describe(): string[];
};

export type StartAllSandboxesOptions = {
  /** Port per sandbox (0 = any free port); default SANDBOX_DEFAULT_PORTS. */
  ports?: Partial<Record<keyof typeof SANDBOX_DEFAULT_PORTS, number>>;
  /** Interface both listen on (default 127.0.0.1). */
  host?: string;
  /** Further Visma options (token TTL, rate limit, …); `port`/`host` come from above. */
  visma?: Omit<VismaSandboxOptions, 'port' | 'host'>;
  /** Further BigCommerce options (quota, webhook retry schedule, …); `port`/`host` come from above. */
  bigcommerce?: Omit<BigCommerceSandboxOptions, 'port' | 'host'>;
};

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
  const no = VISMA_DEMO.companies.norway;
  const se = VISMA_DEMO.companies.sweden;
  return {
    visma,
    bigcommerce,
    close: async () => {
      await Promise.all([visma.close(), bigcommerce.close()]);
    },
    describe: () => [
      `Visma.net ERP sandbox   ${visma.url}   (token: POST ${visma.url}/connect/token, API: ${visma.url}/v1/...)`,
      `  client id ${VISMA_DEMO.clientId}, secret ${VISMA_DEMO.clientSecret}`,
      `  company "${no.name}": tenant_id ${no.tenantId}, company id ${no.companyId}`,
      `  company "${se.name}": tenant_id ${se.tenantId}, company id ${se.companyId}`,
      `BigCommerce sandbox     ${bigcommerce.url}/stores/${BIGCOMMERCE_DEMO.storeHash}/v2|v3/...`,
      `  store hash ${BIGCOMMERCE_DEMO.storeHash}, X-Auth-Token ${BIGCOMMERCE_DEMO.accessToken}`,
      `Control API (faults, request log, webhook deliveries, reset): <sandbox URL>/_sandbox (see apps/sandbox/README.md)`,
    ],
  };
}
