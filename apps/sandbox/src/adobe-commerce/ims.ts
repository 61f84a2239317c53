/**
 * Adobe IMS's client-credentials token endpoint as the SaaS flavour needs it (ims-na1.adobelogin.com; Adobe's
 * server-to-server guide, AdobeDocs/commerce-webapi src/pages/rest/authentication/server-to-server.md):
 * - `POST /ims/token/v3` with `grant_type=client_credentials`, `client_id`, `client_secret`, `scope` (comma-separated;
 *   Commerce needs `commerce.accs` among openid, AdobeID, email, profile, additional_info.roles,
 *   additional_info.projectedProductContext) → `{access_token, token_type: "bearer", expires_in}` in SECONDS;
 * - `POST /ims/token/v2` (what @adobe/aio-lib-ims 8 calls, with `org_id` too) → the same with `expires_in` in
 *   MILLISECONDS, as IMS's v2 answers;
 * - bodies form-urlencoded or multipart/form-data (aio-lib-ims posts a FormData); errors `{error, error_description}`:
 *   400 unsupported_grant_type / invalid_client (unknown id) / invalid_scope, 401 invalid_client (wrong secret).
 * Tokens are JWTs shaped like IMS's (`as`, `type`, `client_id`, `user_id`, `scope`, `created_at` and `expires_in` in
 * ms as strings — aio-lib-ims reads the expiry from them), signed RS256 with a sandbox key nobody needs to verify.
 */
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../core';
import type { AdobeCommerceImsClient } from './demo.constants';
import type { AdobeCommerceState } from './state';

let signingKey: string | undefined;

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

function jwt(payload: Record<string, unknown>): string {
  signingKey ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  const head = base64url(JSON.stringify({ alg: 'RS256', x5u: 'ims_na1-key-at-1.cer', kid: 'ims_na1-key-at-1', itt: 'at' }));
  const body = base64url(JSON.stringify(payload));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(signingKey).toString('base64url');
  return `${head}.${body}.${signature}`;
}

/** The text fields of a multipart/form-data body. */
export function parseMultipart(raw: Buffer, contentType: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  const out: Record<string, string> = {};
  if (!marker) return out;
  for (const part of raw.toString('utf8').split(`--${marker}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, split))?.[1];
    if (name !== undefined) out[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return out;
}

function formOf(req: SandboxRequest): Record<string, string> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) return parseMultipart(req.rawBody, type);
  return Object.fromEntries(new URLSearchParams(req.rawBody.toString('utf8')));
}

export type ImsOptions = { state: AdobeCommerceState; clients: readonly AdobeCommerceImsClient[]; ttlSeconds: () => number; nowMs: () => number };

/** Answers `POST /ims/token/v2|v3`. */
export function imsToken(req: SandboxRequest, version: 'v2' | 'v3', options: ImsOptions): SandboxResponse {
  const form = formOf(req);
  const fail = (status: number, error: string, description: string): SandboxResponse => ({ status, body: { error, error_description: description } });
  if (form['grant_type'] !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'unsupported grant_type parameter');
  const client = options.clients.find((c) => c.clientId === form['client_id']);
  if (!client) return fail(400, 'invalid_client', 'invalid client_id parameter');
  if (client.clientSecret !== form['client_secret']) return fail(401, 'invalid_client', 'invalid client_secret parameter');
  const scopes = (form['scope'] ?? '').split(/[ ,]+/).filter((s) => s !== '');
  const bad = scopes.filter((s) => !client.scopes.includes(s));
  if (bad.length > 0) return fail(400, 'invalid_scope', `Invalid scope(s): ${bad.join(',')}`);
  const now = options.nowMs();
  const ttl = options.ttlSeconds();
  const token = jwt({
    id: `${now}_${randomUUID()}_ue1`, type: 'access_token', client_id: client.clientId, user_id: client.technicalAccountId, as: 'ims-na1', aa_id: client.technicalAccountId,
    ctp: 3, moi: randomUUID().slice(0, 8), created_at: String(now), expires_in: String(ttl * 1000), scope: scopes.join(','),
  });
  options.state.imsTokens.set(token, { clientId: client.clientId, imsOrgId: client.imsOrgId, scopes, expiresAtMs: now + ttl * 1000, resources: client.resources });
  return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: version === 'v3' ? ttl : ttl * 1000 } };
}
