import { BIGCOMMERCE_DEFAULT_QUOTA } from './bigcommerce';
import { SANDBOX_DEFAULT_PORTS, type StartAllSandboxesOptions } from './start-all';

/** The environment variables `npm run sandbox` reads (apps/sandbox/README.md § Environment). */
export const SANDBOX_ENV_VARS = [
  'SANDBOX_HOST',
  'SANDBOX_VISMA_PORT',
  'SANDBOX_BIGCOMMERCE_PORT',
  'SANDBOX_WOOCOMMERCE_PORT',
  'SANDBOX_ADOBE_COMMERCE_PORT',
  'SANDBOX_COMMERCETOOLS_PORT',
  'SANDBOX_BIGQUERY_PORT',
  'SANDBOX_VISMA_TOKEN_TTL_SECONDS',
  'SANDBOX_VISMA_CALLS_PER_HOUR',
  'SANDBOX_BIGCOMMERCE_QUOTA_REQUESTS',
  'SANDBOX_BIGCOMMERCE_QUOTA_WINDOW_MS',
  'SANDBOX_BIGCOMMERCE_WEBHOOK_RETRY_MS',
] as const;
export type SandboxEnvVar = (typeof SANDBOX_ENV_VARS)[number];

const HOUR_MS = 3_600_000;

