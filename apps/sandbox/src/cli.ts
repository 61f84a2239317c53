import { BIGCOMMERCE_DEFAULT_QUOTA, BIGCOMMERCE_WEBHOOK_RETRY_SCHEDULE_MS } from './bigcommerce';
import { SandboxEnvError, sandboxOptionsFromEnv } from './sandbox-env';
import { type StartAllSandboxesOptions, startAllSandboxes } from './start-all';
import { DEFAULT_VISMA_RATE_LIMIT, DEFAULT_VISMA_TOKEN_TTL_SECONDS } from './visma';
import { WOOCOMMERCE_MAX_WEBHOOK_DELIVERY_FAILURES, WOOCOMMERCE_WEBHOOK_TIMEOUT_MS } from './woocommerce';
import { ADOBE_COMMERCE_IMS_TOKEN_TTL_SECONDS } from './adobe-commerce';
import { BIGQUERY_INSERT_ID_WINDOW_MS } from './bigquery';

/** The options from the environment, or one line per bad variable on stderr and exit code 1. */
function optionsOrExit(): StartAllSandboxesOptions {
  try {
    return sandboxOptionsFromEnv(process.env);
  } catch (err) {
    if (!(err instanceof SandboxEnvError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

/** One line with the effective limits, so a chaos run can see what it is up against. */
function describeSettings(options: StartAllSandboxesOptions): string {
  const rate = options.visma?.rateLimit ?? DEFAULT_VISMA_RATE_LIMIT;
  const quota = options.bigcommerce?.quota ?? BIGCOMMERCE_DEFAULT_QUOTA;
  const retries = options.bigcommerce?.webhookRetryScheduleMs ?? BIGCOMMERCE_WEBHOOK_RETRY_SCHEDULE_MS;
  return [
    `Settings: Visma token TTL ${options.visma?.tokenTtlSeconds ?? DEFAULT_VISMA_TOKEN_TTL_SECONDS} s, ${rate.limit} calls per ${rate.windowMs} ms per company + client;`,
    `BigCommerce ${quota.requests} requests per ${quota.windowMs} ms, webhook retries after [${retries.join(', ')}] ms;`,
    `WooCommerce webhook timeout ${options.woocommerce?.webhookTimeoutMs ?? WOOCOMMERCE_WEBHOOK_TIMEOUT_MS} ms, no retries, max ${options.woocommerce?.maxWebhookFailures ?? WOOCOMMERCE_MAX_WEBHOOK_DELIVERY_FAILURES} failures;`,
    `Adobe Commerce IMS token TTL ${options.adobeCommerce?.imsTokenTtlSeconds ?? ADOBE_COMMERCE_IMS_TOKEN_TTL_SECONDS} s, webhook signing off (PATCH /_sandbox/adobe-commerce/settings);`,
    `BigQuery jobs DONE after ${options.bigquery?.jobDoneAfterPolls ?? 0} polls, insertId window ${options.bigquery?.insertIdWindowMs ?? BIGQUERY_INSERT_ID_WINDOW_MS} ms.`,
  ].join(' ');
}

/**
 * `npm run sandbox`: every sandbox on its fixed port until Ctrl+C. Settings come from the environment
 * (`sandboxOptionsFromEnv`; apps/sandbox/README.md § Environment); a bad value stops it with one line per variable.
 */
async function main(): Promise<void> {
  const options = optionsOrExit();
  const sandboxes = await startAllSandboxes(options);
  process.stdout.write(`${sandboxes.describe().join('\n')}\n${describeSettings(options)}\nPress Ctrl+C to stop.\n`);
  const stop = (): void => {
    void sandboxes.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
