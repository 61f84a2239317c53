/**
 * Ping for Visma.net ERP: a step-by-step diagnosis a finance admin can act on.
 * 1. Token from Visma Connect (https://docs.vismasoftware.no/vismanetapi/authentication): unreachable host, wrong
 *    client secret (`invalid_client`, RFC 6749 §5.2), tenant not approved / wrong tenant (`invalid_tenant`,
 *    `unauthorized_client`, `invalid_grant`), scope not allowed (`invalid_scope`).
 * 2. Company info: GET /v1/organization (`ExtendedOrganizationDto.name`), falling back to GET /v1/branch (the main
 *    branch's `name`, "the name of the company" in the spec) when the organisation endpoint is missing (404).
 *    401 with a valid token means the tenant is not an ERP company (…/how-tos/fix401error/); 403 with
 *    `insufficient_scope` (RFC 6750 §3.1) means a missing scope; any other 403 means the company id does not match.
 * 3. Permissions: the granted `scope` of the token (RFC 6749 §5.1) against the scopes the connector needs.
 * 4. Rate limit: `X-RateLimit-Remaining`/`-Limit`/`-Reset` of that call (…/api-reference/rate-limits/).
 */
import { z } from 'zod';
import {
  buildPingReport,
  ConnectorAuthError,
  ConnectorNotFoundError,
  ConnectorRateLimitedError,
  ConnectorTransientError,
  networkErrorCode,
  skipRemaining,
  type HttpTransport,
  type OAuth2ClientCredentialsProvider,
  type PingReport,
  type PingStep,
  type PingStepName,
  type TransportResponse,
} from '../core';
import { VISMA_BRANCH, VISMA_ORGANIZATION } from './schemas/reference-data.schema';
import { VISMA_SYSTEM } from './visma-errors';
import { readVismaRateLimitHeaders } from './visma-http';

const ALL_STEPS: readonly PingStepName[] = ['reachable', 'auth', 'tenant', 'company', 'permissions', 'rate-limit'];
const TENANT_CODES = new Set(['invalid_tenant', 'unauthorized_client', 'invalid_grant', 'access_denied']);

export type VismaPingDeps = {
  auth: OAuth2ClientCredentialsProvider;
  transport: HttpTransport;
  companyId: string;
  requiredScopes: readonly string[];
};

const ok = (step: PingStepName, code: string, hint: string): PingStep => ({ step, status: 'ok', code, hint });
const failed = (step: PingStepName, code: string, hint: string): PingStep => ({ step, status: 'failed', code, hint });

/** Runs the checks in the file header; never throws. */
export async function pingVisma(deps: VismaPingDeps): Promise<PingReport> {
  const steps: PingStep[] = [];
  const ordered = (list: PingStep[]): PingStep[] => [...list].sort((a, b) => ALL_STEPS.indexOf(a.step) - ALL_STEPS.indexOf(b.step));
  const done = (): PingReport => buildPingReport(VISMA_SYSTEM, ordered(skipRemaining(steps, ALL_STEPS)), '');

  try {
    await deps.auth.apply({});
  } catch (e: unknown) {
    steps.push(...tokenFailure(e));
    return done();
  }
  steps.push(ok('auth', 'token_issued', 'Visma Connect accepted the client id and secret.'));

  let res: TransportResponse<{ name: string | undefined }>;
  try {
    res = await companyInfo(deps.transport);
  } catch (e: unknown) {
    if (!(e instanceof ConnectorTransientError)) steps.push(ok('reachable', 'ok', 'The Visma.net ERP API answered.'));
    steps.push(...companyFailure(e, deps.companyId));
    return done();
  }
  const name = res.body.name;
  steps.push(ok('reachable', 'ok', 'The Visma.net ERP API answered.'));
  steps.push(ok('tenant', 'ok', 'The tenant is a Visma.net ERP company that approved this integration.'));
  steps.push(ok('company', 'ok', name ? `Company: ${name}.` : `Company ${deps.companyId} answered (it reported no name).`));
  steps.push(permissionsStep(deps));
  steps.push(rateStep(res.headers));
  return buildPingReport(VISMA_SYSTEM, ordered(steps), `Connected to ${name ?? `company ${deps.companyId}`}.`, name);
}

async function companyInfo(transport: HttpTransport): Promise<TransportResponse<{ name: string | undefined }>> {
  try {
    const res = await transport.request({ method: 'GET', path: '/v1/organization', schema: z.array(VISMA_ORGANIZATION) });
    return { ...res, body: { name: res.body[0]?.name ?? undefined } };
  } catch (e: unknown) {
    if (!(e instanceof ConnectorNotFoundError)) throw e;
  }
  const res = await transport.request({ method: 'GET', path: '/v1/branch', schema: z.array(VISMA_BRANCH) });
  const main = res.body.find((b) => b.isMainBranch) ?? res.body[0];
  return { ...res, body: { name: main?.name ?? undefined } };
}

