import type { User } from '@/api/auth/types';

/**
 * What each role may do in the dashboard (mirrors the API's `@Roles`): anything not allowed is not
 * offered at all. `ping`, the mapping dry runs (coverage, preview) and a catch-up poll change nothing but what is
 * already due, so support may run them. `flow.edit` covers a flow's schedule, routing and posting choices.
 * `export.edit` covers creating an export, its schedule, tables and pause; `export.run` its "Run now" and backfill;
 * support may re-run a failed export batch from its checkpoint (`export.rerun`), as they replay a failed record.
 * `user.view` lists users (admin and the read-only auditor); `user.manage` invites, changes roles, disables (admin).
 * `audit.view` reads the admin audit log (admin and auditor).
 * The `auditor` reads everything and may do none of these actions (the API refuses it every change but its own
 * password and sign-out, which every signed-in user may do and which need no action here).
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
  | 'export.rerun'
  | 'user.view'
  | 'user.manage'
  | 'audit.view';

const SUPPORT_ACTIONS: ReadonlySet<Action> = new Set(['connection.ping', 'flow.catch-up', 'mapping.check', 'record.replay', 'export.rerun']);

const AUDITOR_ACTIONS: ReadonlySet<Action> = new Set(['user.view', 'audit.view']);

/** True when `user` may do `action`; admins may do everything, support its few actions, the auditor only view. */
export function can(user: User | undefined, action: Action): boolean {
  if (!user) return false;
  switch (user.role) {
    case 'admin':
      return true;
    case 'support':
      return SUPPORT_ACTIONS.has(action);
    case 'auditor':
      return AUDITOR_ACTIONS.has(action);
    default:
      return false;
  }
}
