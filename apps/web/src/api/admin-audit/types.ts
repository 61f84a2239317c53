/** The admin audit log (apps/api/src/modules/admin-audit/admin-audit.controller.ts), read-only: admins and auditors. */
export const AUDIT_OUTCOMES = ['succeeded', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * One entry: who (`actor*`, null for a failed sign-in), what (`action`, e.g. `connection.update`), on what
 * (`targetType`/`targetId`), how it ended, from where (`sourceAddress`, `userAgent`) and the body's fields
 * (`changes`, every secret as `"(changed)"`).
 */
export type AuditEntry = {
  id: string;
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  method: string;
  route: string;
  outcome: AuditOutcome;
  statusCode: number;
  errorCode: string | null;
  sourceAddress: string | null;
  userAgent: string | null;
  correlationId: string | null;
  changes: Record<string, unknown> | null;
};

/** Filter of the list and the CSV export; `action` is a prefix, `actor` a user id or part of an e-mail, `from`/`to` ISO instants. */
export type AuditFilter = {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
  q?: string;
};

/** One page, newest first; `nextCursor` goes into `before` for the next (older) page. */
export type AuditPage = { items: AuditEntry[]; nextCursor: string | null };
