/**
 * Ping for one Adobe Commerce store, step by step (never throws):
 * 1. reachable — `GET /V1/store/storeViews` answers; 404 `Request does not match any route.` means no Commerce REST
 *    API at the base URL (wrong host, store code segment or tenant id).
 * 2. auth — which flavour (OAuth 1.0a integration, integration token as bearer, IMS server-to-server) and whether it
 *    was accepted. A 401 naming an ACL resource (`The consumer isn't authorized to access %resources.`) proves the
 *    credentials were accepted and only a permission is missing.
 * 3. company — the configured store view code is among `/V1/store/storeViews` (`all` is the global scope).
 * 4. permissions — a `pageSize=1` search of orders, invoices, credit memos, customers and products; each missing ACL
 *    resource is reported by name.
 * 5. webhooks — `GET /V1/modules` lists `Magento_AdobeCommerceWebhooks`, or `GET /V1/webhooks/list` answers; else
 *    a warning (changes arrive by polling only).
 * 6. company (catalog) — the product attributes `visma_last_supplier_invoice`, `visma_last_purchase_order`,
 *    `visma_last_supplier_invoice_date` exist; a missing one is a warning ("created on first use").
 */
import { z } from 'zod';
import {
  buildPingReport,
  ConnectorAuthError,
  ConnectorError,
  ConnectorNotFoundError,
  ConnectorTransientError,
  networkErrorCode,
  skipRemaining,
  type PingReport,
  type PingStep,
  type PingStepName,
} from '../core';
import type { AdobeCommerceAuthFlavour } from './adobe-commerce-auth';
import { ADOBE_COMMERCE_SYSTEM, AdobeCommerceAclError } from './adobe-commerce-errors';
import type { AdobeCommerceHttp } from './resources/adobe-commerce-resource';
import { VISMA_PRODUCT_ATTRIBUTES } from './resources/catalog.clients';
import { ADOBE_COMMERCE_MODULES, ADOBE_COMMERCE_PRODUCT_ATTRIBUTE, ADOBE_COMMERCE_STORE_VIEWS, ADOBE_COMMERCE_WEBHOOK_LIST, type AdobeCommerceStoreView } from './schemas/catalog.schema';
import { searchCriteriaQuery } from './search-criteria';

const ALL_STEPS: readonly PingStepName[] = ['reachable', 'auth', 'company', 'permissions', 'webhooks'];
const PROBE = z.object({ total_count: z.number().int() }).passthrough();
const FLAVOUR_LABEL: Record<AdobeCommerceAuthFlavour, string> = { oauth1: 'OAuth 1.0a integration', bearer: 'integration access token (bearer)', ims: 'Adobe IMS server-to-server' };

/** What the permission probes read, with the ACL resource each needs (Magento_Sales/Customer/Catalog webapi.xml). */
export const ADOBE_COMMERCE_PERMISSION_PROBES = [
  { entity: 'orders', path: '/V1/orders', acl: 'Magento_Sales::actions_view' },
  { entity: 'invoices', path: '/V1/invoices', acl: 'Magento_Sales::sales_invoice' },
  { entity: 'credit memos', path: '/V1/creditmemos', acl: 'Magento_Sales::sales_creditmemo' },
  { entity: 'customers', path: '/V1/customers/search', acl: 'Magento_Customer::customer' },
  { entity: 'products', path: '/V1/products', acl: 'Magento_Catalog::products' },
] as const;

export const ADOBE_COMMERCE_WEBHOOKS_MODULE = 'Magento_AdobeCommerceWebhooks';

export type AdobeCommercePingReport = PingReport & {
  flavour: 'paas' | 'saas';
  authFlavour: AdobeCommerceAuthFlavour;
  storeCode: string;
  storeView: AdobeCommerceStoreView | undefined;
  /** ACL resources the credentials lack (empty when all probes passed or were not run). */
  missingAclResources: string[];
  /** Undefined when not checked. */
  hasWebhookModule: boolean | undefined;
  /** Our product attributes that do not exist yet. */
  missingProductAttributes: string[];
};

export type AdobeCommercePingDeps = { http: AdobeCommerceHttp; flavour: 'paas' | 'saas'; authFlavour: AdobeCommerceAuthFlavour; storeCode: string; baseUrl: string };

const step = (s: PingStepName, status: PingStep['status'], code: string, hint: string): PingStep => ({ step: s, status, code, hint });

