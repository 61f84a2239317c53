import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { type SyncRecordStatus, SyncRecordEntity } from '../../database/entities';
import { PreparedStatement } from '../../database/prepared-statement';
import { AuditService } from '../audit/audit.service';
import { FETCHED_KIND, type RecordEvent } from './record-handler';
import { PROCESS_RECORD_JOB, type ProcessRecordJobData, RECORDS_QUEUE } from './sync.constants';

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
};

/**
 * `recordId` is the first flow's record (the only one in most set-ups), null only for a duplicate delivery of a record
 * that does not exist yet (its first delivery is in flight); `isDuplicate` is true only when every flow's record was one.
 */
export type ReceiveResult = { recordId: string | null; isDuplicate: boolean };

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

/**
 * Intake in one statement: the raw delivery (de-duplicated on its key and webhook-id), one record per flow in $5 (an
 * array; `{NULL}` when no flow moves the record yet) and each new or changed record's `record.received` event. A new
 * delivery (its key and webhook-id not seen before) of a record whose changes flow ($11 false: customers) re-queues it
 * even with the same payload: two updates in one second may carry the same stub, and the worker reads the current
 * state. One row per flow comes back: the record's id, its attempts when it is (re)queued, and whether it was a duplicate.
 */
const RECEIVE_SQL = new PreparedStatement<{ id: string | null; attempts: number | null; is_duplicate: boolean }>(
  'mlc_record_receive_v4',
  `WITH delivery AS (
         INSERT INTO webhook_delivery (connection_id, delivery_key, webhook_id, scope, body)
         SELECT $1, $12::varchar, $13::varchar, $14::varchar, $15::json
          WHERE $12::varchar IS NOT NULL
            AND ($13::varchar IS NULL OR NOT EXISTS (SELECT 1 FROM webhook_delivery WHERE connection_id = $1 AND webhook_id = $13::varchar))
         ON CONFLICT (connection_id, delivery_key) DO NOTHING
         RETURNING id
       ), flows AS (
         SELECT f.flow_id FROM unnest($5::uuid[]) AS f(flow_id)
       ), upserted AS (
         INSERT INTO sync_record (connection_id, system, entity_type, external_id, flow_id, source_payload, payload_hash, status)
         SELECT $1, $2, $3, $4, flows.flow_id, $6::json, $7, 'received' FROM flows
          WHERE $12::varchar IS NULL OR EXISTS (SELECT 1 FROM delivery)
         ON CONFLICT (connection_id, entity_type, external_id, flow_id) DO UPDATE
            SET payload_hash = EXCLUDED.payload_hash,
                status = CASE WHEN sync_record.status IN ('posted', 'processing') THEN sync_record.status ELSE 'received' END,
                updated_at = now()
          WHERE (sync_record.payload_hash IS DISTINCT FROM EXCLUDED.payload_hash OR sync_record.status IN ('failed', 'skipped')
                 OR (NOT $11::boolean AND $12::varchar IS NOT NULL))
            AND NOT ($11::boolean AND sync_record.status = 'posted')
         RETURNING id, attempts, flow_id
       ), event AS (
         INSERT INTO audit_event (record_id, connection_id, actor, kind, message, data, correlation_id)
         SELECT id, $1, 'system', 'record.received', $8, json_build_object('via', $9::text, 'payload', $6::json), $10 FROM upserted
       )
       SELECT COALESCE(u.id, p.id) AS id, u.attempts, u.id IS NULL AS is_duplicate
         FROM flows
         LEFT JOIN upserted u ON u.flow_id IS NOT DISTINCT FROM flows.flow_id
         LEFT JOIN sync_record p ON u.id IS NULL AND p.connection_id = $1 AND p.entity_type = $3 AND p.external_id = $4 AND p.flow_id IS NOT DISTINCT FROM flows.flow_id`,
);

