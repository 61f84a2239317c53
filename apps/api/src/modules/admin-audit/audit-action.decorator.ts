import { SetMetadata } from '@nestjs/common';

export const AUDIT_ACTION_KEY = 'mlc:auditAction';
export const AUDIT_EXEMPT_KEY = 'mlc:auditExempt';

/** How an audited route is described in the admin audit log (all optional). */
export type AuditActionOptions = {
  /** What the route acts on, e.g. `connection`, `flow`, `record`, `user`. */
  target?: string;
  /**
   * The route parameter holding the target's id (default `id`); without one, the `id` of the answer is used (a
   * created row's id).
   */
  targetParam?: string;
  /** The body fields recorded in `changes` (default: every field, secrets as `"(changed)"`); `false` records none. */
  fields?: readonly string[] | false;
  /** The action recorded when the request fails (default: the same action), e.g. `auth.login-failed`. */
  failedAction?: string;
  /**
   * Sign-in: the route is public and the actor is the `user` of its answer, so it is recorded without a session
   * (a failure with no actor). Only the sign-in route uses it.
   */
  actorFromAnswer?: boolean;
};

/** The metadata `@AuditAction` leaves on a handler. */
export type AuditActionMeta = AuditActionOptions & { action: string };

/**
 * Names an unsafe route's entries in the admin audit log, e.g. `@AuditAction('connection.update', { target: 'connection' })`.
 * Without it a route is still recorded, under a name derived from its controller and handler
 * (`ConnectionsController.update` → `connections.update`); the decorator gives it the product's vocabulary.
 */
export const AuditAction = (action: string, options: AuditActionOptions = {}): MethodDecorator => SetMetadata(AUDIT_ACTION_KEY, { ...options, action } satisfies AuditActionMeta);

/**
 * Leaves an unsafe route out of the admin audit log, saying why (e.g. it only computes a preview and changes nothing).
 * The audit-coverage test lists every exemption, so each one is a visible decision.
 */
export const AuditExempt = (reason: string): MethodDecorator => SetMetadata(AUDIT_EXEMPT_KEY, reason);
