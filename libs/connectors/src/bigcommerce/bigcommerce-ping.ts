/**
 * Ping for one BigCommerce store: a diagnosis an admin can act on.
 * 1. GET /v2/store (store_information.v2.yml `StoreInformation.name`): unreachable host, 401 = bad token
 *    (API gateway "Unauthorized"), 404 = wrong store hash ("Store not found", confirmed by a 404 on
 *    GET /v2/orders), 403 = token valid but without `store_v2_information_read_only` (name unknown, not fatal).
 * 2. Permissions: GET /v2/orders?limit=1 (`store_v2_orders_read_only`), GET /v3/customers?limit=1
 *    (`store_v2_customers_read_only`), GET /v3/hooks?limit=1 (default scope), and when an order exists
 *    GET /v3/orders/{id}/transactions (`store_v2_transactions_read_only`); a 403 names the missing scope (scopes from
 *    `securitySchemes.X-Auth-Token` of each spec).
 * 3. Rate limit: X-Rate-Limit-Requests-Left / -Quota / -Time-Reset-Ms of the last answer (api-rate-limits.mdx).
 * 4. Webhook reachability of `publicBaseUrl`: BigCommerce only delivers to HTTPS on port 443 ("The destination URL
 *    must be served on port 443; custom ports are not currently supported", https-webhook-overview.mdx).
 */
import { z } from 'zod';
import {
  buildPingReport,
  ConnectorAuthError,
  ConnectorError,
  ConnectorNotFoundError,
  ConnectorRateLimitedError,
  ConnectorTransientError,
  networkErrorCode,
  skipRemaining,
  type HttpTransport,
  type PingReport,
  type PingStep,
  type PingStepName,
} from '../core';
import { BIGCOMMERCE_SYSTEM } from './bigcommerce-errors';
import { readBigCommerceRateLimitHeaders } from './bigcommerce-http';
import { BC_HOOK_LIST } from './schemas/hook.schema';
import { BC_CUSTOMER_LIST } from './schemas/customer.schema';
import { BC_ORDER_LIST } from './schemas/order.schema';
import { BC_TRANSACTION_LIST } from './schemas/refund.schema';
import { BC_STORE_INFORMATION } from './schemas/store.schema';

const ALL_STEPS: readonly PingStepName[] = ['reachable', 'auth', 'company', 'permissions', 'rate-limit'];

/** Whether BigCommerce can deliver webhooks to our public URL. */
export type BigCommerceWebhookReachability = { status: 'ok' | 'warning' | 'skipped'; code: string; hint: string };

export type BigCommercePingReport = PingReport & { storeHash: string; webhooks: BigCommerceWebhookReachability };

export type BigCommercePingDeps = { transport: HttpTransport; storeHash: string; publicBaseUrl?: string | undefined };

const ok = (step: PingStepName, code: string, hint: string): PingStep => ({ step, status: 'ok', code, hint });
const failed = (step: PingStepName, code: string, hint: string): PingStep => ({ step, status: 'failed', code, hint });

type Probe = { what: string; scope: string | undefined; path: string; schema: z.ZodType<unknown>; query?: Record<string, string | number> };

