import type { SandboxRequest, SandboxRouter } from '../core';
import { SCOPES, type CallContext, type createAuthGuard } from './auth.guard';
import { toEpochSeconds } from './dates';
import { v3Error, v3Invalid } from './errors';
import { BIGCOMMERCE_WEBHOOK_SCOPES } from './hooks.scopes';
import type { BigCommerceState, HookRecord, Json } from './state';

export type HooksDeps = { state: BigCommerceState; guard: ReturnType<typeof createAuthGuard> };

const V3 = '/stores/:storeHash/v3';
/** "A maximum of 10 webhooks per unique combination of store_id + client_id + scope" (overview.mdx § Platform limits). */
const MAX_PER_SCOPE = 10;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Registers `/v3/hooks` and `/v3/hooks/{webhook_id}` (webhooks.v3.yml). Hooks are visible only to the
 * client id that created them ("Webhooks created with one token are not visible when you retrieve
 * webhooks using a different token"). Only one hook per store + client + scope + destination, at most 10
 * per store + client + scope; both violations answer 422 (the spec lists 400/401/422 for POST, no 409).
 * `events_history_enabled` is accepted and echoed (real API field, absent from the 24f580c spec).
 * RELAXATION: the real store only delivers to HTTPS on port 443; the sandbox also accepts plain HTTP on
 * any port when the host is loopback (127.0.0.1, localhost, ::1) so tests can receive callbacks.
 */
export function registerHookRoutes(router: SandboxRouter, deps: HooksDeps): void {
  const { state, guard } = deps;
  const find = (req: SandboxRequest, call: CallContext): HookRecord => {
    const hook = state.hooks.get(Number(req.params['hookId']));
    if (!hook || hook.client_id !== call.account.clientId) throw v3Error(404, `Webhook with id [${req.params['hookId'] ?? ''}] not found`);
    return hook;
  };

  router.add('GET', `${V3}/hooks`, guard(SCOPES.none, (req, call) => {
    const q = req.query;
    const isActive = q.get('is_active');
    const hooks = [...state.hooks.values()].filter(
      (h) =>
        h.client_id === call.account.clientId &&
        (isActive === null || String(h.is_active) === isActive) &&
        (q.get('scope') === null || h.scope === q.get('scope')) &&
        (q.get('destination') === null || h.destination === q.get('destination')),
    );
    const pageNo = Math.max(1, Math.floor(Number(q.get('page') ?? '1')) || 1);
    const limit = Math.max(1, Math.floor(Number(q.get('limit') ?? '50')) || 50);
    const slice = hooks.slice((pageNo - 1) * limit, pageNo * limit);
    const totalPages = Math.max(1, Math.ceil(hooks.length / limit));
    return {
      status: 200,
      body: {
        data: slice.map(render),
        meta: { pagination: { total: hooks.length, count: slice.length, per_page: limit, current_page: pageNo, total_pages: totalPages, links: { current: `?page=${pageNo}&limit=${limit}` } } },
      },
    };
  }));

  router.add('POST', `${V3}/hooks`, guard(SCOPES.none, (req, call) => {
    const body = objectBody(req);
    const errors: Record<string, string> = {};
    if (body['scope'] === undefined) errors['scope'] = 'error.path.missing';
    if (body['destination'] === undefined) errors['destination'] = 'error.path.missing';
    validate(body, errors);
    if (Object.keys(errors).length > 0) throw v3Invalid(errors);
    const scope = body['scope'] as string;
    const destination = body['destination'] as string;
    checkUniqueness(state, call.account.clientId, scope, destination);
    const now = toEpochSeconds(new Date(state.nowMs()));
    const hook: HookRecord = {
      id: state.nextId('hook'),
      client_id: call.account.clientId,
      store_hash: call.storeHash,
      scope,
      destination,
      is_active: body['is_active'] === undefined ? true : (body['is_active'] as boolean),
      events_history_enabled: body['events_history_enabled'] === true,
      headers: (body['headers'] as Record<string, string> | null | undefined) ?? null,
      created_at: now,
      updated_at: now,
    };
    state.hooks.set(hook.id, hook);
    return { status: 200, body: { data: render(hook), meta: {} } };
  }));

  router.add('GET', `${V3}/hooks/:hookId`, guard(SCOPES.none, (req, call) => ({ status: 200, body: { data: render(find(req, call)), meta: {} } })));

  router.add('PUT', `${V3}/hooks/:hookId`, guard(SCOPES.none, (req, call) => {
    const hook = find(req, call);
    const body = objectBody(req);
    const known = ['scope', 'destination', 'is_active', 'headers', 'events_history_enabled'];
    if (!known.some((k) => body[k] !== undefined)) throw v3Invalid({ body: 'At least one field is required to perform an update.' });
    const errors: Record<string, string> = {};
    validate(body, errors);
    if (Object.keys(errors).length > 0) throw v3Invalid(errors);
    const scope = (body['scope'] as string | undefined) ?? hook.scope;
    const destination = (body['destination'] as string | undefined) ?? hook.destination;
    if (scope !== hook.scope || destination !== hook.destination) checkUniqueness(state, hook.client_id, scope, destination, hook.id);
    hook.scope = scope;
    hook.destination = destination;
    if (body['is_active'] !== undefined) hook.is_active = body['is_active'] as boolean;
    if (body['events_history_enabled'] !== undefined) hook.events_history_enabled = body['events_history_enabled'] as boolean;
    if (body['headers'] !== undefined) hook.headers = body['headers'] as Record<string, string> | null;
    hook.updated_at = toEpochSeconds(new Date(state.nowMs()));
    return { status: 200, body: { data: render(hook), meta: {} } };
  }));

  router.add('DELETE', `${V3}/hooks/:hookId`, guard(SCOPES.none, (req, call) => {
    const hook = find(req, call);
    state.hooks.delete(hook.id);
    return { status: 200, body: { data: render(hook), meta: {} } };
  }));
}

function objectBody(req: SandboxRequest): Json {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw v3Error(400, 'Input is invalid.');
  return req.body as Json;
}

function validate(body: Json, errors: Record<string, string>): void {
  const scope = body['scope'];
  if (scope !== undefined && (typeof scope !== 'string' || !BIGCOMMERCE_WEBHOOK_SCOPES.includes(scope))) errors['scope'] = 'error.scope.invalid';
  const destination = body['destination'];
  if (destination !== undefined) {
    const problem = typeof destination === 'string' ? destinationProblem(destination) : 'error.expected.jsstring';
    if (problem) errors['destination'] = problem;
  }
  if (body['is_active'] !== undefined && typeof body['is_active'] !== 'boolean') errors['is_active'] = 'error.expected.jsboolean';
  if (body['events_history_enabled'] !== undefined && typeof body['events_history_enabled'] !== 'boolean') errors['events_history_enabled'] = 'error.expected.jsboolean';
  const headers = body['headers'];
  if (headers !== undefined && headers !== null) {
    const ok = typeof headers === 'object' && !Array.isArray(headers) && Object.values(headers).every((v) => typeof v === 'string');
    if (!ok) errors['headers'] = 'error.expected.jsobject';
  }
}

/** HTTPS on 443 for real hosts; any http(s) port for loopback hosts (sandbox relaxation). */
function destinationProblem(destination: string): string | undefined {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return 'error.url.invalid';
  }
  if (LOOPBACK_HOSTS.has(url.hostname)) return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'error.url.invalid';
  if (url.protocol !== 'https:') return 'The destination must use HTTPS.';
  if (url.port !== '' && url.port !== '443') return 'The destination must be served on port 443; custom ports are not supported.';
  return undefined;
}

function checkUniqueness(state: BigCommerceState, clientId: string, scope: string, destination: string, exceptId?: number): void {
  const sameScope = [...state.hooks.values()].filter((h) => h.client_id === clientId && h.scope === scope && h.id !== exceptId);
  if (sameScope.some((h) => h.destination === destination)) {
    throw v3Invalid({ destination: 'A webhook with this scope and destination already exists for this client.' }, 'Only one webhook is allowed per store, client, scope and destination.');
  }
  if (sameScope.length >= MAX_PER_SCOPE) {
    throw v3Invalid({ scope: 'At most 10 webhooks are allowed per store, client and scope.' }, 'Webhook limit reached for this scope.');
  }
}

/** webhook_Full key order as in the spec example. */
function render(hook: HookRecord): Json {
  return {
    id: hook.id,
    client_id: hook.client_id,
    store_hash: hook.store_hash,
    created_at: hook.created_at,
    updated_at: hook.updated_at,
    scope: hook.scope,
    destination: hook.destination,
    is_active: hook.is_active,
    events_history_enabled: hook.events_history_enabled,
    headers: hook.headers,
  };
}
