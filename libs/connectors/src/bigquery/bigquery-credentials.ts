/**
 * Service-account key JSON for BigQuery, and the token-endpoint allow-list.
 *
 * The key file is the one Google Cloud IAM issues ("Create and delete service account keys",
 * cloud.google.com/iam/docs/keys-create-delete): `{type: "service_account", project_id, private_key_id,
 * private_key (PKCS#8 PEM), client_email, client_id, auth_uri, token_uri, …}`. The JWT-bearer flow signs an RS256
 * assertion with `private_key` and POSTs it to `token_uri` (Google "Using OAuth 2.0 for Server to Server
 * Applications", developers.google.com/identity/protocols/oauth2/service-account; shared/specs/README.md
 * "BigQuery facts"), which for every Google-issued key is `https://oauth2.googleapis.com/token`.
 *
 * - Errors name the field that is wrong and never echo a value of the key (a JSON syntax error does not quote the
 *   text either: V8's message would).
 * - `private_key` must be an RSA private key that node:crypto can read (RS256 needs RSA). Keys pasted through an env
 *   var often carry literal `\n` sequences; these are turned back into newlines first.
 * - The key's `token_uri` is used only when it is in the caller's allow-list (default: Google's token endpoint):
 *   the assertion is a bearer credential for an hour, so it must never travel to a host the admin did not choose.
 */
import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { ConnectorError } from '../core';
import { BIGQUERY_SYSTEM } from './bigquery-errors';

/** Google's OAuth 2.0 token endpoint (the `token_uri` of every Google-issued service-account key). */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/** The token endpoints accepted when the caller passes no allow-list. */
export const DEFAULT_ALLOWED_TOKEN_URIS: readonly string[] = [GOOGLE_TOKEN_URI];

const PEM = /^-----BEGIN (RSA )?PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END (RSA )?PRIVATE KEY-----\s*$/;

/** Project ids: 6–30 lowercase letters, digits or hyphens, starting with a letter (older ones may carry a `domain:` prefix). */
const PROJECT_ID = /^([a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** The fields this connector reads; other fields of the key file (`client_id`, `auth_uri`, …) are kept as they are. */
export const BIGQUERY_SERVICE_ACCOUNT_KEY = z
  .object({
    type: z.literal('service_account', { errorMap: () => ({ message: 'must be "service_account" (this is not a service-account key file)' }) }),
    project_id: z.string({ required_error: 'is missing' }).regex(PROJECT_ID, 'is not a Google Cloud project id'),
    private_key_id: z.string({ required_error: 'is missing' }).regex(/^[A-Za-z0-9_-]{1,128}$/, 'is not a key id'),
    private_key: z
      .string({ required_error: 'is missing' })
      .transform((s) => (s.includes('\\n') && !s.includes('\n') ? s.replace(/\\n/g, '\n') : s))
      .refine((s) => PEM.test(s.trim()), 'is not a PEM private key (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----)')
      .refine(isReadableRsaKey, 'is not a readable RSA private key'),
    client_email: z.string({ required_error: 'is missing' }).email('is not an e-mail address'),
    token_uri: z.string({ required_error: 'is missing' }).url('is not a URL'),
  })
  .passthrough();

/** A parsed key (the private key normalised). */
export type BigQueryServiceAccountKey = z.infer<typeof BIGQUERY_SERVICE_ACCOUNT_KEY>;

/** The key did not parse: `field` names what is wrong (`(root)` for the file itself); the message holds no key material. */
export class BigQueryKeyError extends ConnectorError {
  readonly field: string;
  constructor(field: string, message: string) {
    super({ system: BIGQUERY_SYSTEM, code: 'configuration', retryable: false, message });
    this.field = field;
  }
}

/** The key's `token_uri` is not one of the allowed token endpoints: nothing was sent to it. */
export class BigQueryTokenUriRefusedError extends ConnectorError {
  readonly tokenUri: string;
  readonly allowed: readonly string[];
  constructor(tokenUri: string, allowed: readonly string[]) {
    super({
      system: BIGQUERY_SYSTEM,
      code: 'configuration',
      retryable: false,
      message: `the service-account key sends its token requests to ${tokenUri}, which is not an allowed token endpoint (${allowed.join(', ')}); nothing was sent`,
    });
    this.tokenUri = tokenUri;
    this.allowed = allowed;
  }
}

/**
 * Parses a service-account key from the JSON text of the key file or the already-parsed object.
 * @throws BigQueryKeyError naming the first wrong field (every wrong field is in the message)
 */
export function parseServiceAccountKey(input: unknown): BigQueryServiceAccountKey {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch {
      throw new BigQueryKeyError('(root)', 'the service-account key is not valid JSON (paste the whole key file as downloaded)');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BigQueryKeyError('(root)', 'the service-account key must be a JSON object');
  const parsed = BIGQUERY_SERVICE_ACCOUNT_KEY.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message }));
  const first = issues[0] ?? { field: '(root)', message: 'is invalid' };
  throw new BigQueryKeyError(first.field, `the service-account key is invalid: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`);
}

/** `href` of a URL, so `https://oauth2.googleapis.com/token` and `https://OAUTH2.googleapis.com:443/token` compare equal. */
export function normaliseTokenUri(uri: string): string | undefined {
  try {
    const u = new URL(uri);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    u.hash = '';
    return u.href;
  } catch {
    return undefined;
  }
}

/**
 * The token endpoint to use for `key`: its `token_uri`, when it is in `allowed` (compared as normalised URLs).
 * @throws BigQueryTokenUriRefusedError when it is not
 * @throws ConnectorError `configuration` when an allow-list entry is not an http(s) URL
 */
export function resolveTokenUri(key: Pick<BigQueryServiceAccountKey, 'token_uri'>, allowed: readonly string[] = DEFAULT_ALLOWED_TOKEN_URIS): string {
  const list = allowed.map((a) => {
    const n = normaliseTokenUri(a);
    if (n === undefined) throw new ConnectorError({ system: BIGQUERY_SYSTEM, code: 'configuration', retryable: false, message: `allowed token endpoint "${a}" is not an http(s) URL` });
    return n;
  });
  const wanted = normaliseTokenUri(key.token_uri);
  if (wanted === undefined || !list.includes(wanted)) throw new BigQueryTokenUriRefusedError(key.token_uri, allowed);
  return wanted;
}

function isReadableRsaKey(pem: string): boolean {
  try {
    return createPrivateKey({ key: pem, format: 'pem' }).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}
