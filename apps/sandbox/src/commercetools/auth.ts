/**
 * The commercetools auth API and the HTTP API's bearer check.
 * - `POST /oauth/token` (raml/oauth.raml `/oauth/token`, resource type `base`): HTTP Basic `client_id:client_secret`,
 *   `grant_type=client_credentials`, optional `scope` (space-separated `<name>:{projectKey}[:{storeKey}]`, the names of
 *   raml/securitySchemes/oauth2.raml); answers `TokenResponse {access_token, expires_in, scope, token_type: "Bearer"}`.
 *   Parameters are read from the form body (as the SDK sends them) or the query string (as the RAML declares them).
 * - API calls send `Authorization: Bearer <token>` (oauth2.raml `describedBy`); a missing, unknown or expired token
 *   answers 401 `invalid_token`, a token without one of the endpoint's scopes (openapi.yaml `security`) 403
 *   `insufficient_scope`, both as `AuthErrorResponse`.
 * Coverage rule (commercetools' scope semantics): `manage_project:{pk}` covers every scope of the project, and
 * `manage_<x>` covers `view_<x>` of the same project and store.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../core';
import { authError } from './errors';
import { isJson, type Json } from './json';
import type { CommercetoolsState, IssuedToken } from './state';

type ParsedScope = { name: string; projectKey: string; storeKey?: string };

function parseScope(scope: string): ParsedScope | undefined {
  const [name, projectKey, storeKey, ...rest] = scope.split(':');
  if (!name || !projectKey || rest.length > 0) return undefined;
  return storeKey ? { name, projectKey, storeKey } : { name, projectKey };
}

/** True when `held` (one granted or token scope) covers `required`. */
export function scopeCovers(held: string, required: string): boolean {
  const h = parseScope(held);
  const r = parseScope(required);
  if (!h || !r || h.projectKey !== r.projectKey) return held === required;
  if (h.name === 'manage_project' && h.storeKey === undefined) return true;
  if (h.storeKey !== r.storeKey) return false;
  return h.name === r.name || (r.name.startsWith('view_') && h.name === `manage_${r.name.slice('view_'.length)}`);
}

/** True when any of `held` covers any of `alternatives` (openapi.yaml lists alternative scopes per operation). */
export function hasAnyScope(held: readonly string[], alternatives: readonly string[]): boolean {
  return alternatives.some((required) => held.some((h) => scopeCovers(h, required)));
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
}

/** RFC 6749 2.3.1: client id and secret are form-encoded inside Basic; a bare `%` is kept as is. */
function formDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function param(req: SandboxRequest, name: string): string | undefined {
  const body: Json = isJson(req.body) ? req.body : {};
  const fromBody = body[name];
  if (typeof fromBody === 'string') return fromBody;
  return req.query.get(name) ?? undefined;
}

const INVALID_CLIENT = 'Please provide valid client credentials using HTTP Basic Authentication.';

/** `POST /oauth/token`, client credentials flow (see the file header). */
export function issueToken(req: SandboxRequest, state: CommercetoolsState, ttlSeconds: () => number): SandboxResponse {
  const credentials = basicCredentials(req.headers.authorization);
  const client = credentials ? state.clients.get(credentials.clientId) : undefined;
  if (!credentials || !client || !safeEqual(client.clientSecret, credentials.clientSecret)) throw authError(401, 'invalid_client', INVALID_CLIENT);
  const grantType = param(req, 'grant_type');
  if (grantType === undefined) throw authError(400, 'invalid_request', 'Missing required parameter: grant_type.');
  if (grantType !== 'client_credentials') throw authError(400, 'unsupported_grant_type', `Invalid grant_type '${grantType}'. Supported: client_credentials.`);
  const requested = (param(req, 'scope') ?? '').split(/\s+/).filter((s) => s !== '');
  const refused = requested.filter((s) => !client.scopes.some((granted) => scopeCovers(granted, s)));
  if (refused.length > 0) throw authError(400, 'invalid_scope', `Illegal scope requested: ${refused.join(' ')}.`);
  const scopes = requested.length > 0 ? requested : [...client.scopes];
  const ttl = ttlSeconds();
  const accessToken = randomBytes(24).toString('base64url');
  state.tokens.set(accessToken, { clientId: client.clientId, scopes, expiresAtMs: state.nowMs() + ttl * 1000 });
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: { access_token: accessToken, expires_in: ttl, scope: scopes.join(' '), token_type: 'Bearer' } };
}

/**
 * The bearer check of an API call: returns the token when it is valid and holds one of `alternatives`
 * (fully formatted scopes, e.g. `view_orders:ml-demo`); throws the 401 / 403 AuthErrorResponse otherwise.
 */
export function authorize(req: SandboxRequest, state: CommercetoolsState, alternatives: readonly string[]): IssuedToken {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const token = m?.[1] ? state.tokens.get(m[1]) : undefined;
  if (!m) throw authError(401, 'invalid_token', 'invalid_token', 'Missing or malformed Authorization header (expected: Bearer <access_token>).');
  if (!token) throw authError(401, 'invalid_token', 'invalid_token', 'The access token is invalid.');
  if (token.expiresAtMs <= state.nowMs()) throw authError(401, 'invalid_token', 'invalid_token', 'The access token has expired.');
  if (!hasAnyScope(token.scopes, alternatives)) {
    const names = alternatives.map((s) => s.split(':')[0] ?? s);
    const message = `Insufficient scope. One of the following scopes is missing: ${[...new Set(names)].join(', ')}`;
    throw authError(403, 'insufficient_scope', message);
  }
  return token;
}

/** Ends every token issued so far (they answer 401 from now on). */
export function expireTokens(state: CommercetoolsState): void {
  const now = state.nowMs();
  for (const token of state.tokens.values()) token.expiresAtMs = Math.min(token.expiresAtMs, now);
}
