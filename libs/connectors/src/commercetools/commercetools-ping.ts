/**
 * Ping for one commercetools project, step by step (never throws):
 * 1. auth — a token from `POST {authUrl}/oauth/token` for the requested scopes (raml/oauth.raml). `invalid_client`:
 *    client id/secret wrong. `invalid_scope`: a requested scope is not granted to the API client; one more token
 *    request without `scope` then learns the scopes the client has, so the missing ones are named.
 * 2. reachable — the auth API answered, and the HTTP API answered `GET /{projectKey}`.
 * 3. tenant — `GET /{projectKey}` (view_project_settings) returns the project; 404: no such project key.
 * 4. permissions — the token's granted scopes (`TokenResponse.scope`) cover the needed ones
 *    (commercetools-credentials.ts); each missing scope is listed by name.
 * 5. webhooks — the change feed: `Project.messages.enabled` and `deleteDaysAfterCreation` (`MessagesConfiguration`).
 *    Disabled is a warning: commercetools has no HTTP webhooks (Subscriptions deliver to queues only), and deltas are
 *    still found by polling `lastModifiedAt`.
 * 6. company — stores: `GET /{projectKey}/stores` (view_stores), or for store-limited connections
 *    `GET /{projectKey}/stores/key={storeKey}` per configured key; a missing key fails the step.
 */
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
import type { CommercetoolsTokenProvider } from './commercetools-auth';
import { missingCommercetoolsScopes } from './commercetools-credentials';
import { COMMERCETOOLS_SYSTEM } from './commercetools-errors';
import type { CommercetoolsHttp } from './resources/commercetools-http';
import { CommercetoolsProjectClient, CommercetoolsStoreClient } from './resources/project.clients';
import type { CommercetoolsProject, CommercetoolsStore } from './schemas/project.schema';

const ALL_STEPS: readonly PingStepName[] = ['reachable', 'auth', 'tenant', 'permissions', 'webhooks', 'company'];

/** The ping report with what was found along the way. */
export type CommercetoolsPingReport = PingReport & {
  projectKey: string;
  /** The project when it was read. */
  project: { key: string; name: string; currencies: string[]; countries: string[]; languages: string[] } | undefined;
  /** Scopes asked for in the token request. */
  requestedScopes: string[];
  /** Scopes the auth API granted (`TokenResponse.scope`); undefined when no token was obtained or it did not say. */
  grantedScopes: string[] | undefined;
  /** Needed scopes not granted, complete (`view_orders:my-project`); empty when all are there or unknown. */
  missingScopes: string[];
  /** `Project.messages`; undefined when the project was not read. */
  messages: { enabled: boolean; deleteDaysAfterCreation: number | undefined } | undefined;
  /** Stores seen (all of the project's, or the configured ones that exist). */
  stores: { key: string; name: string | undefined }[];
  /** Configured store keys that do not exist. */
  missingStoreKeys: string[];
};

/** What ping needs from the client. */
export type CommercetoolsPingDeps = {
  http: CommercetoolsHttp;
  auth: CommercetoolsTokenProvider;
  settings: { projectKey: string; authUrl: string; apiUrl: string; storeKeys: readonly string[]; neededScopes: readonly string[] };
};

const step = (s: PingStepName, status: PingStep['status'], code: string, hint: string): PingStep => ({ step: s, status, code, hint });