const CLAIM_SQL = new PreparedStatement<Record<string, unknown>>(
  'mlc_record_claim_v2',
  `WITH claimed AS (
         UPDATE sync_record SET status = 'processing', attempts = attempts + 1, updated_at = now(),
                lease_until = now() + make_interval(secs => $2::double precision / 1000)
          WHERE id = $1 AND (lease_until IS NULL OR lease_until < now())
         RETURNING id, flow_id, connection_id, system, entity_type, external_id, target_ref, target_connection_id, status, attempts,
                   payload_hash, fetched_payload_hash
       ) SELECT * FROM claimed`,
);

/**
 * $1 id, $2 status, $3/$4 whether/what target ref, $5 error (jsonb), $6/$7 the events' kinds and messages (text[]),
 * $8 their data as one JSON array (a json[] parameter would have pg escape every quote of every document; one JSON
 * array costs PostgreSQL about as little as unnest, unlike json_to_recordset over whole events), $9 correlation id,
 * $10/$11/$12 whether/what fetched payload and its SHA-256, $13 the Visma company it was routed to (null: unchanged). `old` reads the row as it was before the update (one
 * snapshot for the whole statement), so a fetched payload that replaces a different earlier one moves that one into
 * the `record.fetched` entry as `previousPayload`: the record holds the latest payload, the timeline every earlier one.
 */
const FINISH_SQL = new PreparedStatement<QueryResultRow>(
  'mlc_record_finish_v2',
  `WITH old AS (
         SELECT source_payload, fetched_payload_hash FROM sync_record WHERE id = $1
       ), r AS (
         UPDATE sync_record SET status = $2, target_ref = CASE WHEN $3::boolean THEN $4 ELSE target_ref END,
                last_error = $5::jsonb, lease_until = NULL, updated_at = now(),
                source_payload = CASE WHEN $10::boolean THEN $11::json ELSE source_payload END,
                fetched_payload_hash = CASE WHEN $10::boolean THEN $12::varchar ELSE fetched_payload_hash END,
                target_connection_id = COALESCE($13::uuid, target_connection_id)
          WHERE id = $1 RETURNING id, connection_id
       )
       INSERT INTO audit_event (record_id, connection_id, actor, kind, message, data, correlation_id)
       SELECT r.id, r.connection_id, 'system', e.kind, e.message,
              CASE WHEN e.kind = '${FETCHED_KIND}' AND $10::boolean AND old.fetched_payload_hash IS DISTINCT FROM $12::varchar
                        AND old.fetched_payload_hash IS NOT NULL AND e.data::text LIKE '{"%'
                   THEN ('{"previousPayload":' || old.source_payload::text || ',' || substr(e.data::text, 2))::json
                   ELSE e.data END,
              $9
         FROM r CROSS JOIN old
         CROSS JOIN (
           SELECT k.kind, k.message, CASE WHEN json_typeof(d.data) = 'null' THEN NULL ELSE d.data END AS data, k.n
             FROM unnest($6::text[], $7::text[]) WITH ORDINALITY AS k(kind, message, n)
             JOIN json_array_elements($8::json) WITH ORDINALITY AS d(data, n) ON d.n = k.n
         ) AS e
        ORDER BY e.n`,
);

/**
 * The record lifecycle: intake (one statement writes the record and its `record.received` event, then one
 * enqueue), outcomes (record + audit event in one short transaction, never across an HTTP call), replay.
 */
