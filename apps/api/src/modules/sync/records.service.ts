import { createHash, randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { REDIS } from '../../common/redis.module';
import { type SyncRecordStatus, SyncRecordEntity } from '../../database/entities';
import { AuditService } from '../audit/audit.service';
import { FETCHED_KIND, type RecordEvent } from './record-handler';
import { CLAIM_SQL, FINISH_SQL, RECEIVE_SQL, RENEW_SQL } from './records.sql';
import { PROCESS_RECORD_JOB, type ProcessRecordJobData, RECORD_BACKOFF_TYPE, RECORDS_QUEUE, recordJobId } from './sync.constants';

/** A source record arriving from a webhook or a poll. `payload` is kept verbatim. */
export type IncomingRecord = {
  connectionId: string;
  system: string;
  entityType: string;
  externalId: string;
  payload: unknown;
  /**
   * The enabled flows that move this record (one record each: two flows reading one store post independently).
   * Empty or absent: the record is kept without a flow and fails visibly (`no_flow`) until one is enabled and it is replayed.
   */
  flowIds?: readonly string[] | undefined;
  correlationId?: string | undefined;
  /** `webhook`, `poll`, `manual` — for the timeline. */
  via: string;
  /**
   * True for records whose posted outcome never changes (an order becomes one invoice): a new delivery of a
   * posted record is then a duplicate. False for records whose changes must flow (customers).
   */
  isFinalOncePosted?: boolean;
  /**
   * The raw webhook delivery, stored in the same statement. Its key (scope + payload hash) and webhook-id
   * make a repeated delivery a duplicate before the record is even touched.
   */
  delivery?: { key: string; webhookId: string | null; scope: string; body: string } | undefined;
  /**
   * The payload's source version when it is the whole record (its modification time as ISO-8601 UTC, e.g. WooCommerce
   * `date_modified_gmt`): an older payload than the record's is stale and changes nothing, a newer one replaces it.
   */
  version?: string | undefined;
};

/**
 * `recordId` is the first flow's record (the only one in most set-ups), null only for a duplicate delivery of a record
 * that does not exist yet (its first delivery is in flight); `isDuplicate` is true only when every flow's record was one;
 * `isStale` when every flow's record already holds a newer version of the payload (nothing changed).
 */
export type ReceiveResult = { recordId: string | null; isDuplicate: boolean; isStale: boolean };

/** How long a note that a record waits for its parent is kept (the parent usually posts within seconds). */
const WAITING_TTL_MS = 24 * 3_600_000;

/** SHA-256 of a payload's canonical JSON (keys sorted), so key order never makes a duplicate look new. */
export function payloadHash(payload: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
    }
    return value;
  };
  return createHash('sha256').update(JSON.stringify(canonical(payload) ?? null)).digest('hex');
}

/** Why a claim did not take the record: another attempt's lease (until when), a newer hand-off, or no such record. */
export type ClaimResult =
  | { kind: 'claimed'; record: SyncRecordEntity; owner: string }
  | { kind: 'busy'; until: Date }
  | { kind: 'stale'; currentHandoff: number }
  | { kind: 'missing' };

/** A record the sweeper looks at: due (or overdue) and not under a live lease. */
export type OverdueRecord = { id: string; handoff: number; status: SyncRecordStatus; connectionId: string };

/**
 * The record lifecycle: intake (one statement writes the record, its hand-off number and its `record.received` event,
 * then one enqueue; the record row is the outbox the sweeper completes when the enqueue never happened), fenced
 * leases (claim with an owner token, renew, outcome written only by the owner), outcomes (record + audit event in one
 * statement, never across an HTTP call), replay and recovery (a new hand-off each).
 */