/** Runs the checks of the file header. */
export async function pingAdobeCommerce(deps: AdobeCommercePingDeps): Promise<AdobeCommercePingReport> {
  const steps: PingStep[] = [];
  const found: Pick<AdobeCommercePingReport, 'storeView' | 'missingAclResources' | 'hasWebhookModule' | 'missingProductAttributes'> = { storeView: undefined, missingAclResources: [], hasWebhookModule: undefined, missingProductAttributes: [] };
  const report = (okSummary: string): AdobeCommercePingReport => {
    const ordered = skipRemaining(steps, ALL_STEPS).sort((a, b) => ALL_STEPS.indexOf(a.step) - ALL_STEPS.indexOf(b.step));
    return { ...buildPingReport(ADOBE_COMMERCE_SYSTEM, ordered, okSummary, found.storeView?.name), flavour: deps.flavour, authFlavour: deps.authFlavour, storeCode: deps.storeCode, ...found };
  };
  const label = FLAVOUR_LABEL[deps.authFlavour];
  const authOk = step('auth', 'ok', deps.authFlavour, `The ${label} credentials were accepted.`);
  const reached = step('reachable', 'ok', 'ok', `Adobe Commerce answered at ${deps.baseUrl}.`);

  let views: AdobeCommerceStoreView[] | undefined;
  try {
    views = await deps.http.call('store', { method: 'GET', path: '/V1/store/storeViews', schema: ADOBE_COMMERCE_STORE_VIEWS });
    steps.push(reached, authOk);
  } catch (e: unknown) {
    if (e instanceof AdobeCommerceAclError) {
      found.missingAclResources.push(...e.missingAclResources);
      steps.push(reached, authOk, step('company', 'warning', 'cannot_list_store_views', `The store view "${deps.storeCode}" could not be checked: the integration lacks ${e.missingAclResources.join(', ')} (Stores > Settings > All Stores).`));
    } else {
      steps.push(...firstFailure(e, deps, reached));
      return report('');
    }
  }
  if (views) {
    const view = views.find((v) => v.code === deps.storeCode);
    found.storeView = view;
    if (view || deps.storeCode === 'all') steps.push(step('company', 'ok', 'store_view_found', view ? `Store view "${view.code}" (${view.name}, id ${view.id}).` : 'Global scope ("all").'));
    else steps.push(step('company', 'failed', 'store_view_missing', `No store view has the code "${deps.storeCode}" (known: ${views.map((v) => v.code).join(', ') || 'none'}).`));
  }

  steps.push(await permissionsStep(deps.http, found.missingAclResources));
  const hooks = await webhookStep(deps.http);
  found.hasWebhookModule = hooks.present;
  steps.push(hooks.step);
  const attrs = await attributeStep(deps.http);
  found.missingProductAttributes = attrs.missing;
  steps.push(attrs.step);
  return report(`Connected to Adobe Commerce (${deps.flavour === 'saas' ? 'Cloud Service' : 'PaaS'}) with ${label}${found.storeView ? `, store view ${found.storeView.name}` : ''}.`);
}

function firstFailure(e: unknown, deps: AdobeCommercePingDeps, reached: PingStep): PingStep[] {
  const msg = e instanceof Error ? e.message : 'unknown error';
  const provider = e instanceof ConnectorError ? e.providerMessage : undefined;
  if (e instanceof ConnectorTransientError && /token endpoint/.test(msg)) {
    return [step('auth', 'failed', 'ims_unreachable', `The Adobe IMS token endpoint could not be reached (${msg}). Try again later.`)];
  }
  if (e instanceof ConnectorTransientError) return [unreachable(e)];
  if (e instanceof ConnectorNotFoundError) {
    return [step('reachable', 'failed', 'not_commerce', `No Adobe Commerce REST API answers at ${deps.baseUrl} (${provider ?? '404'}). Check the ${deps.flavour === 'saas' ? 'region and tenant id' : 'host and store code'}.`)];
  }
  if (e instanceof ConnectorAuthError) {
    if (e.oauthError !== undefined || /token endpoint/.test(msg)) {
      return [step('auth', 'failed', 'ims_token_rejected', `Adobe IMS refused the client credentials (${e.oauthError ?? msg}). Check client id, client secret and that the credential has the Commerce product profile.`)];
    }
    const hint: Record<AdobeCommerceAuthFlavour, string> = {
      oauth1: 'Paste the consumer key/secret and access token/secret of the integration again, make sure the integration is active, and check the server clock (OAuth timestamps).',
      bearer: 'Commerce did not accept the integration token as a bearer token. Enable Stores > Configuration > Services > OAuth > Consumer Settings > "Allow OAuth Access Tokens to be used as standalone Bearer tokens", or use the four OAuth 1.0a credentials.',
      ims: 'Commerce rejected the IMS token. Check the IMS organisation id and that the technical account has a Commerce admin role.',
    };
    return [reached, step('auth', 'failed', 'credentials_rejected', `${provider ?? msg}. ${hint[deps.authFlavour]}`)];
  }
  return [reached, step('auth', 'failed', 'probe_failed', `Reading the store views failed: ${msg}`)];
}

