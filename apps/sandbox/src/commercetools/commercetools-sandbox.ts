import { FaultInjector, RequestLog, SandboxRouter, startSandboxServer, type RunningSandbox } from '../core';
import { registerApiRoutes } from './api.routes';
import { expireTokens, issueToken } from './auth';
import { CommercetoolsControl } from './control.service';
import { registerControlRoutes } from './control.routes';
import { COMMERCETOOLS_DEMO, COMMERCETOOLS_DEMO_CLIENTS, COMMERCETOOLS_TOKEN_TTL_SECONDS, COMMERCETOOLS_STORES, type CommercetoolsClient } from './demo.constants';
import { commercetoolsFaultBody, ctErrorBody } from './errors';
import { clone, type Json } from './json';
import { loadSeed, type CommercetoolsSeed } from './seed';
import { CommercetoolsState, type Collection, type MessagesWhenDisabled, type ProjectSettings } from './state';

export type CommercetoolsSandboxOptions = {
  /** Port (0, the default, picks a free one). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** What to load (default `both`): the official examples, the demo project, both, or nothing. */
  seed?: CommercetoolsSeed;
  /** Clock of record dates, messages and token expiry (default Date.now). */
  now?: () => number;
  /** Access-token lifetime in seconds (default 172 800, commercetools' 48 h). */
  tokenTtlSeconds?: number;
  /** The API clients that exist (default COMMERCETOOLS_DEMO_CLIENTS). */
  clients?: readonly CommercetoolsClient[];
  /** Project settings: `messages` (default enabled, deleteDaysAfterCreation 15) and the answer of `/messages` while disabled. */
  messages?: { enabled: boolean; deleteDaysAfterCreation?: number };
  messagesWhenDisabled?: MessagesWhenDisabled;
  /** First instant of the demo records (default: midnight UTC seven days before the sandbox starts). */
  demoStartMs?: number;
};

export type RunningCommercetoolsSandbox = RunningSandbox & {
  /** The API host to give the SDK (`host` of both the auth and the HTTP middleware): `url`. */
  apiUrl: string;
  /** The auth host (`${url}`; tokens at `${authUrl}/oauth/token`). */
  authUrl: string;
  projectKey: string;
  /** The writes of the control API, in-process (create orders, payments, transactions, stock…). */
  control: CommercetoolsControl;
  /** The project settings (a copy). */
  project(): ProjectSettings;
  /** Changes project settings (`messages`, `messagesWhenDisabled`). */
  configure(patch: Partial<Pick<ProjectSettings, 'messages' | 'messagesWhenDisabled'>>): ProjectSettings;
  /** Replaces the API clients (tokens already issued stay valid until they expire). */
  setClients(clients: readonly CommercetoolsClient[]): void;
  /** Ends every access token issued so far. */
  expireTokens(): void;
  /** Every stored Message, oldest first (copies). */
  messages(): Json[];
  /** A record as the API would answer it (copy), by collection and id. */
  record(collection: Collection, id: string): Json | undefined;
  /** Back to the seeded state: data, messages, settings, clients, tokens, faults and request log. */
  reset(): void;
};

/**
 * Starts the commercetools sandbox on one listener: the auth API (`POST /oauth/token`, raml/oauth.raml) and the
 * HTTP API under `/{projectKey}` (openapi.yaml; see api.routes.ts), with query predicates, paging, sorting,
 * reference expansion, optimistic locking, Messages, and the control API (`/_sandbox/faults|requests|reset` of the
 * core plus `/_sandbox/commercetools/...`, control.routes.ts). Contract: shared/specs/commercetools (README §5).
 */
export async function startCommercetoolsSandbox(options: CommercetoolsSandboxOptions = {}): Promise<RunningCommercetoolsSandbox> {
  const clock = options.now ?? (() => Date.now());
  const ttl = options.tokenTtlSeconds ?? COMMERCETOOLS_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1) throw new RangeError('tokenTtlSeconds must be a positive integer');
  const clients = options.clients ?? COMMERCETOOLS_DEMO_CLIENTS;
  const demoStartMs = options.demoStartMs ?? Math.floor(clock() / 86_400_000) * 86_400_000 - 7 * 86_400_000;
  const settings: ProjectSettings = {
    key: COMMERCETOOLS_DEMO.projectKey,
    name: COMMERCETOOLS_DEMO.projectName,
    countries: COMMERCETOOLS_STORES.map((s) => s.country),
    currencies: COMMERCETOOLS_STORES.map((s) => s.currency),
    languages: ['en', ...COMMERCETOOLS_STORES.map((s) => s.language)],
    createdAt: new Date(demoStartMs - 30 * 86_400_000).toISOString(),
    messages: options.messages ?? { enabled: true, deleteDaysAfterCreation: 15 },
    messagesWhenDisabled: options.messagesWhenDisabled ?? 'empty',
  };
  const state = new CommercetoolsState(settings, clock);
  const control = new CommercetoolsControl(state);
  const faults = new FaultInjector();
  const log = new RequestLog();
  const seed = (): void => {
    state.reset(settings, clients);
    loadSeed(state, options.seed ?? 'both', demoStartMs);
  };

  const router = new SandboxRouter();
  router.add('POST', '/oauth/token', (req) => issueToken(req, state, () => ttl));
  registerApiRoutes(router, { state });
  const controlRoutes = new SandboxRouter();
  registerControlRoutes(controlRoutes, { state, control, reset: seed });

  const server = await startSandboxServer({
    name: 'commercetools',
    router,
    faults,
    log,
    faultBody: commercetoolsFaultBody,
    controlRoutes,
    onReset: seed,
    notFound: (req) => ({ status: 404, body: ctErrorBody(404, 'ResourceNotFound', `The endpoint '${req.method} ${req.path}' does not exist.`) }),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  seed();
  return {
    ...server,
    apiUrl: server.url,
    authUrl: server.url,
    projectKey: settings.key,
    control,
    project: () => clone(state.project),
    configure: (patch) => {
      state.project = { ...state.project, ...clone(patch) };
      return clone(state.project);
    },
    setClients: (list) => {
      state.clients = new Map(list.map((c): [string, CommercetoolsClient] => [c.clientId, clone(c)]));
    },
    expireTokens: () => expireTokens(state),
    messages: () => clone(state.messages),
    record: (collection, id) => {
      const found = state.data[collection].get(id);
      return found ? clone(found) : undefined;
    },
    reset: () => {
      faults.clear();
      log.clear();
      seed();
    },
  };
}
