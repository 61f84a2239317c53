/** Helpers shared by the BigCommerce connector integration tests (sandbox over real HTTP). */
import { BIGCOMMERCE_DEMO, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';

export type LoggedRequest = { method: string; path: string; query: string; status: number };

/** The sandbox's request log (`GET /_sandbox/requests`), optionally filtered by path fragment. */
export async function sandboxRequests(sandbox: RunningBigCommerceSandbox, pathContains?: string): Promise<LoggedRequest[]> {
  const qs = pathContains ? `?pathContains=${encodeURIComponent(pathContains)}` : '';
  const res = await fetch(`${sandbox.url}/_sandbox/requests${qs}`);
  return ((await res.json()) as { requests: LoggedRequest[] }).requests;
}

/** Clears the sandbox's request log. */
export async function clearSandboxRequests(sandbox: RunningBigCommerceSandbox): Promise<void> {
  await fetch(`${sandbox.url}/_sandbox/requests`, { method: 'DELETE' });
}

/** Arms a sandbox fault through the control API. */
export async function armFault(sandbox: RunningBigCommerceSandbox, rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  if (res.status >= 300) throw new Error(`arming fault failed: ${res.status} ${await res.text()}`);
}

/** A direct store call with the demo token (to change data behind the client's back). */
export async function storeCall(sandbox: RunningBigCommerceSandbox, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sandbox.storeUrl}${path}`, {
    method,
    headers: { 'x-auth-token': BIGCOMMERCE_DEMO.accessToken, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}