/** Runs the checks in the file header; never throws. */
export async function pingBigCommerce(deps: BigCommercePingDeps): Promise<BigCommercePingReport> {
  const steps: PingStep[] = [];
  const webhooks = webhookReachability(deps.publicBaseUrl);
  const report = (okSummary: string, name?: string): BigCommercePingReport => {
    const ordered = skipRemaining(steps, ALL_STEPS).sort((a, b) => ALL_STEPS.indexOf(a.step) - ALL_STEPS.indexOf(b.step));
    return { ...buildPingReport(BIGCOMMERCE_SYSTEM, ordered, okSummary, name), storeHash: deps.storeHash, webhooks };
  };
  let lastHeaders: Readonly<Record<string, string>> = {};
  let storeName: string | undefined;
  try {
    const res = await deps.transport.request({ method: 'GET', path: '/v2/store', schema: BC_STORE_INFORMATION });
    lastHeaders = res.headers;
    storeName = res.body.name;
    steps.push(ok('reachable', 'ok', 'The BigCommerce API answered.'), ok('auth', 'ok', 'The access token was accepted.'), ok('company', 'ok', `Store: ${storeName} (${deps.storeHash}).`));
  } catch (e: unknown) {
    const second = e instanceof ConnectorNotFoundError ? await ordersProbe(deps.transport) : e;
    const fatal = second === undefined ? storeInfoMissing(deps.storeHash) : storeFailure(second, deps.storeHash);
    steps.push(...fatal.steps);
    if (fatal.isFatal) return report('');
  }

  const missing: string[] = [];
  const problems: string[] = [];
  const probes: Probe[] = [
    { what: 'orders', scope: 'store_v2_orders_read_only', path: '/v2/orders', schema: BC_ORDER_LIST, query: { limit: 1 } },
    { what: 'customers', scope: 'store_v2_customers_read_only', path: '/v3/customers', schema: BC_CUSTOMER_LIST, query: { limit: 1 } },
    { what: 'webhooks', scope: undefined, path: '/v3/hooks', schema: BC_HOOK_LIST, query: { limit: 1 } },
  ];
  const results = await Promise.all(probes.map((p) => runProbe(deps.transport, p)));
  const orders = results[0]?.body;
  const firstOrderId = Array.isArray(orders) ? (orders[0] as { id?: number } | undefined)?.id : undefined;
  if (firstOrderId !== undefined) {
    results.push(await runProbe(deps.transport, { what: 'transactions', scope: 'store_v2_transactions_read_only', path: `/v3/orders/${firstOrderId}/transactions`, schema: BC_TRANSACTION_LIST }));
  }
  for (const r of results) {
    if (r.headers) lastHeaders = r.headers;
    if (r.missingScope) missing.push(r.missingScope);
    if (r.problem) problems.push(r.problem);
  }
  if (missing.length > 0) {
    steps.push(failed('permissions', 'missing_scope', `The API account lacks these OAuth scopes: ${missing.join(', ')}. Edit the API account (or the app's scopes) in the BigCommerce control panel and paste the new token.`));
  } else if (problems.length > 0) {
    steps.push(failed('permissions', 'probe_failed', problems.join(' ')));
  } else {
    steps.push(ok('permissions', 'ok', 'Orders, customers, transactions and webhooks can be read.'));
  }
  steps.push(rateStep(lastHeaders));
  return report(storeName ? `Connected to ${storeName}.` : `Connected to store ${deps.storeHash}.`, storeName);
}

type ProbeResult = { body?: unknown; headers?: Readonly<Record<string, string>>; missingScope?: string; problem?: string };

async function runProbe(transport: HttpTransport, p: Probe): Promise<ProbeResult> {
  try {
    const res = await transport.request({ method: 'GET', path: p.path, schema: p.schema, query: p.query });
    return { body: res.body, headers: res.headers };
  } catch (e: unknown) {
    if (e instanceof ConnectorAuthError && e.status === 403) {
      return p.scope ? { missingScope: p.scope } : { problem: `BigCommerce refused access to ${p.what} (403) although no OAuth scope is documented for it.` };
    }
    return { problem: `Reading ${p.what} failed: ${e instanceof Error ? e.message : 'unknown error'}.` };
  }
}

/**
 * After a 404 on /v2/store: does the store answer elsewhere? A real store always serves /v2/store, so its 404 means a
 * wrong hash; this second look keeps the diagnosis right behind proxies or simulators without that endpoint.
 * @returns undefined when the store answered (2xx, or 403 = store and token fine), else the error to diagnose
 */
async function ordersProbe(transport: HttpTransport): Promise<unknown> {
  try {
    await transport.request({ method: 'GET', path: '/v2/orders', schema: BC_ORDER_LIST, query: { limit: 1 } });
    return undefined;
  } catch (e: unknown) {
    return e instanceof ConnectorAuthError && e.status === 403 ? undefined : e;
  }
}

function storeInfoMissing(storeHash: string): { steps: PingStep[]; isFatal: boolean } {
  const hint = `Store ${storeHash} answered, but not with its store information (GET /v2/store answered 404), so its name is unknown.`;
  return { steps: [ok('reachable', 'ok', 'The BigCommerce API answered.'), ok('auth', 'ok', 'The access token was accepted.'), ok('company', 'store_information_unavailable', hint)], isFatal: false };
}