/** Runs the checks of the file header. */
export async function pingCommercetools(deps: CommercetoolsPingDeps): Promise<CommercetoolsPingReport> {
  const { settings } = deps;
  const steps: PingStep[] = [];
  const found: Omit<CommercetoolsPingReport, keyof PingReport | 'projectKey' | 'requestedScopes'> = { project: undefined, grantedScopes: undefined, missingScopes: [], messages: undefined, stores: [], missingStoreKeys: [] };
  const report = (okSummary: string): CommercetoolsPingReport => {
    const ordered = skipRemaining(steps, ALL_STEPS).sort((a, b) => ALL_STEPS.indexOf(a.step) - ALL_STEPS.indexOf(b.step));
    return { ...buildPingReport(COMMERCETOOLS_SYSTEM, ordered, okSummary, found.project?.name), projectKey: settings.projectKey, requestedScopes: [...deps.auth.requestedScopes], ...found };
  };

  // 1. token
  try {
    const token = await deps.auth.token();
    found.grantedScopes = token.scopes;
    steps.push(step('auth', 'ok', 'token_obtained', `The API client was given a token by ${settings.authUrl}.`));
  } catch (e: unknown) {
    steps.push(...(await tokenFailure(e, deps, found)));
    return report('');
  }

  // 2./3. project
  let project: CommercetoolsProject | undefined;
  try {
    project = await new CommercetoolsProjectClient(deps.http).get();
    steps.push(step('reachable', 'ok', 'ok', `commercetools answered at ${settings.apiUrl}.`));
    steps.push(step('tenant', 'ok', 'project_found', `Project "${project.key}" (${project.name}).`));
    found.project = { key: project.key, name: project.name, currencies: project.currencies, countries: project.countries, languages: project.languages };
    found.messages = { enabled: project.messages.enabled, deleteDaysAfterCreation: project.messages.deleteDaysAfterCreation };
  } catch (e: unknown) {
    const s = projectFailure(e, settings);
    for (const x of s) steps.splice(0, steps.length, ...steps.filter((y) => y.step !== x.step), x);
    if (s.some((x) => x.status === 'failed')) return report('');
  }

  // 4. scopes
  steps.push(scopeStep(found.grantedScopes, settings.neededScopes, found));

  // 5. messages
  if (found.messages) {
    const days = found.messages.deleteDaysAfterCreation;
    steps.push(
      found.messages.enabled
        ? step('webhooks', 'ok', 'messages_enabled', `Messages are enabled${days === undefined ? '' : ` and kept ${days} days`}: the change feed can be read.`)
        : step('webhooks', 'warning', 'messages_disabled', 'Messages are disabled in the project settings (Merchant Center > Settings > Project settings > Change history). Changes are found by polling lastModifiedAt only.'),
    );
  } else {
    steps.push(step('webhooks', 'warning', 'messages_unknown', 'Whether Messages are enabled could not be checked (the project could not be read).'));
  }

  // 6. stores
  steps.push(await storeStep(deps, found));

  const storesText = settings.storeKeys.length > 0 ? `, stores ${settings.storeKeys.join(', ')}` : '';
  return report(`Connected to commercetools project ${project ? `"${project.name}"` : settings.projectKey}${storesText}.`);
}

async function tokenFailure(e: unknown, deps: CommercetoolsPingDeps, found: { grantedScopes: string[] | undefined; missingScopes: string[] }): Promise<PingStep[]> {
  const { settings } = deps;
  if (e instanceof ConnectorTransientError) return [unreachable(e, `the auth API at ${settings.authUrl}`)];
  const reached = step('reachable', 'ok', 'ok', `The auth API answered at ${settings.authUrl}.`);
  if (e instanceof ConnectorAuthError && e.oauthError === 'invalid_scope') {
    try {
      const probe = await deps.auth.probe();
      found.grantedScopes = probe.scopes;
      found.missingScopes = missingCommercetoolsScopes(deps.auth.requestedScopes, probe.scopes ?? []);
      const missing = found.missingScopes.length > 0 ? found.missingScopes.join(', ') : 'some of the requested scopes';
      return [reached, step('auth', 'ok', 'credentials_accepted', 'The client id and secret are valid.'), step('permissions', 'failed', 'missing_scopes', `The API client lacks ${missing}. Create an API client with these scopes (Merchant Center > Settings > Developer settings).`)];
    } catch {
      /* fall through to the plain rejection */
    }
  }
  if (e instanceof ConnectorAuthError) {
    const code = e.oauthError ?? 'token_rejected';
    const hint = code === 'invalid_client' ? 'The client id or secret is wrong, or the API client was deleted. Paste them again from the API client you created.' : `The auth API refused the token request (${e.providerMessage ?? code}).`;
    return [reached, step('auth', 'failed', code, hint)];
  }
  return [reached, step('auth', 'failed', 'token_failed', `The token request failed: ${e instanceof Error ? e.message : 'unknown error'}`)];
}

