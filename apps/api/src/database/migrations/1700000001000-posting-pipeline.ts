import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The posting pipeline: mapping rules per flow, raw webhook deliveries (dedupe by hash and webhook-id),
 * registered webhook subscriptions and their health, remembered customer matches, and a processing
 * lease per record so two workers never post the same record at once.
 */
export class PostingPipeline1700000001000 implements MigrationInterface {
  name = 'PostingPipeline1700000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sync_record ADD COLUMN lease_until timestamptz;

      CREATE TABLE mapping_config (
        flow_id uuid PRIMARY KEY REFERENCES flow (id) ON DELETE CASCADE,
        rules jsonb NOT NULL,
        updated_by varchar(200) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE webhook_delivery (
        id bigserial PRIMARY KEY,
        connection_id uuid NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
        delivery_key varchar(200) NOT NULL,
        webhook_id varchar(200),
        scope varchar(100) NOT NULL,
        body jsonb NOT NULL,
        record_id uuid REFERENCES sync_record (id) ON DELETE SET NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX webhook_delivery_dedupe ON webhook_delivery (connection_id, delivery_key);
      CREATE INDEX webhook_delivery_received_idx ON webhook_delivery (connection_id, received_at);

      CREATE TABLE webhook_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        connection_id uuid NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
        scope varchar(100) NOT NULL,
        destination varchar(500) NOT NULL,
        external_id varchar(100),
        is_active boolean NOT NULL DEFAULT false,
        last_checked_at timestamptz,
        last_problem text,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX webhook_subscription_scope ON webhook_subscription (connection_id, scope);

      CREATE TABLE customer_link (
        source_connection_id uuid NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
        source_key varchar(300) NOT NULL,
        target_connection_id uuid NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
        target_customer_number varchar(100) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_connection_id, source_key, target_connection_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE customer_link; DROP TABLE webhook_subscription; DROP TABLE webhook_delivery;
      DROP TABLE mapping_config; ALTER TABLE sync_record DROP COLUMN lease_until;
    `);
  }
}
