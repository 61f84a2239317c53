import { createApiBuilderFromCtpClient, type ByProjectKeyRequestBuilder } from '@commercetools/platform-sdk';
import { ClientBuilder } from '@commercetools/ts-client';
import { COMMERCETOOLS_CONNECTOR_CLIENT, COMMERCETOOLS_DEMO, type CommercetoolsClient, type RunningCommercetoolsSandbox } from '../../../../apps/sandbox/src/commercetools';

/**
 * A parsed JSON answer as the tests read it: `any` by design, as in test/support/api-harness.ts (eslint.config.mjs
 * switches the no-unsafe-* rules off for test/).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one deliberate `any` of this harness, see above
export type JsonAnswer = any;

export type Answer = { status: number; headers: Headers; json: JsonAnswer };

/**
 * The official SDK (`@commercetools/ts-client` + `@commercetools/platform-sdk`) pointed at the sandbox: client
 * credentials flow and HTTP middleware both on the sandbox URL, Node's fetch as the HTTP client, no retries unless
 * asked, so every answer reaches the test as the sandbox sent it.
 */
export function sdk(sandbox: RunningCommercetoolsSandbox, options: { client?: CommercetoolsClient; scopes?: string[]; retry?: boolean } = {}): ByProjectKeyRequestBuilder {
  const client = options.client ?? COMMERCETOOLS_CONNECTOR_CLIENT;
  const ctpClient = new ClientBuilder()
    .withProjectKey(COMMERCETOOLS_DEMO.projectKey)
    .withClientCredentialsFlow({
      host: sandbox.authUrl,
      projectKey: COMMERCETOOLS_DEMO.projectKey,
      credentials: { clientId: client.clientId, clientSecret: client.clientSecret },
      ...(options.scopes ? { scopes: options.scopes } : {}),
      httpClient: fetch,
    })
    .withHttpMiddleware({ host: sandbox.apiUrl, httpClient: fetch, ...(options.retry ? { enableRetry: true, retryConfig: { maxRetries: 3, retryDelay: 10, backoff: false } } : {}) })
    .build();
  return createApiBuilderFromCtpClient(ctpClient).withProjectKey({ projectKey: COMMERCETOOLS_DEMO.projectKey });
}

/** fetch + JSON parse (json is undefined for an empty or non-JSON body). */
export async function raw(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json };
}

/** `POST /oauth/token` with HTTP Basic, as oauth.raml describes it. */
export function tokenRequest(sandbox: RunningCommercetoolsSandbox, client: { clientId: string; clientSecret: string }, scope?: string): Promise<Answer> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...(scope !== undefined ? { scope } : {}) });
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  return raw(`${sandbox.authUrl}/oauth/token`, { method: 'POST', headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body });
}

/** An access token of a client (all its granted scopes unless `scope` is given). */
export async function token(sandbox: RunningCommercetoolsSandbox, client: CommercetoolsClient = COMMERCETOOLS_CONNECTOR_CLIENT, scope?: string): Promise<string> {
  const answer = await tokenRequest(sandbox, client, scope);
  if (answer.status !== 200) throw new Error(`token request answered ${answer.status}`);
  return String(answer.json.access_token);
}

/** A raw API call under `/{projectKey}` with a bearer token. */
export function api(sandbox: RunningCommercetoolsSandbox, method: string, path: string, bearer: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { Authorization: `Bearer ${bearer}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return raw(`${sandbox.apiUrl}/${COMMERCETOOLS_DEMO.projectKey}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}

/** A control-API call (`/_sandbox/...`). */
export function control(sandbox: RunningCommercetoolsSandbox, method: string, path: string, body?: unknown): Promise<Answer> {
  return raw(`${sandbox.url}/_sandbox${path}`, { method, ...(body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}) });
}

/** The error an SDK call rejected with (fails the test when it resolved). */
export async function sdkError(promise: Promise<unknown>): Promise<JsonAnswer> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the SDK call to fail');
}