@Injectable()
export class RecordsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(RECORDS_QUEUE) private readonly queue: Queue<ProcessRecordJobData>,
    private readonly audit: AuditService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /**
   * Notes that record `childId` waits for record `parentId` to be posted (a refund for its order's invoice), so the
   * parent's posting wakes it at once (`wakeWaiting`) instead of after its re-delay. Kept a day in Redis.
   */
  async noteWaiting(parentId: string, childId: string): Promise<void> {
    const key = `waiting-for:${parentId}`;
    await this.redis.multi().sadd(key, childId).pexpire(key, WAITING_TTL_MS).exec();
  }

  /**
   * Hands every record waiting for `parentId` (see noteWaiting) to the queue now, as a new hand-off (its delayed job
   * becomes stale; one still finishing its waiting attempt is claimed right after). One Redis round trip when none waits. @returns how many were woken.
   */
  async wakeWaiting(parentId: string): Promise<number> {
    const key = `waiting-for:${parentId}`;
    const ids = await this.redis.smembers(key);
    if (!ids.length) return 0;
    await this.redis.del(key);
    let woken = 0;
    for (const id of ids) {
      const rows: { handoff: number }[] = await this.db.query(
        `WITH u AS (
           UPDATE sync_record SET handoff = handoff + 1, next_attempt_at = now(), updated_at = now()
            WHERE id = $1 AND status IN ('received', 'processing') RETURNING handoff
         ) SELECT handoff FROM u`,
        [id],
      );
      const handoff = rows[0]?.handoff;
      if (handoff === undefined) continue;
      await this.enqueue(id, handoff, {});
      woken += 1;
    }
    return woken;
  }

  /**
   * Stores the record and enqueues its processing. Every delivery's raw payload is kept in its
   * `record.received` audit event; `source_payload` starts as the first delivery and is replaced by the full
   * record once fetched (a later stub never overwrites it). A delivery whose payload hash equals the last
   * one while the record is received, processing or posted is a duplicate: neither stored nor enqueued.
   * The enqueue follows the commit; a process that dies in between leaves the record due with no job, which the
   * sweeper (RecordSweeper) queues again within SWEEP_GRACE_MS + SWEEP_INTERVAL_MS.
   */
  async receive(input: IncomingRecord): Promise<ReceiveResult> {
    const hash = payloadHash(input.payload);
    const d = input.delivery;
    const flowIds = input.flowIds?.length ? input.flowIds : [null];
    const rows = await RECEIVE_SQL.run(this.db, [
      input.connectionId,
      input.system,
      input.entityType,
      input.externalId,
      flowIds,
      JSON.stringify(input.payload ?? null),
      hash,
      `${input.entityType} ${input.externalId} received by ${input.via}`,
      input.via,
      input.correlationId ?? null,
      input.isFinalOncePosted ?? false,
      d?.key ?? null,
      d?.webhookId ?? null,
      d?.scope ?? null,
      d?.body ?? null,
      input.version ?? null,
    ]);
    if (!rows.length || rows.some((row) => !row.id && !d)) throw new Error('record upsert returned no row');
    for (const row of rows) {
      if (row.id && !row.is_duplicate && row.handoff !== null) await this.enqueue(row.id, row.handoff, { correlationId: input.correlationId });
    }
    return { recordId: rows[0]?.id ?? null, isDuplicate: rows.every((row) => row.is_duplicate), isStale: rows.every((row) => row.is_stale) };
  }

  async get(id: string): Promise<SyncRecordEntity> {
    const record = await this.db.getRepository(SyncRecordEntity).findOneBy({ id });
    if (!record) throw AppException.notFound('Record', id);
    return record;
  }

  /**
   * Takes the record's processing lease for `leaseMs` under a new owner token (one statement) and counts the attempt.
   * The owner renews it (`renew`) while it works and writes its outcome with it (`finish`); when it stops renewing (it
   * died or froze), the lease expires and the next attempt looks in the target before creating anything.
   * @param handoff the job's hand-off number; a job of an older hand-off gets `stale` (the newer job does the work)
   * @returns `claimed` with the record (identity, target reference, status, attempts, hashes; not its payload, error
   *   or timestamps) and the owner token; `busy` with the other lease's expiry; `stale`; or `missing`.
   */
  async claim(id: string, leaseMs: number, handoff?: number): Promise<ClaimResult> {
    // A CTE + SELECT, because TypeORM answers a bare UPDATE … RETURNING with [rows, affectedCount]. The claimed row
    // comes back in the same round trip with what handlers read: not its payload (handlers fetch it fresh), its last
    // error or its timestamps (parsing them cost the worker more than the columns are worth to it).
    const owner = randomUUID();
    const rows = await CLAIM_SQL.run(this.db, [id, leaseMs, owner, handoff ?? null]);
    const row = rows[0];
    if (!row) return { kind: 'missing' };
    if (row['id'] === null) {
      const currentHandoff = Number(row['current_handoff']);
      if (handoff !== undefined && currentHandoff > handoff) return { kind: 'stale', currentHandoff };
      return { kind: 'busy', until: new Date(row['busy_until'] as string | Date) };
    }
    const record = Object.assign(new SyncRecordEntity(), {
      id: row['id'],
      flowId: row['flow_id'],
      connectionId: row['connection_id'],
      system: row['system'],
      entityType: row['entity_type'],
      externalId: row['external_id'],
      targetRef: row['target_ref'],
      targetConnectionId: row['target_connection_id'],
      status: row['status'],
      attempts: row['attempts'],
      payloadHash: row['payload_hash'],
      fetchedPayloadHash: row['fetched_payload_hash'],
      handoff: row['handoff'],
      leaseOwner: owner,
    } as Partial<SyncRecordEntity>);
    return { kind: 'claimed', record, owner };
  }

  /** Extends the lease of `owner` by `leaseMs` from now. @returns false when another attempt owns the record now. */
  async renew(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return (await RENEW_SQL.run(this.db, [id, owner, leaseMs])).length > 0;
  }

  /**
   * Writes an attempt's outcome in one statement: the record's status, target reference, error and (when
   * fetched) its full source payload, plus every timeline entry of the attempt in order, ending with `event`.
   * The payload is stored once, on the record; its `record.fetched` entry gets the payload's SHA-256, and the
   * payload it replaced when that differs (see FINISH_SQL). No transaction is held across HTTP calls; one round trip.
   * With `outcome.owner` the write is fenced: nothing is written unless that token still holds the lease.
   * @returns false when the fenced write found another owner (the outcome and events were not written)
   */
  async finish(
    id: string,
    outcome: {
      status: SyncRecordStatus;
      targetRef?: string | null;
      error?: Record<string, unknown> | null;
      sourcePayload?: unknown;
      /** The fetched payload's source version (ISO-8601 UTC modification time), when the source gives one. */
      sourceVersion?: string | undefined;
      targetConnectionId?: string | null | undefined;
      /** The lease owner's token (see claim); absent for writes that are not an attempt's. */
      owner?: string | undefined;
      /** When the record is next due (a retry or a re-delay); absent: final. */
      nextAttemptAt?: Date | undefined;
    },
    event: { kind: string; message: string; data?: Record<string, unknown>; correlationId?: string | undefined },
    earlier: readonly RecordEvent[] = [],
  ): Promise<boolean> {
    const hasPayload = outcome.sourcePayload !== undefined;
    const payloadJson = hasPayload ? JSON.stringify(outcome.sourcePayload ?? null) : null;
    const payloadSha256 = payloadJson === null ? null : createHash('sha256').update(payloadJson).digest('hex');
    const events = [...earlier, event];
    const rows = await FINISH_SQL.run(this.db, [
      id,
      outcome.status,
      outcome.targetRef !== undefined,
      outcome.targetRef ?? null,
      outcome.error ? JSON.stringify(outcome.error) : null,
      events.map((e) => e.kind),
      events.map((e) => e.message),
      JSON.stringify(events.map((e) => (e.kind === FETCHED_KIND && payloadSha256 ? { ...e.data, payloadSha256 } : (e.data ?? null)))),
      event.correlationId ?? null,
      hasPayload,
      payloadJson,
      payloadSha256,
      outcome.targetConnectionId ?? null,
      outcome.owner ?? null,
      outcome.nextAttemptAt ?? null,
      outcome.sourceVersion ?? null,
    ]);
    return rows.length > 0;
  }

  /** Re-enqueues a record (any status) as a new hand-off and records who asked. @throws AppException not found. */
  async replay(id: string, actor: string, correlationId?: string): Promise<void> {
    const record = await this.get(id);
    await this.audit.append({ kind: 'record.replayed', message: `Replay requested by ${actor}`, actor, recordId: id, connectionId: record.connectionId, correlationId: correlationId ?? null });
    const rows: { handoff: number }[] = await this.db.query(
      `WITH u AS (
         UPDATE sync_record SET status = CASE WHEN status = 'processing' THEN status ELSE 'received' END, handoff = handoff + 1,
                next_attempt_at = now(), updated_at = now()
          WHERE id = $1 RETURNING handoff
       ) SELECT handoff FROM u`,
      [id],
    );
    const handoff = rows[0]?.handoff;
    if (handoff !== undefined) await this.enqueue(id, handoff, { correlationId, replayedBy: actor });
  }

  /**
   * Records that are due (by `graceMs` past their due time) and under no live lease: the sweeper's candidates, oldest
   * first. A record still waiting in a long queue is one too; the sweeper asks BullMQ before queuing it again.
   */
  async overdue(graceMs: number, limit: number): Promise<OverdueRecord[]> {
    const rows: { id: string; handoff: number; status: SyncRecordStatus; connection_id: string }[] = await this.db.query(
      `SELECT id, handoff, status, connection_id FROM sync_record
        WHERE status IN ('received', 'processing') AND (lease_until IS NULL OR lease_until < now())
          AND next_attempt_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY next_attempt_at LIMIT $2`,
      [graceMs, limit],
    );
    return rows.map((r) => ({ id: r.id, handoff: r.handoff, status: r.status, connectionId: r.connection_id }));
  }

  /**
   * Hands a record whose job is gone (never queued, lost with Redis data, failed by BullMQ as stalled) to the queue
   * again as a new hand-off, with a `record.requeued` timeline entry saying why. A record already tried `attemptLimit`
   * times fails instead (`record.failed`, code `worker_lost`), so a record that kills its workers cannot loop forever.
   * Does nothing when the record moved on meanwhile (another hand-off, a live lease, a final status).
   * @returns `requeued`, `failed` or `unchanged`
   */
  async recover(id: string, expectedHandoff: number, reason: string, attemptLimit: number): Promise<'requeued' | 'failed' | 'unchanged'> {
    const failure = { name: 'WorkerLost', code: 'worker_lost', message: `Tried ${attemptLimit} times and lost every time: ${reason}` };
    const rows: { handoff: number; connection_id: string; status: SyncRecordStatus }[] = await this.db.query(
      `WITH u AS (
         UPDATE sync_record SET handoff = handoff + 1, lease_owner = NULL, updated_at = now(),
                status = CASE WHEN attempts >= $3 THEN 'failed' ELSE 'received' END,
                next_attempt_at = CASE WHEN attempts >= $3 THEN NULL ELSE now() END,
                last_error = CASE WHEN attempts >= $3 THEN $4::jsonb ELSE last_error END
          WHERE id = $1 AND handoff = $2 AND status IN ('received', 'processing') AND (lease_until IS NULL OR lease_until < now())
         RETURNING handoff, connection_id, status
       ) SELECT * FROM u`,
      [id, expectedHandoff, attemptLimit, JSON.stringify(failure)],
    );
    const row = rows[0];
    if (!row) return 'unchanged';
    if (row.status === 'failed') {
      await this.audit.append({ kind: 'record.failed', message: failure.message, actor: 'system', recordId: id, connectionId: row.connection_id, data: { error: failure } });
      return 'failed';
    }
    await this.audit.append({ kind: 'record.requeued', message: reason, actor: 'system', recordId: id, connectionId: row.connection_id });
    await this.enqueue(id, row.handoff, {});
    return 'requeued';
  }

  /** BullMQ's state of the job carrying hand-off `handoff` of a record (`unknown` when no such job exists). */
  async jobStateOf(id: string, handoff: number): Promise<string> {
    return this.queue.getJobState(recordJobId(id, handoff));
  }

  private async enqueue(recordId: string, handoff: number, extra: { correlationId?: string | undefined; replayedBy?: string | undefined }): Promise<void> {
    await this.queue.add(
      PROCESS_RECORD_JOB,
      { recordId, handoff, ...extra },
      // One job per hand-off: its id says which, so a job BullMQ lost or failed can be found missing (see overdue).
      { jobId: recordJobId(recordId, handoff), backoff: { type: RECORD_BACKOFF_TYPE } },
    );
  }
}