function unreachableStep(e: ConnectorTransientError, what: string): PingStep {
  const net = networkErrorCode(e.cause);
  if (e.code === 'timeout') return failed('reachable', 'timeout', `${what} did not answer in time. Check the network or try again later.`);
  if (e.code === 'server_error') return failed('reachable', 'server_error', `${what} answered with a server error (${e.status ?? '5xx'}). Try again later.`);
  if (net === 'ENOTFOUND' || net === 'EAI_AGAIN') return failed('reachable', 'dns_failed', `${what}: the host name could not be resolved. Check the URL and the server's DNS/network.`);
  if (net === 'ECONNREFUSED') return failed('reachable', 'connection_refused', `${what} refused the connection. Check the URL, proxy and firewall.`);
  return failed('reachable', 'network_error', `${what} could not be reached (${net ?? 'network error'}). Check the network, proxy and firewall.`);
}

function tokenFailure(e: unknown): PingStep[] {
  if (e instanceof ConnectorTransientError) return [unreachableStep(e, 'Visma Connect (token service)')];
  const reached = ok('reachable', 'ok', 'Visma Connect answered.');
  if (!(e instanceof ConnectorAuthError)) return [reached, failed('auth', 'unexpected', 'Visma Connect gave an unexpected answer to the token request.')];
  const code = e.oauthError ?? 'auth_failed';
  if (code === 'invalid_client') {
    return [reached, failed('auth', code, 'Visma rejected the client id or client secret. Copy the secret again from the Visma Developer Portal.')];
  }
  const authOk = ok('auth', 'ok', 'The client id and secret were accepted.');
  if (TENANT_CODES.has(code)) {
    return [reached, authOk, failed('tenant', 'tenant_not_approved', 'This company (tenant id) has not approved the integration, or the tenant id is wrong. Ask the company administrator to approve the app in Visma, and check the tenant id in Visma Admin.')];
  }
  if (code === 'invalid_scope') {
    return [reached, authOk, failed('permissions', 'missing_scope', 'The app is not allowed the API scopes it asks for. Add the Visma.net ERP scopes to the app in the Visma Developer Portal.')];
  }
  return [reached, failed('auth', code, `Visma Connect refused the token request (${code}).`)];
}

function companyFailure(e: unknown, companyId: string): PingStep[] {
  if (e instanceof ConnectorTransientError) return [unreachableStep(e, 'The Visma.net ERP API')];
  if (e instanceof ConnectorRateLimitedError) {
    return [failed('rate-limit', 'rate_limited', `The hourly call limit for this company is used up; it resets in about ${Math.ceil(e.waitMs / 60_000)} min.`)];
  }
  if (e instanceof ConnectorAuthError && e.status === 401) {
    return [failed('tenant', 'not_an_erp_company', 'The token is valid but the API refuses it: the tenant id is probably the customer tenant, not the company tenant. Use the Company Tenant ID from Visma Admin.')];
  }
  if (e instanceof ConnectorAuthError && e.oauthError === 'insufficient_scope') {
    return [ok('tenant', 'ok', 'The tenant is a Visma.net ERP company.'), failed('permissions', 'missing_scope', 'The token lacks a scope this call needs. Add the Visma.net ERP scopes to the app in the Visma Developer Portal.')];
  }
  if (e instanceof ConnectorAuthError && e.status === 403) {
    return [ok('tenant', 'ok', 'The tenant is a Visma.net ERP company.'), failed('company', 'company_mismatch', `Company id ${companyId} does not belong to this tenant. Check the company id in the connection settings.`)];
  }
  const msg = e instanceof Error ? e.message : 'unknown error';
  return [failed('company', 'company_info_failed', `Reading the company's details failed: ${msg}`)];
}

function permissionsStep(deps: VismaPingDeps): PingStep {
  const granted = deps.auth.grantedScopes();
  if (granted === undefined) return { step: 'permissions', status: 'skipped', code: 'not_reported', hint: 'Visma did not report the granted scopes; reading works.' };
  const missing = deps.requiredScopes.filter((s) => !granted.includes(s));
  if (missing.length > 0) return failed('permissions', 'missing_scope', `The app lacks these scopes: ${missing.join(', ')}. Add them in the Visma Developer Portal.`);
  return ok('permissions', 'ok', 'All needed scopes are granted.');
}

function rateStep(headers: Readonly<Record<string, string>>): PingStep {
  const view = readVismaRateLimitHeaders(headers, 0);
  if (view.remaining === undefined) return { step: 'rate-limit', status: 'skipped', code: 'not_reported', hint: 'Visma sent no rate-limit headers.' };
  const of = view.limit !== undefined ? ` of ${view.limit}` : '';
  if (view.remaining === 0) return failed('rate-limit', 'exhausted', `No calls left this hour; the window resets in ${Math.ceil((view.resetMs ?? 0) / 1000)} s.`);
  return ok('rate-limit', 'ok', `${view.remaining}${of} calls left in the current window.`);
}
