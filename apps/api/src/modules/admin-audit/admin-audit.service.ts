import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { type AdminAuditOutcome, AdminAuditEntryEntity } from '../../database/admin-audit.entities';
import { MetricsService } from '../health/metrics';

/** An entry about to be written (the id and time come from the database). */
export type AdminAuditDraft = Omit<AdminAuditEntryEntity, 'id' | 'at'>;

/** An entry as `GET /api/admin-audit` and the CSV export show it (`at` as an ISO instant). */
export type AdminAuditView = Omit<AdminAuditEntryEntity, 'at'> & { at: string };

/**
 * Filter of the list and the CSV export. `actor`: a user id, or part of an e-mail (case-insensitive); `action`: a
 * prefix (`connection.` finds every connection action); `from` inclusive, `to` exclusive on `at`; `q`: free text over
 * actor, action, target, route, error code, address, user agent, correlation id and changes.
 */
export type AdminAuditFilter = {
  actor?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  outcome?: AdminAuditOutcome | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
};

/** One page, newest first; `nextCursor` is the `before` of the next page, null on the last. */
export type AdminAuditPage = { items: AdminAuditView[]; nextCursor: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `LIKE` pattern text matching `value` literally (`%`, `_` and `\` escaped; the queries say `ESCAPE '\'`). */
const likeLiteral = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Writes and reads the admin audit log (table `admin_audit_entry`, append-only by trigger). Writing never updates:
 * one INSERT per entry. A failed write is logged at error level with the whole (secret-free) entry, so it can be
 * recovered from the system log, and counted in `mlc_admin_audit_write_failures_total`.
 */
@Injectable()
export class AdminAuditService {
  private readonly logger = new Logger(AdminAuditService.name);
  private readonly writeFailures: Counter;

  constructor(
    @InjectRepository(AdminAuditEntryEntity) private readonly entries: Repository<AdminAuditEntryEntity>,
    metrics: MetricsService,
  ) {
    const name = 'mlc_admin_audit_write_failures_total';
    this.writeFailures =
      (metrics.registry.getSingleMetric(name) as Counter | undefined) ??
      new Counter({ name, help: 'Admin audit entries that could not be written (each is logged at error level with the entry).', registers: [metrics.registry] });
  }

  /**
   * Appends one entry. Never throws: a failure is logged loudly (error level, with the entry) and counted, because
   * the request it describes has already happened and its answer must not change because the log could not be written.
   * @returns whether the entry was stored.
   */
  async write(draft: AdminAuditDraft): Promise<boolean> {
    try {
      // The cast: TypeORM's deep-partial type cannot express a jsonb column of arbitrary JSON (`changes`).
      await this.entries.insert(draft as QueryDeepPartialEntity<AdminAuditEntryEntity>);
      return true;
    } catch (err) {
      this.writeFailures.inc();
      this.logger.error({ err, entry: draft }, 'ADMIN AUDIT ENTRY LOST: could not write it to admin_audit_entry; the entry is this log line');
      return false;
    }
  }

  /** A page of entries matching `filter`, newest first, older than the entry `before` (keyset pagination on the id). */
  async list(filter: AdminAuditFilter, page: { before?: string | undefined; limit: number }): Promise<AdminAuditPage> {
    const rows = await this.query(filter, page.before, page.limit + 1);
    const items = rows.slice(0, page.limit).map(toView);
    return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
  }

  /**
   * Every entry matching `filter`, newest first, in pages of `pageSize` (for the streamed CSV export). Entries written
   * while it runs are not included: pages follow the id keyset down from the newest entry when the first page was read.
   */
  async *pages(filter: AdminAuditFilter, pageSize = 1_000): AsyncGenerator<AdminAuditView[]> {
    let before: string | undefined;
    for (;;) {
      const rows = await this.query(filter, before, pageSize);
      if (rows.length > 0) yield rows.map(toView);
      if (rows.length < pageSize) return;
      before = rows.at(-1)?.id;
    }
  }

  private query(filter: AdminAuditFilter, before: string | undefined, limit: number): Promise<AdminAuditEntryEntity[]> {
    const qb = this.entries.createQueryBuilder('e');
    applyFilter(qb, filter);
    if (before) qb.andWhere('e.id < :before', { before });
    return qb.orderBy('e.id', 'DESC').limit(limit).getMany();
  }
}

function applyFilter(qb: SelectQueryBuilder<AdminAuditEntryEntity>, f: AdminAuditFilter): void {
  if (f.actor) {
    if (UUID.test(f.actor)) qb.andWhere('e.actor_user_id = :actorId', { actorId: f.actor });
    else qb.andWhere(`lower(e.actor_email) LIKE :actorEmail ESCAPE '\\'`, { actorEmail: `%${likeLiteral(f.actor.toLowerCase())}%` });
  }
  if (f.action) qb.andWhere(`e.action LIKE :actionPrefix ESCAPE '\\'`, { actionPrefix: `${likeLiteral(f.action)}%` });
  if (f.targetType) qb.andWhere('e.target_type = :targetType', { targetType: f.targetType });
  if (f.targetId) qb.andWhere('e.target_id = :targetId', { targetId: f.targetId });
  if (f.outcome) qb.andWhere('e.outcome = :outcome', { outcome: f.outcome });
  if (f.from) qb.andWhere('e.at >= :from', { from: f.from });
  if (f.to) qb.andWhere('e.at < :to', { to: f.to });
  if (f.q) {
    qb.andWhere(
      `concat_ws(' ', e.actor_email, e.actor_role, e.action, e.target_type, e.target_id, e.route, e.error_code, e.source_address, e.user_agent, e.correlation_id, e.changes::text) ILIKE :q ESCAPE '\\'`,
      { q: `%${likeLiteral(f.q)}%` },
    );
  }
}

function toView(e: AdminAuditEntryEntity): AdminAuditView {
  return { ...e, at: e.at.toISOString() };
}
