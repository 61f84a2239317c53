import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake skips a delivery whose `webhook-id` was seen before (Standard Webhooks: the id is the same on every
 * retry of one message). Without an index that check scanned every delivery of the connection, so intake
 * slowed down linearly with the store's history (1.4 ms at 3 000 deliveries, seconds at millions).
 * Not unique: rows stored before this migration may repeat an id, and the intake statement already skips repeats.
 */
export class WebhookIdIndex1700000003000 implements MigrationInterface {
  name = 'WebhookIdIndex1700000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS webhook_delivery_webhook_id_idx ON webhook_delivery (connection_id, webhook_id) WHERE webhook_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS webhook_delivery_webhook_id_idx`);
  }
}
