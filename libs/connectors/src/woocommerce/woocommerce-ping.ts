/**
 * Ping for one WooCommerce shop, step by step (never throws):
 * 1. reachable — GET /system_status answers; a 404 means no WooCommerce REST API v3 at `${siteUrl}/wp-json/wc/v3`.
 *    Over plain HTTP the step is a warning: requests are OAuth 1.0a signed and the keys never travel, but the data
 *    is not encrypted.
 * 2. auth — 401 `woocommerce_rest_authentication_error` = keys rejected (its message says why: secret, key,
 *    signature, timestamp); 401 `woocommerce_rest_cannot_view` = no key was recognised (WooCommerce ignores an unknown
 *    key over Basic, or the server stripped the Authorization header). Source: class-wc-rest-authentication.php @
 *    785f69ff (`perform_basic_authentication()`, `perform_oauth_authentication()`).
 * 3. permissions — read: the system_status answer (403 `woocommerce_rest_cannot_view` = the key's user lacks
 *    manage_woocommerce); write: `DELETE /webhooks/0?force=true`, which deletes nothing. `check_user_permissions()`
 *    (rest_pre_dispatch, before any route runs) answers 401 "The API key provided does not have write permissions."
 *    for a read key; a write key reaches the controller, whose id 0 is "Invalid ID." 404 (or a 403
 *    `woocommerce_rest_cannot_delete` when the user may not manage webhooks).
 * 4. company — WooCommerce and WordPress versions, home URL and currency from system_status `environment`/`settings`.
 * 5. webhooks — can the shop reach `publicBaseUrl` (woocommerce-webhook-reachability.ts: WordPress'
 *    wp_http_validate_url() rules for wp_safe_remote_request)? Unset: warning (polling only).
 */
import {
  buildPingReport,
  ConnectorAuthError,
  ConnectorError,
  ConnectorNotFoundError,
  ConnectorTransientError,
  ConnectorValidationError,
  networkErrorCode,
  skipRemaining,
  type HttpTransport,
  type PingReport,
  type PingStep,
  type PingStepName,
} from '../core';
import { WOOCOMMERCE_SYSTEM, wooCommerceErrorCode } from './woocommerce-errors';
import { wooCommerceWebhookReachability } from './woocommerce-webhook-reachability';
import { WC_SYSTEM_STATUS, WC_WEBHOOK, type WooCommerceSystemStatus } from './woocommerce.schema';

const ALL_STEPS: readonly PingStepName[] = ['reachable', 'auth', 'permissions', 'company', 'webhooks'];

export type WooCommercePingReport = PingReport & {
  siteUrl: string;
  isHttps: boolean;
  /** True when the keys may write (webhooks can be managed); undefined when not checked. */
  canWrite: boolean | undefined;
  versions: { woocommerce: string; wordpress: string } | undefined;
  /** The store's currency and price decimals (system status `settings.currency`, `settings.number_of_decimals`) when read. */
  store: { currency: string; decimals: number | undefined } | undefined;
};

export type WooCommercePingDeps = { transport: HttpTransport; siteUrl: string; publicBaseUrl: string | undefined };

const step = (s: PingStepName, status: PingStep['status'], code: string, hint: string): PingStep => ({ step: s, status, code, hint });

/** Runs the checks of the file header. */
export async function pingWooCommerce(deps: WooCommercePingDeps): Promise<WooCommercePingReport> {
  const site = new URL(deps.siteUrl);
  const isHttps = site.protocol === 'https:';
  const steps: PingStep[] = [];
  const found: Pick<WooCommercePingReport, 'canWrite' | 'versions' | 'store'> = { canWrite: undefined, versions: undefined, store: undefined };
  const report = (okSummary: string, name?: string): WooCommercePingReport => {
    const ordered = skipRemaining(steps, ALL_STEPS).sort((a, b) => ALL_STEPS.indexOf(a.step) - ALL_STEPS.indexOf(b.step));
    return { ...buildPingReport(WOOCOMMERCE_SYSTEM, ordered, okSummary, name), siteUrl: deps.siteUrl, isHttps, ...found };
  };
  const reached = isHttps
    ? step('reachable', 'ok', 'https', `The shop answered over HTTPS at ${site.origin}.`)
    : step('reachable', 'warning', 'plain_http', `The shop answered over plain HTTP at ${site.origin}: requests are signed with OAuth 1.0a and the keys are never sent, but order data travels unencrypted. Use HTTPS if the shop has it.`);

  let status: WooCommerceSystemStatus;
  try {
    status = (await deps.transport.request({ method: 'GET', path: '/system_status', schema: WC_SYSTEM_STATUS })).body;
  } catch (e: unknown) {
    steps.push(...statusFailure(e, reached));
    return report('');
  }
  steps.push(reached, step('auth', 'ok', 'ok', 'The REST API keys were accepted.'));

  const write = await writeProbe(deps.transport);
  found.canWrite = write.canWrite;
  steps.push(write.step);
  const env = status.environment;
  found.versions = { woocommerce: env.version, wordpress: env.wp_version };
  const decimals = status.settings.number_of_decimals;
  found.store = { currency: status.settings.currency, decimals };
  const priced = decimals === undefined ? '' : `, ${decimals} decimal${decimals === 1 ? '' : 's'}`;
  steps.push(step('company', 'ok', 'ok', `WooCommerce ${env.version} on WordPress ${env.wp_version} at ${env.home_url} (currency ${status.settings.currency}${priced}).`));
  steps.push(wooCommerceWebhookReachability(deps.publicBaseUrl, env.home_url || deps.siteUrl));
  return report(`Connected to ${env.home_url}.`, env.home_url);
}

