import type { User } from '@/api/auth/types';

/**
 * What each role may do in the dashboard (mirrors the API's `@Roles`): anything not allowed is not
 * offered at all. `ping`, the mapping dry runs (coverage, preview) and a catch-up poll change nothing but what is
 * already due, so support may run them. `flow.edit` covers a flow's schedule, routing and posting choices.
 * `export.edit` covers creating an export, its schedule, tables and pause; `export.run` its "Run now" and backfill;
 * support may re-run a failed export batch from its checkpoint (`export.rerun`), as they replay a failed record.
 */
export type Action =
  | 'connection.edit'
  | 'connection.ping'
  | 'flow.toggle'
  | 'flow.edit'
  | 'flow.catch-up'
  | 'mapping.edit'
  | 'mapping.check'
  | 'record.replay'
  | 'export.edit'
  | 'export.run'
  | 'export.rerun';

const SUPPORT_ACTIONS: ReadonlySet<Action> = new Set(['connection.ping', 'flow.catch-up', 'mapping.check', 'record.replay', 'export.rerun']);

/** True when `user` may do `action`; admins may do everything. */
export function can(user: User | undefined, action: Action): boolean {
  if (!user) return false;
  return user.role === 'admin' || SUPPORT_ACTIONS.has(action);
}