@Injectable()
export class RecordsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(RECORDS_QUEUE) private readonly queue: Queue<ProcessRecordJobData>,
    private readonly audit: AuditService,
  ) {}

  /**
   * Stores the record and enqueues its processing. Every delivery's raw payload is kept in its
   * `record.received` audit event; `source_payload` starts as the first delivery and is replaced by the full
   * record once fetched (a later stub never overwrites it). A delivery whose payload hash equals the last
   * one while the record is received, processing or posted is a duplicate: neither stored nor enqueued.
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
    ]);
    if (!rows.length || rows.some((row) => !row.id && !d)) throw new Error('record upsert returned no row');
    for (const row of rows) {
      if (row.id && !row.is_duplicate) {
        await this.queue.add(
          PROCESS_RECORD_JOB,
          { recordId: row.id, correlationId: input.correlationId },
          // The attempt count makes the id new once the record was processed: a failed job stays in BullMQ's failed
          // set under its id, and an add under that id again would be ignored, leaving the record `received` forever.
          { jobId: `${row.id}-${hash.slice(0, 16)}-${row.attempts ?? 0}` },
        );
      }
    }
    return { recordId: rows[0]?.id ?? null, isDuplicate: rows.every((row) => row.is_duplicate) };
  }

  async get(id: string): Promise<SyncRecordEntity> {
    const record = await this.db.getRepository(SyncRecordEntity).findOneBy({ id });
    if (!record) throw AppException.notFound('Record', id);
    return record;
  }

  /**
   * Takes the record's processing lease for `leaseMs` (one statement) and counts the attempt.
   * @returns the record (identity, target reference, status, attempts and hashes; not its payload, error or
   *   timestamps), or undefined while another worker holds an unexpired lease. A worker that died
   *   mid-attempt leaves its lease to expire, after which the next attempt looks in the target before
   *   creating anything (the outcome of the dead attempt is unknown).
   */
  async claim(id: string, leaseMs: number): Promise<SyncRecordEntity | undefined> {
    // A CTE + SELECT, because TypeORM answers a bare UPDATE … RETURNING with [rows, affectedCount]. The claimed row
    // comes back in the same round trip with what handlers read: not its payload (handlers fetch it fresh), its last
    // error or its timestamps (parsing them cost the worker more than the columns are worth to it).
    const rows = await CLAIM_SQL.run(this.db, [id, leaseMs]);
    const row = rows[0];
    if (!row) return undefined;
    return Object.assign(new SyncRecordEntity(), {
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
    } as Partial<SyncRecordEntity>);
  }

  /**
   * Writes an attempt's outcome in one statement: the record's status, target reference, error and (when
   * fetched) its full source payload, plus every timeline entry of the attempt in order, ending with `event`.
   * The payload is stored once, on the record; its `record.fetched` entry gets the payload's SHA-256, and the
   * payload it replaced when that differs (see FINISH_SQL). No transaction is held across HTTP calls; one round trip.
   */
  async finish(
    id: string,
    outcome: { status: SyncRecordStatus; targetRef?: string | null; error?: Record<string, unknown> | null; sourcePayload?: unknown; targetConnectionId?: string | null | undefined },
    event: { kind: string; message: string; data?: Record<string, unknown>; correlationId?: string | undefined },
    earlier: readonly RecordEvent[] = [],
  ): Promise<void> {
    const hasPayload = outcome.sourcePayload !== undefined;
    const payloadJson = hasPayload ? JSON.stringify(outcome.sourcePayload ?? null) : null;
    const payloadSha256 = payloadJson === null ? null : createHash('sha256').update(payloadJson).digest('hex');
    const events = [...earlier, event];
    await FINISH_SQL.run(this.db, [
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
    ]);
  }

  /** Re-enqueues a record (any status) and records who asked. */
  async replay(id: string, actor: string, correlationId?: string): Promise<void> {
    const record = await this.get(id);
    await this.audit.append({ kind: 'record.replayed', message: `Replay requested by ${actor}`, actor, recordId: id, connectionId: record.connectionId, correlationId: correlationId ?? null });
    await this.db.query(`UPDATE sync_record SET status = CASE WHEN status = 'processing' THEN status ELSE 'received' END, updated_at = now() WHERE id = $1`, [id]);
    await this.queue.add(PROCESS_RECORD_JOB, { recordId: id, correlationId, replayedBy: actor }, { jobId: `${id}-replay-${Date.now()}` });
  }
}
