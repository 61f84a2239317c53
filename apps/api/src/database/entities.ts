import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ADMIN_AUDIT_ENTITIES } from './admin-audit.entities';
import { EXPORT_ENTITIES } from './export.entities';
import { PIPELINE_ENTITIES } from './pipeline.entities';
import type { CatchUpSchedule, FlowPosting, FlowRouting } from './flow-settings';

/** A stored, AES-256-GCM envelope-encrypted secret (see VaultService). Never leaves the server decrypted. */
@Entity('vault_secret')
export class VaultSecretEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Id of the master key (in VAULT_KEYS) that wrapped this row's data key. */
  @Column('varchar', { length: 40 }) keyId!: string;
  /** The data key, encrypted by the master key: iv(12) ‖ tag(16) ‖ ciphertext(32). */
  @Column('bytea') wrappedKey!: Buffer;
  @Column('bytea') iv!: Buffer;
  @Column('bytea') authTag!: Buffer;
  @Column('bytea') ciphertext!: Buffer;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export const CONNECTION_STATUSES = ['new', 'ok', 'failing', 'paused'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** One connected external system (a BigCommerce store, a Visma company, …). */
@Entity('connection')
export class ConnectionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar', { length: 40 }) system!: string;
  @Column('varchar', { length: 200 }) name!: string;
  /** Non-secret settings (store hash, company id, base URLs); shown in the API. */
  @Column('jsonb', { default: {} }) settings!: Record<string, unknown>;
  @Column('uuid', { nullable: true }) secretId!: string | null;
  /** Masked hint per credential field (`{ clientSecret: "••••a1b2" }`); the only trace of a secret the API shows. */
  @Column('jsonb', { default: {} }) credentialHints!: Record<string, string>;
  @Column('timestamptz', { nullable: true }) credentialsUpdatedAt!: Date | null;
  @Column('varchar', { length: 20, default: 'new' }) status!: ConnectionStatus;
  @Column('jsonb', { nullable: true }) lastPing!: object | null;
  @Column('timestamptz', { nullable: true }) lastPingAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** A configured movement of data: source connection → target connection for some entity types. */
@Entity('flow')
export class FlowEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar', { length: 200 }) name!: string;
  @Column('uuid') sourceConnectionId!: string;
  @Column('uuid') targetConnectionId!: string;
  /** Entity types moved, e.g. `['order', 'customer', 'refund']`. */
  @Column('text', { array: true }) entities!: string[];
  /**
   * The Visma company each record goes to: ordered routing rules (first match wins) over target connections, and
   * what happens to a record no rule matches (`default`: `targetConnectionId`; `skip`; `fail`). See FlowRouting.
   */
  @Column('jsonb', { default: { rules: [], unmatched: 'default' } }) routing!: FlowRouting;
  /** When the catch-up poll runs (UTC): every N minutes, daily at a time, monthly on a day, or off. */
  @Column('jsonb', { default: { kind: 'every', minutes: 10 } }) catchUpSchedule!: CatchUpSchedule;
  /** What the flow posts: orders as customer invoices or sales orders, customers as customers or suppliers. */
  @Column('jsonb', { default: { orderDocument: 'customer-invoice', customerAs: 'customer' } }) posting!: FlowPosting;
  @Column('boolean', { default: true }) isEnabled!: boolean;
  @Column('jsonb', { default: {} }) settings!: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export const SYNC_RECORD_STATUSES = ['received', 'processing', 'posted', 'failed', 'skipped'] as const;
export type SyncRecordStatus = (typeof SYNC_RECORD_STATUSES)[number];

/**
 * One source record (an order, a customer, a refund) in one flow, and its fate. Unique per connection, entity type,
 * external id and flow: a webhook delivered five times is one record; two flows reading the same store each have
 * their own (migration OnePipeline: a unique index with NULLS NOT DISTINCT).
 */
@Entity('sync_record')
@Index(['status', 'updatedAt'])
export class SyncRecordEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { nullable: true }) flowId!: string | null;
  @Column('uuid') connectionId!: string;
  @Column('varchar', { length: 40 }) system!: string;
  @Column('varchar', { length: 40 }) entityType!: string;
  @Column('varchar', { length: 200 }) externalId!: string;
  /** The Visma company (connection) the record was routed to, once routed; a refund follows its invoice's. */
  @Column('uuid', { nullable: true }) targetConnectionId!: string | null;
  /** Where it landed in the target (e.g. the Visma invoice number), once known. */
  @Column('varchar', { length: 200, nullable: true }) targetRef!: string | null;
  @Column('varchar', { length: 20, default: 'received' }) status!: SyncRecordStatus;
  @Column('int', { default: 0 }) attempts!: number;
  @Column('jsonb', { nullable: true }) lastError!: object | null;
  /** SHA-256 of the last source payload, to skip unchanged re-deliveries. */
  @Column('varchar', { length: 64, nullable: true }) payloadHash!: string | null;
  /** The latest raw source payload, kept verbatim for replay and audit (earlier fetched versions are in the timeline). */
  @Column('json', { nullable: true }) sourcePayload!: unknown;
  /** SHA-256 of `sourcePayload` once it is a fetched record (null while it is the first delivery's stub). */
  @Column('varchar', { length: 64, nullable: true }) fetchedPayloadHash!: string | null;
  /**
   * The source's modification time of `sourcePayload` when the source sends whole records (ISO-8601 UTC, e.g.
   * WooCommerce `date_modified_gmt`); an older delivery is stale and changes nothing. Null for stub deliveries.
   */
  @Column('varchar', { length: 40, nullable: true }) sourceVersion!: string | null;
  /** While set in the future, one worker holds this record (see RecordsService.claim). */
  @Column('timestamptz', { nullable: true }) leaseUntil!: Date | null;
  /** The token of the attempt holding the lease; only it may renew the lease or write an outcome (a fenced lease). */
  @Column('uuid', { nullable: true }) leaseOwner!: string | null;
  /** Number of the record's current hand-off to the queue; its job id is `<id>-h<handoff>` (see RecordsService). */
  @Column('int', { default: 0 }) handoff!: number;
  /** When the record is next due: at intake, after a retry's backoff or a re-delay; null once final. */
  @Column('timestamptz', { nullable: true }) nextAttemptAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** An append-only timeline entry of a record or of an admin action (UPDATE/DELETE are refused by a trigger). */
