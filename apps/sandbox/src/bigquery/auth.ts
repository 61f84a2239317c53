/**
 * Google OAuth 2.0 for service accounts ("Using OAuth 2.0 for Server to Server Applications",
 * developers.google.com/identity/protocols/oauth2/service-account) and the API's bearer check.
 * - `POST /token` with `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`: the JWT is RS256
 *   (`{"alg":"RS256","typ":"JWT"}`), signed with the service account's private key; claims `iss` (client_email),
 *   `scope` (space-delimited), `aud` (the token URL), `iat`, `exp` (at most one hour after iat). Answers
 *   `{access_token, expires_in, token_type: 'Bearer'}`; errors are OAuth's `{error, error_description}` (400).
 * - Every API call carries `Authorization: Bearer <token>`; none → 401 `required` "Login Required.", unknown or
 *   expired → 401 `authError` "Invalid Credentials", a token without a BigQuery scope → 403 `insufficientPermissions`.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, randomInt, verify, type KeyObject } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../core';
import { bqError } from './errors';
import type { BigQueryState, IssuedToken } from './state';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google's token endpoint: google-auth-library 10 always signs `aud` with it (and ignores the key's token_uri). */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export const SCOPE_BIGQUERY = 'https://www.googleapis.com/auth/bigquery';
export const SCOPE_CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';
export const SCOPE_INSERTDATA = 'https://www.googleapis.com/auth/bigquery.insertdata';
const READ_SCOPES = [SCOPE_BIGQUERY, SCOPE_CLOUD_PLATFORM, 'https://www.googleapis.com/auth/bigquery.readonly', 'https://www.googleapis.com/auth/cloud-platform.read-only'];

/** What an API method needs (the discovery doc's `scopes` per method). */
export type Access = 'read' | 'write' | 'insertdata';
const ACCEPTED: Record<Access, readonly string[]> = {
  read: READ_SCOPES,
  write: [SCOPE_BIGQUERY, SCOPE_CLOUD_PLATFORM],
  insertdata: [SCOPE_BIGQUERY, SCOPE_CLOUD_PLATFORM, SCOPE_INSERTDATA],
};

/** A service-account key file as the Cloud console downloads it. */
export type BigQueryServiceAccountKey = {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
};

/** Generates an RSA-2048 key pair and the key JSON of a service account whose `token_uri` is `tokenUrl`. */
export function generateServiceAccountKey(projectId: string, clientEmail: string, tokenUrl: string): { key: BigQueryServiceAccountKey; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientId = `1${Array.from({ length: 20 }, () => randomInt(10)).join('')}`;
  const key: BigQueryServiceAccountKey = {
    type: 'service_account',
    project_id: projectId,
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: clientEmail,
    client_id: clientId,
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: tokenUrl,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: 'googleapis.com',
  };
  return { key, publicKey };
}

/** A public key in PEM (SPKI or PKCS#1) or as an X.509 certificate, as a KeyObject. */
export function publicKeyFrom(pem: string): KeyObject {
  return createPublicKey(pem);
}

const oauthError = (error: string, description: string): SandboxResponse => ({ status: 400, body: { error, error_description: description } });

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export type TokenEndpointOptions = { audiences: readonly string[]; ttlSeconds: number };

/** `POST /token`: the JWT-bearer grant (see the module docstring). */
export function issueToken(req: SandboxRequest, state: BigQueryState, options: TokenEndpointOptions): SandboxResponse {
  const form = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
  const grant = form['grant_type'];
  if (grant !== JWT_BEARER_GRANT) return oauthError('unsupported_grant_type', `Invalid grant_type: ${typeof grant === 'string' ? grant : ''}`);
  const assertion = form['assertion'];
  if (typeof assertion !== 'string' || assertion === '') return oauthError('invalid_request', 'Missing required parameter: assertion');
  const parts = assertion.split('.');
  const [h = '', p = '', s = ''] = parts;
  const header = decodeSegment(h);
  const claims = decodeSegment(p);
  if (parts.length !== 3 || !header || !claims) return oauthError('invalid_grant', 'Invalid JWT: could not decode the assertion.');
  if (header['alg'] !== 'RS256') return oauthError('invalid_grant', 'Invalid JWT Signature.');
  const iss = claims['iss'];
  const account = typeof iss === 'string' ? state.accounts.get(iss) : undefined;
  if (!account) return oauthError('invalid_grant', 'Invalid grant: account not found');
  const signatureOk = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), account.publicKey, Buffer.from(s, 'base64url'));
  if (!signatureOk) return oauthError('invalid_grant', 'Invalid JWT Signature.');
  const aud = claims['aud'];
  if (typeof aud !== 'string' || !options.audiences.includes(aud)) {
    return oauthError('invalid_grant', `Invalid JWT: Failed audience check. The right audience is ${options.audiences[0] ?? GOOGLE_TOKEN_URL}`);
  }
  const iat = claims['iat'];
  const exp = claims['exp'];
  const nowSeconds = Math.floor(state.now() / 1000);
  const shortLived = typeof iat === 'number' && typeof exp === 'number' && exp > iat && exp - iat <= 3600 && exp > nowSeconds && iat <= nowSeconds + 300;
  if (!shortLived) {
    return oauthError('invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.');
  }
  const scopes = typeof claims['scope'] === 'string' ? claims['scope'].split(/\s+/).filter(Boolean) : [];
  if (!scopes.some((scope) => READ_SCOPES.includes(scope) || scope === SCOPE_INSERTDATA)) return oauthError('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
  const token = `ya29.sandbox-${randomBytes(24).toString('base64url')}`;
  state.tokens.set(token, { email: account.clientEmail, scopes, expiresAt: state.now() + options.ttlSeconds * 1000 });
  return { status: 200, body: { access_token: token, expires_in: options.ttlSeconds, token_type: 'Bearer' } };
}

/** Checks the bearer token of an API call; returns the caller or throws Google's 401/403. */
export function authorize(req: SandboxRequest, state: BigQueryState, access: Access): IssuedToken {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m?.[1]) {
    throw bqError(401, 'required', 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', {
      location: 'Authorization',
      locationType: 'header',
    });
  }
  const issued = state.tokens.get(m[1]);
  if (!issued || issued.expiresAt <= state.now()) {
    throw bqError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', {
      location: 'Authorization',
      locationType: 'header',
    });
  }
  if (!issued.scopes.some((scope) => ACCEPTED[access].includes(scope))) throw bqError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');
  return issued;
}
