import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AuditEventEntity } from '../../database/entities';

/** What one audit entry says: who did what to which record or connection, with its data. */
export type AuditEntry = {
  kind: string;
  message: string;
  actor?: string;
  recordId?: string | null;
  connectionId?: string | null;
  data?: Record<string, unknown> | null;
  correlationId?: string | null;
};

/** Appends to the audit trail (rows are append-only, enforced by a database trigger). */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  /** Appends one entry; pass `manager` to write inside the caller's short transaction. */
  async append(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditEventEntity) : this.events;
    await repo.insert({
      kind: entry.kind,
      message: entry.message,
      actor: entry.actor ?? 'system',
      recordId: entry.recordId ?? null,
      connectionId: entry.connectionId ?? null,
      data: entry.data ?? null,
      correlationId: entry.correlationId ?? null,
    });
  }

  /** A record's timeline, oldest first. */
  timeline(recordId: string): Promise<AuditEventEntity[]> {
    return this.events.find({ where: { recordId }, order: { id: 'ASC' } });
  }
}
