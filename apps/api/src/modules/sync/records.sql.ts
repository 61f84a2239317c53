import type { QueryResultRow } from 'pg';
import { PreparedStatement } from '../../database/prepared-statement';
import { FETCHED_KIND } from './record-handler';

/*
 * The record lifecycle's hot-path statements (one round trip each), used by RecordsService: intake, claim, lease
 * renewal and the attempt's outcome with its timeline.
 */

/**
 * Intake in one statement: the raw delivery (de-duplicated on its key and webhook-id), one record per flow in $5 (an
 * array; `{NULL}` when no flow moves the record yet) and each new or changed record's `record.received` event. A new
 * delivery (its key and webhook-id not seen before) of a record whose changes flow ($11 false: customers) re-queues it
 * even with the same payload: two updates in one second may carry the same stub, and the worker reads the current
 * state. One row per flow comes back: the record's id, its hand-off number when it is (re)queued (each queuing counts
 * one up: the job id `<id>-h<handoff>` is new every time, and the sweeper can tell whether that job still lives), and
 * whether it was a duplicate. `next_attempt_at = now()`: the record is due at once.
 *
 * $16 is the payload's source version when the payload is the whole record (WooCommerce `date_modified_gmt`, as
 * ISO-8601 UTC, so text order is time order), else null. A versioned payload older than the record's is stale: it
 * changes nothing and comes back as `is_stale` (also a duplicate). A newer one replaces `source_payload` (the worker
 * then posts from it without fetching the record again, RecordSourceCapability.fromPayload) and re-queues the record
 * unless it is final and posted.
 */
