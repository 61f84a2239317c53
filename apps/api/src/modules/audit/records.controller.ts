import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { type AuthUser, CurrentUser } from '../../common/auth.decorators';
import { correlationIdOf } from '../../common/logger';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { AuditAction } from '../admin-audit/audit-action.decorator';
import { SYNC_RECORD_STATUSES, SyncRecordEntity } from '../../database/entities';
import { RecordsService } from '../sync/records.service';
import { AuditService } from './audit.service';

const FILTER_SCHEMA = z.object({
  system: z.string().max(40).optional(),
  entityType: z.string().max(40).optional(),
  status: z.enum(SYNC_RECORD_STATUSES).optional(),
  connectionId: z.string().uuid().optional(),
  externalId: z.string().max(200).optional(),
  flowId: z.string().uuid().optional(),
  customerEmail: z.string().max(254).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
const LIST_SCHEMA = FILTER_SCHEMA.extend({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) }).strict();
const BULK_REPLAY_SCHEMA = z.object({ filter: FILTER_SCHEMA.strict(), max: z.number().int().min(1).max(10_000).default(1_000) });

type Filter = z.infer<typeof FILTER_SCHEMA>;

/** A record due again later (a retry after backoff, or a re-delay), with why and when: shown as "waiting for retry". */
export type RecordWaiting = { reason: string; nextAttemptAt: string };

/**
 * The record as the API shows it: without its lease owner token (internal), with `waiting` set while it waits for its
 * next attempt (status `received`, due in the future).
 */
export function presentRecord<R extends Pick<SyncRecordEntity, 'status' | 'nextAttemptAt' | 'lastError' | 'leaseOwner'>>(record: R, now = new Date()): Omit<R, 'leaseOwner'> & { waiting: RecordWaiting | null } {
  const { leaseOwner: _owner, ...rest } = record;
  const due = record.nextAttemptAt ? new Date(record.nextAttemptAt) : undefined;
  const isWaiting = record.status === 'received' && due !== undefined && due.getTime() > now.getTime();
  const message = (record.lastError as { message?: unknown } | null)?.message;
  return {
    ...rest,
    waiting: isWaiting ? { reason: typeof message === 'string' ? message : 'Queued for its next attempt', nextAttemptAt: due.toISOString() } : null,
  };
}

/** The audit trail: records with their timelines, and replay (single, or bulk by filter). Support and admin alike. */
@ApiTags('records')
@Controller('api/records')
export class RecordsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  async list(@Query(new ZodValidationPipe(LIST_SCHEMA)) query: z.infer<typeof LIST_SCHEMA>) {
    const qb = this.filtered(query).orderBy('r.updated_at', 'DESC').limit(query.limit).offset(query.offset);
    const [items, total] = await qb.getManyAndCount();
    return {
      total,
      items: items.map(({ sourcePayload: _payload, ...rest }) => presentRecord(rest)),
    };
  }

  @Get(':id')
  async detail(@Param('id', ParseUUIDPipe) id: string) {
    const [record, timeline] = await Promise.all([this.records.get(id), this.audit.timeline(id)]);
    return { record: presentRecord(record), timeline };
  }

  @Post(':id/replay')
  @AuditAction('record.replay', { target: 'record' })
  @HttpCode(202)
  async replay(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser, @Req() req: Request): Promise<{ queued: true }> {
    await this.records.replay(id, `user:${user.email}`, correlationIdOf(req));
    return { queued: true };
  }

  @Post('replay')
  @AuditAction('record.bulk-replay', { target: 'record' })
  @HttpCode(202)
  async bulkReplay(
    @Body(new ZodValidationPipe(BULK_REPLAY_SCHEMA)) body: z.infer<typeof BULK_REPLAY_SCHEMA>,
    @CurrentUser() user: AuthUser,
  ): Promise<{ queued: number }> {
    const ids = await this.filtered(body.filter).select('r.id', 'id').orderBy('r.updated_at', 'ASC').limit(body.max).getRawMany<{ id: string }>();
    for (const { id } of ids) await this.records.replay(id, `user:${user.email}`);
    return { queued: ids.length };
  }

  private filtered(f: Filter) {
    const qb = this.db.getRepository(SyncRecordEntity).createQueryBuilder('r');
    if (f.system) qb.andWhere('r.system = :system', { system: f.system });
    if (f.entityType) qb.andWhere('r.entity_type = :entityType', { entityType: f.entityType });
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.connectionId) qb.andWhere('r.connection_id = :connectionId', { connectionId: f.connectionId });
    if (f.externalId) qb.andWhere('r.external_id = :externalId', { externalId: f.externalId });
    if (f.flowId) qb.andWhere('r.flow_id = :flowId', { flowId: f.flowId });
    if (f.customerEmail) {
      // Orders keep the buyer in order.billing_address (after fetch) ; customers carry it at the top level.
      qb.andWhere(
        `lower(coalesce(r.source_payload->'order'->'billing_address'->>'email', r.source_payload->>'email', '')) = lower(:customerEmail)`,
        { customerEmail: f.customerEmail.trim() },
      );
    }
    if (f.from) qb.andWhere('r.updated_at >= :from', { from: f.from });
    if (f.to) qb.andWhere('r.updated_at < :to', { to: f.to });
    return qb;
  }
}