@Entity('audit_event')
@Index(['recordId', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { nullable: true }) recordId!: string | null;
  @Column('uuid', { nullable: true }) connectionId!: string | null;
  /** `system`, or `user:<email>` for admin actions and replays. */
  @Column('varchar', { length: 200 }) actor!: string;
  /** e.g. `record.received`, `record.posted`, `record.failed`, `record.replayed`, `connection.created`. */
  @Column('varchar', { length: 60 }) kind!: string;
  @Column('text') message!: string;
  @Column('json', { nullable: true }) data!: object | null;
  @Column('varchar', { length: 100, nullable: true }) correlationId!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** Catch-up position per flow and entity type; saved after every page. */
@Entity('sync_cursor')
@Index(['flowId', 'entityType'], { unique: true })
export class SyncCursorEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') connectionId!: string;
  @Column('uuid') flowId!: string;
  @Column('varchar', { length: 40 }) entityType!: string;
  /** Opaque, JSON-serialisable cursor from the connector. */
  @Column('jsonb', { nullable: true }) cursor!: unknown;
  /** Upper bound of the run in progress, frozen at its start (null when idle). */
  @Column('timestamptz', { nullable: true }) windowUpperBound!: Date | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/**
 * A dashboard/API user. Passwords are scrypt hashes (`scrypt$N$r$p$salt$hash`); an invited user has none until the
 * invite is used. Only `active` users can sign in or use a session (the guard checks it on every request).
 */
@Entity('app_user')
export class AppUserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar', { length: 254, unique: true }) email!: string;
  @Column('varchar', { length: 300, nullable: true }) passwordHash!: string | null;
  @Column('varchar', { length: 20 }) role!: 'admin' | 'support' | 'auditor';
  @Column('varchar', { length: 20, default: 'active' }) status!: 'invited' | 'active' | 'disabled';
  @Column('timestamptz', { nullable: true }) lastSignInAt!: Date | null;
  /** Client address of the last sign-in (as Express reports it). */
  @Column('varchar', { length: 64, nullable: true }) lastSignInIp!: string | null;
  @Column('timestamptz', { nullable: true }) passwordChangedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** A one-time set-password invite; only the SHA-256 of its token is stored, and it expires. */
@Entity('user_invite')
export class UserInviteEntity {
  @PrimaryColumn('varchar', { length: 64 }) tokenHash!: string;
  @Column('uuid') userId!: string;
  @Column('timestamptz') expiresAt!: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** A sign-in session; only the SHA-256 of its token is stored. */
@Entity('user_session')
export class UserSessionEntity {
  @PrimaryColumn('varchar', { length: 64 }) tokenHash!: string;
  @Column('uuid') userId!: string;
  @Column('timestamptz') expiresAt!: Date;
  /** Client address the session was opened from. */
  @Column('varchar', { length: 64, nullable: true }) ip!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

export const ENTITIES = [
  ...PIPELINE_ENTITIES,
  ...EXPORT_ENTITIES,
  ...ADMIN_AUDIT_ENTITIES,
  VaultSecretEntity,
  ConnectionEntity,
  FlowEntity,
  SyncRecordEntity,
  AuditEventEntity,
  SyncCursorEntity,
  AppUserEntity,
  UserSessionEntity,
  UserInviteEntity,
];