export const RECEIVE_SQL = new PreparedStatement<{ id: string | null; handoff: number | null; is_duplicate: boolean; is_stale: boolean }>(
  'mlc_record_receive_v6',
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
         INSERT INTO sync_record (connection_id, system, entity_type, external_id, flow_id, source_payload, payload_hash, status, handoff, next_attempt_at, source_version)
         SELECT $1, $2, $3, $4, flows.flow_id, $6::json, $7, 'received', 1, now(), $16::varchar FROM flows
          WHERE $12::varchar IS NULL OR EXISTS (SELECT 1 FROM delivery)
         ON CONFLICT (connection_id, entity_type, external_id, flow_id) DO UPDATE
            SET payload_hash = EXCLUDED.payload_hash,
                status = CASE WHEN sync_record.status IN ('posted', 'processing') THEN sync_record.status ELSE 'received' END,
                handoff = sync_record.handoff + 1, next_attempt_at = now(), updated_at = now(),
                source_payload = CASE WHEN EXCLUDED.source_version IS NOT NULL THEN EXCLUDED.source_payload ELSE sync_record.source_payload END,
                source_version = COALESCE(EXCLUDED.source_version, sync_record.source_version)
          WHERE (sync_record.payload_hash IS DISTINCT FROM EXCLUDED.payload_hash OR sync_record.status IN ('failed', 'skipped')
                 OR (NOT $11::boolean AND $12::varchar IS NOT NULL))
            AND NOT ($11::boolean AND sync_record.status = 'posted')
            AND NOT (EXCLUDED.source_version IS NOT NULL AND sync_record.source_version IS NOT NULL
                     AND EXCLUDED.source_version < sync_record.source_version)
         RETURNING id, handoff, flow_id
       ), event AS (
         INSERT INTO audit_event (record_id, connection_id, actor, kind, message, data, correlation_id)
         SELECT id, $1, 'system', 'record.received', $8, json_build_object('via', $9::text, 'payload', $6::json), $10 FROM upserted
       )
       SELECT COALESCE(u.id, p.id) AS id, u.handoff, u.id IS NULL AS is_duplicate,
              (u.id IS NULL AND $16::varchar IS NOT NULL AND p.source_version IS NOT NULL AND $16::varchar < p.source_version) AS is_stale
         FROM flows
         LEFT JOIN upserted u ON u.flow_id IS NOT DISTINCT FROM flows.flow_id
         LEFT JOIN sync_record p ON u.id IS NULL AND p.connection_id = $1 AND p.entity_type = $3 AND p.external_id = $4 AND p.flow_id IS NOT DISTINCT FROM flows.flow_id`,
);

/**
 * $1 id, $2 lease ms, $3 the attempt's owner token, $4 the job's hand-off number (null: a job from before hand-offs
 * were numbered). Claims the lease when it is free or expired and the job is the record's current hand-off; `cur`
 * (the row as it was) tells a failed claim why: another owner's lease until `busy_until`, or a newer hand-off.
 */
export const CLAIM_SQL = new PreparedStatement<Record<string, unknown>>(
  'mlc_record_claim_v3',
  `WITH cur AS (
         SELECT handoff, lease_until FROM sync_record WHERE id = $1
       ), claimed AS (
         UPDATE sync_record SET status = 'processing', attempts = attempts + 1, updated_at = now(), lease_owner = $3::uuid,
                lease_until = now() + make_interval(secs => $2::double precision / 1000)
          WHERE id = $1 AND (lease_until IS NULL OR lease_until < now()) AND ($4::int IS NULL OR handoff <= $4::int)
         RETURNING id, flow_id, connection_id, system, entity_type, external_id, target_ref, target_connection_id, status, attempts,
                   payload_hash, fetched_payload_hash, handoff
       ) SELECT claimed.*, cur.handoff AS current_handoff, cur.lease_until AS busy_until FROM cur LEFT JOIN claimed ON true`,
);

/** $1 id, $2 owner token, $3 lease ms: renews the lease only for its owner (an overtaken attempt gets no row back). */
export const RENEW_SQL = new PreparedStatement<{ id: string }>(
  'mlc_record_renew_v1',
  `UPDATE sync_record SET lease_until = now() + make_interval(secs => $3::double precision / 1000)
    WHERE id = $1 AND lease_owner = $2::uuid RETURNING id`,
);

/** The fetched payload ($16 its version) is at least as new as the record's (a versioned delivery may have come meanwhile). */
const FRESHER = `(source_version IS NULL OR ($16::varchar IS NOT NULL AND $16::varchar >= source_version))`;

/**
 * $1 id, $2 status, $3/$4 whether/what target ref, $5 error (jsonb), $6/$7 the events' kinds and messages (text[]),
 * $8 their data as one JSON array (a json[] parameter would have pg escape every quote of every document; one JSON
 * array costs PostgreSQL about as little as unnest, unlike json_to_recordset over whole events), $9 correlation id,
 * $10/$11/$12 whether/what fetched payload and its SHA-256, $13 the Visma company it was routed to (null: unchanged),
 * $14 the lease owner's token (null: not written by an attempt, e.g. a recovery), $15 when it is next due (null: final),
 * $16 the fetched payload's source version (null: the source has none); a fetched payload never replaces a newer
 * versioned one a delivery brought while the attempt ran (FRESHER);
 * an attempt that lost its lease writes nothing and gets no row back (a fenced finish). `old` reads the row as it was before the update (one
 * snapshot for the whole statement), so a fetched payload that replaces a different earlier one moves that one into
 * the `record.fetched` entry as `previousPayload`: the record holds the latest payload, the timeline every earlier one.
 */
export const FINISH_SQL = new PreparedStatement<QueryResultRow>(
  'mlc_record_finish_v4',
  `WITH old AS (
         SELECT source_payload, fetched_payload_hash FROM sync_record WHERE id = $1
       ), r AS (
         UPDATE sync_record SET status = $2, target_ref = CASE WHEN $3::boolean THEN $4 ELSE target_ref END,
                last_error = $5::jsonb, lease_until = NULL, lease_owner = NULL, next_attempt_at = $15::timestamptz, updated_at = now(),
                source_payload = CASE WHEN $10::boolean AND ${FRESHER} THEN $11::json ELSE source_payload END,
                fetched_payload_hash = CASE WHEN $10::boolean AND ${FRESHER} THEN $12::varchar ELSE fetched_payload_hash END,
                source_version = CASE WHEN $10::boolean AND ${FRESHER} THEN COALESCE($16::varchar, source_version) ELSE source_version END,
                target_connection_id = COALESCE($13::uuid, target_connection_id)
          WHERE id = $1 AND ($14::uuid IS NULL OR lease_owner = $14::uuid) RETURNING id, connection_id
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
        ORDER BY e.n
       RETURNING id`,
);

