import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ADMIN_AUDIT_OUTCOMES = ['succeeded', 'failed'] as const;
export type AdminAuditOutcome = (typeof ADMIN_AUDIT_OUTCOMES)[number];

/**
 * One entry of the admin audit log (issue 19): who did what, when, from where and with which outcome, for every
 * unsafe-method /api request of a signed-in user plus sign-in attempts and sign-out (modules/admin-audit).
 * Append-only: the migration (1700000011000-admin-audit-log) installs a trigger that raises on UPDATE and DELETE.
 * Its indexes (time, actor, action prefix, target) are the migration's. `changes` never holds a secret value: secret fields are stored as `"(changed)"` (admin-audit/redaction.ts).
 */
@Entity('admin_audit_entry')
export class AdminAuditEntryEntity {
  /** Identity, ascending with time: the keyset of the list (`before=<id>`). A bigint, so TypeORM hands it back as a string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  /** When the entry was written (the database clock), at the end of the request. */
  @Column('timestamptz', { default: () => 'now()' }) at!: Date;
  /** The signed-in user; null for a failed sign-in (the e-mail tried is in `changes.email`). */
  @Column('uuid', { nullable: true }) actorUserId!: string | null;
  @Column('varchar', { length: 254, nullable: true }) actorEmail!: string | null;
  @Column('varchar', { length: 20, nullable: true }) actorRole!: string | null;
  /** `connection.update`, `flow.create`, `record.replay`, `auth.login-failed`, … (AuditAction, or derived from the handler). */
  @Column('varchar', { length: 100 }) action!: string;
  /** What was acted on: `connection`, `flow`, `record`, `user`, … and its id (a route parameter or the created row's id). */
  @Column('varchar', { length: 60, nullable: true }) targetType!: string | null;
  @Column('varchar', { length: 200, nullable: true }) targetId!: string | null;
  @Column('varchar', { length: 10 }) method!: string;
  /** The route pattern, e.g. `/api/connections/:id` (the path itself for a request no route matched). */
  @Column('varchar', { length: 300 }) route!: string;
  @Column('varchar', { length: 10 }) outcome!: AdminAuditOutcome;
  @Column('int') statusCode!: number;
  /** The API's error code (`validation_failed`, `forbidden`, …) of a failed request. */
  @Column('varchar', { length: 60, nullable: true }) errorCode!: string | null;
  /** `req.ip`: the client address as Express sees it under the app's `trust proxy` setting. */
  @Column('varchar', { length: 64, nullable: true }) sourceAddress!: string | null;
  @Column('varchar', { length: 500, nullable: true }) userAgent!: string | null;
  /** The request's correlation id (x-correlation-id), to find its lines in the system log. */
  @Column('varchar', { length: 100, nullable: true }) correlationId!: string | null;
  /** The request body's field names and non-secret values; secret fields as `"(changed)"`; query parameters under `$query`. Null when there was neither. */
  @Column('jsonb', { nullable: true }) changes!: Record<string, unknown> | null;
}

export const ADMIN_AUDIT_ENTITIES = [AdminAuditEntryEntity];
