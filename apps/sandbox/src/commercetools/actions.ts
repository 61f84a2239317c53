/**
 * Update actions: `POST /{projectKey}/<resources>/{ID}` with `{version, actions: [...]}` (raml/traits/versioned.raml;
 * openapi.yaml `*UpdateAction`, examples under examples/<Resource>/*Action.json). The actions of one request apply
 * in order to a copy of the resource; any error discards them all. A stale `version` answers 409
 * ConcurrentModification with `currentVersion` (raml/traits/conflicting.raml).
 */
import { concurrentModification, invalidJson } from './errors';
import { clone, isJson, type Json } from './json';
import type { CommercetoolsState, MessageEvent } from './state';

export type ActionContext = { state: CommercetoolsState; events: MessageEvent[] };
export type ActionHandler = (resource: Json, action: Json, ctx: ActionContext) => void;
export type ActionHandlers = Readonly<Record<string, ActionHandler>>;

/** The string field of an action, or 400 InvalidJsonInput naming it. */
export function requiredString(action: Json, field: string): string {
  const v = action[field];
  if (typeof v !== 'string' || v === '') throw invalidJson(`actions -> ${field}: Missing required value`);
  return v;
}

/** The integer field of an action, or 400 InvalidJsonInput naming it. */
export function requiredInt(action: Json, field: string): number {
  const v = action[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw invalidJson(`actions -> ${field}: Missing required value`);
  return v;
}

/** One of `allowed`, or 400 InvalidJsonInput listing them. */
export function requiredEnum<T extends string>(action: Json, field: string, allowed: readonly T[]): T {
  const v = action[field];
  const found = allowed.find((a) => a === v);
  if (found === undefined) throw invalidJson(`actions -> ${field}: Invalid value '${String(v)}'. Allowed: ${allowed.join(', ')}`);
  return found;
}

/** Reads `{version, actions}` of an update body. */
export function parseUpdate(body: unknown): { version: number; actions: Json[] } {
  if (!isJson(body)) throw invalidJson('The request body must be a JSON object.');
  const version = body['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version)) throw invalidJson('version: Missing required value');
  const actions = body['actions'];
  if (!Array.isArray(actions) || !actions.every(isJson)) throw invalidJson('actions: Missing required value');
  return { version, actions };
}

/**
 * Checks the version and applies the actions to a copy of `current`; returns the changed copy and its messages (the
 * caller commits them), or undefined when `actions` is empty (nothing changes, the version stays).
 */
export function applyActions(state: CommercetoolsState, current: Json, body: unknown, handlers: ActionHandlers): { resource: Json; events: MessageEvent[] } | undefined {
  const { version, actions } = parseUpdate(body);
  const currentVersion = Number(current['version']);
  if (version !== currentVersion) throw concurrentModification(String(current['id']), version, currentVersion);
  if (actions.length === 0) return undefined;
  const resource = clone(current);
  const ctx: ActionContext = { state, events: [] };
  for (const action of actions) {
    const name = action['action'];
    const handler = typeof name === 'string' && Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw invalidJson(`actions -> action: Unknown action '${String(name)}'. Supported by the sandbox: ${Object.keys(handlers).join(', ')}`);
    handler(resource, action, ctx);
  }
  return { resource, events: ctx.events };
}