function statusFailure(e: unknown, reached: PingStep): PingStep[] {
  const msg = e instanceof Error ? e.message : 'unknown error';
  const provider = e instanceof ConnectorError ? e.providerMessage : undefined;
  const wpCode = wooCommerceErrorCode(provider);
  if (e instanceof ConnectorTransientError) return [unreachable(e)];
  if (e instanceof ConnectorNotFoundError) {
    return [step('reachable', 'failed', 'not_woocommerce', 'No WooCommerce REST API v3 answers at /wp-json/wc/v3 (404). Check the shop address, that WooCommerce is active and that pretty permalinks are on.')];
  }
  if (e instanceof ConnectorAuthError && e.status === 401) {
    if (wpCode === 'woocommerce_rest_authentication_error' && /read permissions/.test(provider ?? '')) {
      return [reached, step('auth', 'ok', 'ok', 'The REST API keys were accepted.'), step('permissions', 'failed', 'no_read_permission', 'The REST API key is write-only. Create a Read/Write key under WooCommerce → Settings → Advanced → REST API.')];
    }
    if (wpCode === 'woocommerce_rest_authentication_error' || wpCode === 'woocommerce_rest_authentication_missing_parameter') {
      return [reached, step('auth', 'failed', 'keys_rejected', `WooCommerce rejected the REST API keys (${provider ?? msg}). Paste the consumer key and secret again; over HTTP also check the server clock (±15 minutes).`)];
    }
    return [reached, step('auth', 'failed', 'keys_not_recognised', 'WooCommerce did not recognise the consumer key (answered as an anonymous visitor). Check the key, or try auth mode "query-string" if the server strips the Authorization header.')];
  }
  if (e instanceof ConnectorAuthError && e.status === 403) {
    return [reached, step('auth', 'ok', 'ok', 'The REST API keys were accepted.'), step('permissions', 'failed', 'missing_capability', 'The key\'s user may not read the shop (needs the manage_woocommerce capability, e.g. Shop manager or Administrator).')];
  }
  return [reached, step('auth', 'failed', 'probe_failed', `Reading the system status failed: ${msg}`)];
}

async function writeProbe(transport: HttpTransport): Promise<{ canWrite: boolean | undefined; step: PingStep }> {
  try {
    await transport.request({ method: 'DELETE', path: '/webhooks/0', query: { force: true }, schema: WC_WEBHOOK });
    return { canWrite: true, step: step('permissions', 'ok', 'read_write', 'The keys may read and write.') };
  } catch (e: unknown) {
    if (e instanceof ConnectorNotFoundError || e instanceof ConnectorValidationError) return { canWrite: true, step: step('permissions', 'ok', 'read_write', 'The keys may read and write (webhooks can be managed).') };
    if (e instanceof ConnectorAuthError && e.status === 401) {
      return { canWrite: false, step: step('permissions', 'warning', 'read_only', 'The keys are read-only: orders sync by polling, but webhooks cannot be registered. Create Read/Write keys for instant updates.') };
    }
    if (e instanceof ConnectorAuthError && e.status === 403) {
      return { canWrite: false, step: step('permissions', 'warning', 'cannot_manage_webhooks', 'The keys may write, but their user may not manage webhooks (manage_woocommerce); orders sync by polling only.') };
    }
    return { canWrite: undefined, step: step('permissions', 'warning', 'write_unknown', `Write permission could not be checked: ${e instanceof Error ? e.message : 'unknown error'}`) };
  }
}

function unreachable(e: ConnectorTransientError): PingStep {
  const net = networkErrorCode(e.cause);
  if (e.code === 'timeout') return step('reachable', 'failed', 'timeout', 'The shop did not answer in time. Check the address or try again later.');
  if (e.code === 'server_error') return step('reachable', 'failed', 'server_error', `The shop answered with a server error (${e.status ?? '5xx'}); a hosting firewall may be blocking API calls. Try again later.`);
  if (net === 'ENOTFOUND' || net === 'EAI_AGAIN') return step('reachable', 'failed', 'dns_failed', 'The shop\'s host name could not be resolved. Check the shop address.');
  if (net === 'ECONNREFUSED') return step('reachable', 'failed', 'connection_refused', 'The shop refused the connection. Check the address and port.');
  return step('reachable', 'failed', 'network_error', `The shop could not be reached (${net ?? 'network error'}).`);
}