/** Bad sandbox environment: one `{variable, message}` per offending variable, all of them at once. */
export class SandboxEnvError extends Error {
  constructor(readonly problems: ReadonlyArray<{ variable: SandboxEnvVar; message: string }>) {
    super(`invalid sandbox environment:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'SandboxEnvError';
  }
}

/**
 * Turns the sandbox environment variables into `startAllSandboxes` options (unset or empty = the option's default):
 * - `SANDBOX_HOST` (default 127.0.0.1), `SANDBOX_VISMA_PORT` (4010), `SANDBOX_BIGCOMMERCE_PORT` (4020),
 *   `SANDBOX_WOOCOMMERCE_PORT` (4030), `SANDBOX_ADOBE_COMMERCE_PORT` (4040), `SANDBOX_COMMERCETOOLS_PORT` (4050), `SANDBOX_BIGQUERY_PORT` (4060): 0–65535;
 * - `SANDBOX_VISMA_TOKEN_TTL_SECONDS` → `visma.tokenTtlSeconds` (integer ≥ 1; default 3600);
 * - `SANDBOX_VISMA_CALLS_PER_HOUR` → `visma.rateLimit = {limit, windowMs: 3 600 000}` (integer ≥ 1; default 500),
 *   Visma's policy being "X requests per hour for each company and client combination";
 * - `SANDBOX_BIGCOMMERCE_QUOTA_REQUESTS` / `SANDBOX_BIGCOMMERCE_QUOTA_WINDOW_MS` → `bigcommerce.quota` (integers ≥ 1;
 *   defaults 150 / 30000; one alone keeps the other's default);
 * - `SANDBOX_BIGCOMMERCE_WEBHOOK_RETRY_MS` → `bigcommerce.webhookRetryScheduleMs`: comma-separated integers ≥ 0
 *   (`1000,5000,30000`), or `none` for no retries (default BigCommerce's 60 s … 86 400 s schedule).
 * Throws `SandboxEnvError` naming every bad variable.
 */
export function sandboxOptionsFromEnv(env: NodeJS.ProcessEnv): StartAllSandboxesOptions {
  const problems: Array<{ variable: SandboxEnvVar; message: string }> = [];
  const read = (variable: SandboxEnvVar): string | undefined => {
    const v = env[variable]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const int = (variable: SandboxEnvVar, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined => {
    const raw = read(variable);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push({ variable, message: `must be an integer ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}, got '${raw}'` });
      return undefined;
    }
    return Number(raw);
  };

  const host = read('SANDBOX_HOST');
  const vismaPort = int('SANDBOX_VISMA_PORT', 0, 65_535);
  const bigcommercePort = int('SANDBOX_BIGCOMMERCE_PORT', 0, 65_535);
  const woocommercePort = int('SANDBOX_WOOCOMMERCE_PORT', 0, 65_535);
  const adobeCommercePort = int('SANDBOX_ADOBE_COMMERCE_PORT', 0, 65_535);
  const commercetoolsPort = int('SANDBOX_COMMERCETOOLS_PORT', 0, 65_535);
  const bigqueryPort = int('SANDBOX_BIGQUERY_PORT', 0, 65_535);
  const ttl = int('SANDBOX_VISMA_TOKEN_TTL_SECONDS', 1);
  const callsPerHour = int('SANDBOX_VISMA_CALLS_PER_HOUR', 1);
  const quotaRequests = int('SANDBOX_BIGCOMMERCE_QUOTA_REQUESTS', 1);
  const quotaWindowMs = int('SANDBOX_BIGCOMMERCE_QUOTA_WINDOW_MS', 1);
  const retry = retrySchedule(read('SANDBOX_BIGCOMMERCE_WEBHOOK_RETRY_MS'), (message) => problems.push({ variable: 'SANDBOX_BIGCOMMERCE_WEBHOOK_RETRY_MS', message }));
  if (problems.length > 0) throw new SandboxEnvError(problems);

  const visma: NonNullable<StartAllSandboxesOptions['visma']> = {
    ...(ttl !== undefined ? { tokenTtlSeconds: ttl } : {}),
    ...(callsPerHour !== undefined ? { rateLimit: { limit: callsPerHour, windowMs: HOUR_MS } } : {}),
  };
  const bigcommerce: NonNullable<StartAllSandboxesOptions['bigcommerce']> = {
    ...(quotaRequests !== undefined || quotaWindowMs !== undefined
      ? { quota: { requests: quotaRequests ?? BIGCOMMERCE_DEFAULT_QUOTA.requests, windowMs: quotaWindowMs ?? BIGCOMMERCE_DEFAULT_QUOTA.windowMs } }
      : {}),
    ...(retry !== undefined ? { webhookRetryScheduleMs: retry } : {}),
  };
  return {
    ports: {
      visma: vismaPort ?? SANDBOX_DEFAULT_PORTS.visma,
      bigcommerce: bigcommercePort ?? SANDBOX_DEFAULT_PORTS.bigcommerce,
      // Left out when only the older port variables are set: startAllSandboxes then picks 4030 / 4040 / 4050 / 4060 (or a free port when all given ports are 0).
      ...(woocommercePort !== undefined || (vismaPort === undefined && bigcommercePort === undefined) ? { woocommerce: woocommercePort ?? SANDBOX_DEFAULT_PORTS.woocommerce } : {}),
      ...(adobeCommercePort !== undefined || (vismaPort === undefined && bigcommercePort === undefined) ? { adobeCommerce: adobeCommercePort ?? SANDBOX_DEFAULT_PORTS.adobeCommerce } : {}),
      ...(commercetoolsPort !== undefined || (vismaPort === undefined && bigcommercePort === undefined) ? { commercetools: commercetoolsPort ?? SANDBOX_DEFAULT_PORTS.commercetools } : {}),
      ...(bigqueryPort !== undefined || (vismaPort === undefined && bigcommercePort === undefined) ? { bigquery: bigqueryPort ?? SANDBOX_DEFAULT_PORTS.bigquery } : {}),
    },
    ...(host !== undefined ? { host } : {}),
    visma,
    bigcommerce,
  };
}

function retrySchedule(raw: string | undefined, problem: (message: string) => void): number[] | undefined {
  if (raw === undefined) return undefined;
  if (raw.toLowerCase() === 'none') return [];
  const parts = raw.split(',').map((p) => p.trim());
  const bad = parts.filter((p) => !/^\d+$/.test(p) || !Number.isSafeInteger(Number(p)));
  if (bad.length > 0) {
    problem(`must be comma-separated integers ≥ 0 (milliseconds) or 'none', got '${raw}'`);
    return undefined;
  }
  return parts.map(Number);
}
