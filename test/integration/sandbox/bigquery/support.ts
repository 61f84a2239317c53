import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';
import Ajv, { type ValidateFunction } from 'ajv';
import { JWT, OAuth2Client } from 'google-auth-library';
import { GOOGLE_TOKEN_URL, SCOPE_BIGQUERY, type BigQueryServiceAccountKey, type RunningBigQuerySandbox } from '../../../../apps/sandbox/src/bigquery';
import discovery from '../../../fixtures/bigquery/bigquery.v2.schemas.json';

/**
 * A google-auth-library JWT client for a service-account key. google-auth-library 10 always posts the JWT grant to
 * https://oauth2.googleapis.com/token (and signs `aud` with it), ignoring the key's `token_uri`: a request
 * interceptor on the client's own transporter sends that call to the key's `token_uri` (the sandbox's /token)
 * instead, so nothing leaves 127.0.0.1 (and `retry: 0`: gaxios would retry a refused grant three times).
 */
export function jwtFor(key: BigQueryServiceAccountKey, scopes: string[] = [SCOPE_BIGQUERY], aud: string = key.token_uri): JWT {
  // additionalClaims.aud: the assertion names the key's token endpoint (the library would put Google's);
  // fetchImplementation: Node's fetch, not gaxios' lazy import('node-fetch') (an ESM import jest cannot run).
  const jwt = new JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes, additionalClaims: { aud }, transporterOptions: { fetchImplementation: fetch } });
  jwt.transporter.interceptors.request.add({
    resolved: (opts) => {
      const url = opts.url instanceof URL ? opts.url.href : String(opts.url);
      if (url !== GOOGLE_TOKEN_URL) throw new Error(`the test auth client only calls the token endpoint, not ${url}`);
      opts.url = new URL(key.token_uri);
      opts.retry = false;
      return Promise.resolve(opts);
    },
  });
  return jwt;
}

/** An OAuth2Client that sends the sandbox's static bearer token (no token call). */
export function staticTokenClient(sandbox: RunningBigQuerySandbox): OAuth2Client {
  const client = new OAuth2Client({ transporterOptions: { fetchImplementation: fetch } });
  client.setCredentials({ access_token: sandbox.staticToken, expiry_date: Date.now() + 3_600_000 });
  return client;
}

/** The official client pointed at the sandbox, with explicit project and auth client (never ADC). */
export function bigQueryFor(sandbox: RunningBigQuerySandbox, authClient: JWT | OAuth2Client = jwtFor(sandbox.serviceAccountKey), extra: Partial<BigQueryOptions> = {}): BigQuery {
  return new BigQuery({ projectId: sandbox.projectId, apiEndpoint: sandbox.apiEndpoint, authClient, ...extra });
}

/** The client without its automatic retries (fault tests see the first answer). */
export function noRetry(sandbox: RunningBigQuerySandbox, authClient?: JWT | OAuth2Client): BigQuery {
  return bigQueryFor(sandbox, authClient ?? staticTokenClient(sandbox), { autoRetry: false, maxRetries: 0 });
}

/** A JSON answer or a thrown client error, read loosely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary nested answer fields
export type Loose = Record<string, any>;

/** The thrown value of a promise (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Loose> {
  try {
    await promise;
  } catch (err) {
    return err as Loose;
  }
  throw new Error('expected the call to fail');
}

type DiscoveryNode = Record<string, unknown>;

/**
 * Discovery-doc schemas (test/fixtures/bigquery/bigquery.v2.schemas.json) as JSON Schema for ajv: `$ref: "X"` →
 * `#/definitions/X`, `type: "any"` → no constraint, and objects that list `properties` take no other properties
 * (stricter than the doc, so a misspelt field the sandbox invents fails the test).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: DiscoveryNode = {};
  for (const [k, v] of Object.entries(node as DiscoveryNode)) {
    if (k === 'id' || k === 'readOnly' || k === 'deprecated' || k === 'annotations') continue;
    if (k === '$ref' && typeof v === 'string') out[k] = `#/definitions/${v}`;
    else if (k === 'type' && v === 'any') continue;
    else if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as DiscoveryNode).map(([name, s]) => [name, toJsonSchema(s)]));
    else out[k] = toJsonSchema(v);
  }
  if (out['properties'] && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('int64', /^-?\d+$/).addFormat('uint64', /^\d+$/).addFormat('int32', true).addFormat('uint32', true).addFormat('double', true).addFormat('float', true);
ajv.addFormat('byte', true).addFormat('google-datetime', true).addFormat('google-duration', true).addFormat('date-time', true);
const definitions = toJsonSchema((discovery as { schemas: DiscoveryNode }).schemas);
const validators = new Map<string, ValidateFunction>();

/** Validates a response body against a discovery schema (e.g. `Job`, `QueryResponse`); '' when valid, else ajv's errors. */
export function schemaErrors(name: string, value: unknown): string {
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv.compile({ definitions, $ref: `#/definitions/${name}` });
    validators.set(name, validate);
  }
  if (validate(value)) return '';
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${'additionalProperty' in e.params ? `: ${String(e.params['additionalProperty'])}` : ''}`).join('\n');
}
