import { SandboxHttpError, type SandboxRequest, type SandboxResponse } from '../core';
import { VISMA_SCOPES } from './visma-demo.constants';
import type { VismaTokenSigner } from './visma-jwt.util';
import type { VismaClientSeed } from './visma-seed.types';

/** RFC 6749 §5.1 successful token response. */
export type VismaTokenResponse = { access_token: string; token_type: 'Bearer'; expires_in: number; scope: string };

/** RFC 6749 §5.2 error codes, plus Visma Connect's `invalid_tenant`. */
export type VismaTokenErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_tenant';

export type VismaTokenEndpointDeps = {
  signer: VismaTokenSigner;
  clients: readonly VismaClientSeed[];
  /** Tenants Visma Connect knows: ERP companies plus customer tenants. */
  knownTenants: ReadonlySet<string>;
  tokenTtlSeconds: number;
};

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

function tokenError(status: number, error: VismaTokenErrorCode, description: string, headers: Record<string, string> = {}): SandboxHttpError {
  return new SandboxHttpError(status, { error, error_description: description }, { ...NO_STORE, ...headers });
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
  const dec = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
  return { id: dec(decoded.slice(0, colon)), secret: dec(decoded.slice(colon + 1)) };
}

/**
 * `POST /connect/token` of Visma Connect (client credentials only).
 * Request: form-encoded `grant_type=client_credentials`, `client_id`, `client_secret` (or HTTP Basic),
 * `scope` (space-separated, optional: all allowed scopes), `tenant_id` (required: selects the company).
 * Answers RFC 6749 §5.1 `{access_token, token_type, expires_in, scope}`; errors RFC 6749 §5.2:
 * `invalid_request` (400), `unsupported_grant_type` (400), `invalid_client` (401), `invalid_scope` (400),
 * `invalid_tenant` (400) when the tenant is unknown or has not approved the client — the code Visma Connect
 * returns per the Invantive forum thread "Invalid_tenant on registration Visma.net database using Visma Connect"
 * (third-party, not official docs). Sources: docs.vismasoftware.no/vismanetapi/authentication, RFC 6749.
 */
export function createTokenHandler(deps: VismaTokenEndpointDeps): (req: SandboxRequest) => SandboxResponse {
  return (req) => {
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.includes('application/x-www-form-urlencoded')) {
      throw tokenError(400, 'invalid_request', 'The request must be application/x-www-form-urlencoded');
    }
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const basic = basicCredentials(req.headers.authorization);
    if (form['grant_type'] === undefined) throw tokenError(400, 'invalid_request', 'grant_type is missing');
    if (form['grant_type'] !== 'client_credentials') {
      throw tokenError(400, 'unsupported_grant_type', `grant_type ${form['grant_type']} is not supported`);
    }
    const clientId = basic?.id ?? form['client_id'];
    const clientSecret = basic?.secret ?? form['client_secret'];
    const challenge: Record<string, string> = basic ? { 'www-authenticate': 'Basic realm="connect.visma.com"' } : {};
    const client = deps.clients.find((c) => c.clientId === clientId);
    if (!clientId || !clientSecret || !client || client.clientSecret !== clientSecret) {
      throw tokenError(401, 'invalid_client', 'Client authentication failed', challenge);
    }
    const requested = (form['scope'] ?? '').split(' ').filter((s) => s.length > 0);
    const known = new Set<string>(VISMA_SCOPES);
    const bad = requested.filter((s) => !known.has(s) || !client.allowedScopes.includes(s));
    if (bad.length > 0) throw tokenError(400, 'invalid_scope', `Scope not allowed for this client: ${bad.join(' ')}`);
    const scopes = requested.length > 0 ? [...new Set(requested)] : [...client.allowedScopes];
    const tenantId = form['tenant_id'];
    if (!tenantId) throw tokenError(400, 'invalid_request', 'tenant_id is missing');
    if (!deps.knownTenants.has(tenantId) || !client.approvedTenants.includes(tenantId)) {
      throw tokenError(400, 'invalid_tenant', 'The client is not approved for the requested tenant');
    }
    const host = req.headers.host ?? 'connect.visma.com';
    const { token } = deps.signer.issue({ issuer: `http://${host}`, clientId, tenantId, scopes, ttlSeconds: deps.tokenTtlSeconds });
    const body: VismaTokenResponse = { access_token: token, token_type: 'Bearer', expires_in: deps.tokenTtlSeconds, scope: scopes.join(' ') };
    return { status: 200, headers: { ...NO_STORE }, body };
  };
}