async function permissionsStep(http: AdobeCommerceHttp, missing: string[]): Promise<PingStep> {
  const query = searchCriteriaQuery({ pageSize: 1, currentPage: 1 });
  const problems: string[] = [];
  for (const probe of ADOBE_COMMERCE_PERMISSION_PROBES) {
    try {
      await http.call('store', { method: 'GET', path: probe.path, schema: PROBE, query });
    } catch (e: unknown) {
      if (e instanceof AdobeCommerceAclError) missing.push(...e.missingAclResources);
      else if (e instanceof ConnectorAuthError) missing.push(probe.acl);
      else problems.push(`${probe.entity}: ${e instanceof Error ? e.message : 'unknown error'}`);
    }
  }
  const names = [...new Set(missing)];
  missing.splice(0, missing.length, ...names);
  if (names.length > 0) return step('permissions', 'failed', 'missing_acl', `The integration lacks these API resources: ${names.join(', ')}. Grant them under System > Extensions > Integrations (PaaS) or the IMS user role (SaaS).`);
  if (problems.length > 0) return step('permissions', 'warning', 'probe_failed', `Some permission checks failed: ${problems.join('; ')}`);
  return step('permissions', 'ok', 'ok', 'Orders, invoices, credit memos, customers and products can be read.');
}

async function webhookStep(http: AdobeCommerceHttp): Promise<{ present: boolean | undefined; step: PingStep }> {
  try {
    const modules = await http.call('store', { method: 'GET', path: '/V1/modules', schema: ADOBE_COMMERCE_MODULES });
    if (modules.includes(ADOBE_COMMERCE_WEBHOOKS_MODULE)) return { present: true, step: step('webhooks', 'ok', 'module_present', 'The Adobe Commerce Webhooks module is installed: changes arrive at once.') };
  } catch {
    /* fall through to the list probe */
  }
  try {
    await http.call('all', { method: 'GET', path: '/V1/webhooks/list', schema: ADOBE_COMMERCE_WEBHOOK_LIST });
    return { present: true, step: step('webhooks', 'ok', 'webhooks_list_answered', 'The Adobe Commerce Webhooks API answers: changes arrive at once.') };
  } catch (e: unknown) {
    if (e instanceof AdobeCommerceAclError) return { present: undefined, step: step('webhooks', 'warning', 'webhooks_acl_missing', `Webhooks cannot be managed: the integration lacks ${e.missingAclResources.join(', ')}. Changes arrive by polling.`) };
    return { present: false, step: step('webhooks', 'warning', 'module_missing', `The ${ADOBE_COMMERCE_WEBHOOKS_MODULE} module is not installed: changes arrive by polling only.`) };
  }
}

async function attributeStep(http: AdobeCommerceHttp): Promise<{ missing: string[]; step: PingStep }> {
  const missing: string[] = [];
  const problems: string[] = [];
  for (const a of VISMA_PRODUCT_ATTRIBUTES) {
    try {
      await http.call('store', { method: 'GET', path: `/V1/products/attributes/${encodeURIComponent(a.code)}`, schema: ADOBE_COMMERCE_PRODUCT_ATTRIBUTE });
    } catch (e: unknown) {
      if (e instanceof ConnectorNotFoundError) missing.push(a.code);
      else problems.push(`${a.code}: ${e instanceof Error ? e.message : 'unknown error'}`);
    }
  }
  if (missing.length > 0) return { missing, step: step('company', 'warning', 'product_attributes_missing', `Product attributes ${missing.join(', ')} do not exist yet: created on first use.`) };
  if (problems.length > 0) return { missing, step: step('company', 'warning', 'product_attributes_unknown', `Product attributes could not be checked: ${problems.join('; ')}`) };
  return { missing, step: step('company', 'ok', 'product_attributes_present', 'The Visma product attributes exist.') };
}

function unreachable(e: ConnectorTransientError): PingStep {
  const net = networkErrorCode(e.cause);
  if (e.code === 'timeout') return step('reachable', 'failed', 'timeout', 'Adobe Commerce did not answer in time. Check the address or try again later.');
  if (e.code === 'server_error') return step('reachable', 'failed', 'server_error', `Adobe Commerce answered with a server error (${e.status ?? '5xx'}). Try again later.`);
  if (net === 'ENOTFOUND' || net === 'EAI_AGAIN') return step('reachable', 'failed', 'dns_failed', "The store's host name could not be resolved. Check the address.");
  if (net === 'ECONNREFUSED') return step('reachable', 'failed', 'connection_refused', 'The store refused the connection. Check the address and port.');
  return step('reachable', 'failed', 'network_error', `The store could not be reached (${net ?? 'network error'}).`);
}