function storeFailure(e: unknown, storeHash: string): { steps: PingStep[]; isFatal: boolean } {
  const reached = ok('reachable', 'ok', 'The BigCommerce API answered.');
  if (e instanceof ConnectorTransientError) return { steps: [unreachableStep(e)], isFatal: true };
  if (e instanceof ConnectorAuthError && e.status === 401) {
    return { steps: [reached, failed('auth', 'invalid_token', 'BigCommerce rejected the access token (401). Paste the token of the API account or app install again; it may have been revoked.')], isFatal: true };
  }
  if (e instanceof ConnectorNotFoundError) {
    return { steps: [reached, failed('company', 'store_not_found', `No store answers to hash "${storeHash}" (404). Copy the store hash from the API path (…/stores/{store_hash}/v3/) shown with the API account.`)], isFatal: true };
  }
  if (e instanceof ConnectorAuthError && e.status === 403) {
    return { steps: [reached, ok('auth', 'ok', 'The access token was accepted.'), ok('company', 'name_hidden', `Store ${storeHash} answered; its name needs scope store_v2_information_read_only (optional).`)], isFatal: false };
  }
  if (e instanceof ConnectorRateLimitedError) {
    return { steps: [reached, failed('rate-limit', 'exhausted', `The store's request quota is spent; try again in ${Math.ceil(e.waitMs / 1000)} s.`)], isFatal: true };
  }
  const msg = e instanceof ConnectorError || e instanceof Error ? e.message : 'unknown error';
  return { steps: [reached, failed('company', 'store_info_failed', `Reading the store information failed: ${msg}`)], isFatal: true };
}

function unreachableStep(e: ConnectorTransientError): PingStep {
  const net = networkErrorCode(e.cause);
  if (e.code === 'timeout') return failed('reachable', 'timeout', 'The BigCommerce API did not answer in time. Check the network or try again later.');
  if (e.code === 'server_error') return failed('reachable', 'server_error', `The BigCommerce API answered with a server error (${e.status ?? '5xx'}). Try again later.`);
  if (net === 'ENOTFOUND' || net === 'EAI_AGAIN') return failed('reachable', 'dns_failed', 'The API host name could not be resolved. Check the API URL and the server\'s DNS/network.');
  if (net === 'ECONNREFUSED') return failed('reachable', 'connection_refused', 'The API host refused the connection. Check the API URL, proxy and firewall.');
  return failed('reachable', 'network_error', `The BigCommerce API could not be reached (${net ?? 'network error'}). Check the network, proxy and firewall.`);
}

function rateStep(headers: Readonly<Record<string, string>>): PingStep {
  const view = readBigCommerceRateLimitHeaders(headers);
  if (view.remaining === undefined) return { step: 'rate-limit', status: 'skipped', code: 'not_reported', hint: 'BigCommerce sent no rate-limit headers.' };
  const of = view.limit !== undefined ? ` of ${view.limit}` : '';
  const reset = view.resetMs !== undefined ? `; the window resets in ${Math.ceil(view.resetMs / 1000)} s` : '';
  if (view.remaining === 0) return failed('rate-limit', 'exhausted', `No requests left in this window${reset}. Other apps share the store's quota.`);
  return ok('rate-limit', 'ok', `${view.remaining}${of} requests left in the current window${reset} (shared by every app on the store).`);
}

/**
 * Checks `publicBaseUrl` against BigCommerce's delivery rules: HTTPS, port 443, a public host.
 * Source: https-webhook-overview.mdx ("must be served on port 443; custom ports are not currently supported").
 */
export function webhookReachability(publicBaseUrl: string | undefined): BigCommerceWebhookReachability {
  if (publicBaseUrl === undefined || publicBaseUrl === '') return { status: 'skipped', code: 'no_public_url', hint: 'No public URL configured; webhooks cannot be registered, orders arrive by polling only.' };
  let url: URL;
  try {
    url = new URL(publicBaseUrl);
  } catch {
    return { status: 'warning', code: 'invalid_url', hint: `The public URL "${publicBaseUrl}" is not a valid URL.` };
  }
  if (url.protocol !== 'https:') return { status: 'warning', code: 'not_https', hint: 'BigCommerce only delivers webhooks over HTTPS; put the public URL behind TLS on port 443.' };
  if (url.port !== '' && url.port !== '443') return { status: 'warning', code: 'not_port_443', hint: `BigCommerce only delivers webhooks to port 443, not ${url.port}; expose the webhook endpoint on 443.` };
  if (/^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[::1\]|0\.0\.0\.0)/.test(url.hostname) || url.hostname.endsWith('.local')) {
    return { status: 'warning', code: 'private_host', hint: `BigCommerce cannot reach ${url.hostname} from the internet; use a public host name.` };
  }
  return { status: 'ok', code: 'ok', hint: `Webhooks can be delivered to ${url.origin}.` };
}