function projectFailure(e: unknown, settings: CommercetoolsPingDeps['settings']): PingStep[] {
  const reached = step('reachable', 'ok', 'ok', `commercetools answered at ${settings.apiUrl}.`);
  if (e instanceof ConnectorTransientError) return [unreachable(e, `the HTTP API at ${settings.apiUrl}`)];
  if (e instanceof ConnectorNotFoundError) return [reached, step('tenant', 'failed', 'project_not_found', `No project has the key "${settings.projectKey}" in this region. Check the project key and region.`)];
  if (e instanceof ConnectorAuthError && e.code === 'forbidden') {
    return [reached, step('tenant', 'warning', 'cannot_read_project', `The project settings could not be read (${e.providerMessage ?? '403'}); grant view_project_settings:${settings.projectKey}.`)];
  }
  if (e instanceof ConnectorAuthError) return [reached, step('auth', 'failed', 'token_rejected', `The HTTP API rejected the token (${e.providerMessage ?? e.message}).`)];
  const msg = e instanceof ConnectorError || e instanceof Error ? e.message : 'unknown error';
  return [reached, step('tenant', 'failed', 'probe_failed', `Reading the project failed: ${msg}`)];
}

function scopeStep(granted: string[] | undefined, needed: readonly string[], found: { missingScopes: string[] }): PingStep {
  if (granted === undefined) return step('permissions', 'warning', 'scopes_unknown', 'The auth API did not say which scopes it granted.');
  found.missingScopes = missingCommercetoolsScopes(needed, granted);
  if (found.missingScopes.length > 0) return step('permissions', 'failed', 'missing_scopes', `The API client lacks ${found.missingScopes.join(', ')}. Add these scopes to the API client (Merchant Center > Settings > Developer settings).`);
  return step('permissions', 'ok', 'scopes_granted', `All ${needed.length} needed scopes are granted.`);
}

async function storeStep(deps: CommercetoolsPingDeps, found: { stores: { key: string; name: string | undefined }[]; missingStoreKeys: string[] }): Promise<PingStep> {
  const stores = new CommercetoolsStoreClient(deps.http);
  const keys = deps.settings.storeKeys;
  const view = (s: CommercetoolsStore): { key: string; name: string | undefined } => ({ key: s.key, name: s.name ? Object.values(s.name)[0] : undefined });
  try {
    if (keys.length === 0) {
      found.stores = (await stores.list()).map(view);
      return step('company', 'ok', 'stores_visible', found.stores.length > 0 ? `Stores: ${found.stores.map((s) => s.key).join(', ')}.` : 'The project has no stores: orders and customers are read project-wide.');
    }
    for (const key of keys) {
      try {
        found.stores.push(view(await stores.getByKey(key)));
      } catch (e: unknown) {
        if (!(e instanceof ConnectorNotFoundError)) throw e;
        found.missingStoreKeys.push(key);
      }
    }
  } catch (e: unknown) {
    if (e instanceof ConnectorAuthError && e.code === 'forbidden') return step('company', 'warning', 'cannot_list_stores', `The stores could not be read (${e.providerMessage ?? '403'}); grant view_stores to verify them.`);
    return step('company', 'warning', 'stores_unknown', `The stores could not be checked: ${e instanceof Error ? e.message : 'unknown error'}`);
  }
  if (found.missingStoreKeys.length > 0) return step('company', 'failed', 'store_missing', `No store has the key ${found.missingStoreKeys.map((k) => `"${k}"`).join(', ')}. Check the store keys of the connection.`);
  return step('company', 'ok', 'stores_found', `Orders and customers are read in ${keys.join(', ')}.`);
}

function unreachable(e: ConnectorTransientError, what: string): PingStep {
  const net = networkErrorCode(e.cause);
  if (e.code === 'timeout') return step('reachable', 'failed', 'timeout', `${capitalise(what)} did not answer in time. Try again later.`);
  if (e.code === 'server_error') return step('reachable', 'failed', 'server_error', `${capitalise(what)} answered with a server error (${e.status ?? '5xx'}). Try again later.`);
  if (net === 'ENOTFOUND' || net === 'EAI_AGAIN') return step('reachable', 'failed', 'dns_failed', `The host of ${what} could not be resolved. Check the region.`);
  if (net === 'ECONNREFUSED') return step('reachable', 'failed', 'connection_refused', `${capitalise(what)} refused the connection.`);
  return step('reachable', 'failed', 'network_error', `${capitalise(what)} could not be reached (${net ?? 'network error'}).`);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
