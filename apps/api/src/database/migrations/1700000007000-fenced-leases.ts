import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly-once under crashes (issue 13):
 * - `lease_owner`: the token of the attempt holding the record's lease; a heartbeat renews the lease only for its
 *   owner and an outcome is written only by its owner, so an attempt overtaken after its lease expired cannot
 *   overwrite the newer attempt's outcome (a fenced lease).
 * - `handoff`: the number of the record's current hand-off to the queue. Its job id is `<record id>-h<handoff>`, so
 *   the sweeper can ask BullMQ whether the job that should carry the record still lives, and queue a new one when
 *   it does not (an API killed between its commit and its enqueue; a Redis that lost its data; a job BullMQ failed
 *   as stalled). The record row is the outbox.
 * - `next_attempt_at`: when the record is next due (now at intake; the retry or re-delay time after an attempt;
 *   null once final). The dashboard shows it as "waiting for retry", the sweeper looks only at overdue records.
 */
export class FencedLeases1700000007000 implements MigrationInterface {
  name = 'FencedLeases1700000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sync_record ADD COLUMN lease_owner uuid, ADD COLUMN handoff int NOT NULL DEFAULT 0, ADD COLUMN next_attempt_at timestamptz;
      UPDATE sync_record SET next_attempt_at = updated_at WHERE status IN ('received', 'processing');
      CREATE INDEX sync_record_due_idx ON sync_record (next_attempt_at) WHERE status IN ('received', 'processing');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX sync_record_due_idx;
      ALTER TABLE sync_record DROP COLUMN lease_owner, DROP COLUMN handoff, DROP COLUMN next_attempt_at;
    `);
  }
}
