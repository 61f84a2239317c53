import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One pipeline for every shop:
 * - a flow has ordered routing rules over one or more Visma target companies (`routing`) and a catch-up schedule
 *   (`catch_up_schedule`, replacing the unused cron text `schedule`);
 * - mapping rules belong to a target company (`mapping_config.target_connection_id`), not to a flow: they describe
 *   that company's chart of accounts, VAT codes and dimensions. Each flow's rules move to its target company (when
 *   two flows shared a company, the newest rules win);
 * - a record is one source record *in one flow* (two flows reading one store each post their own document), and it
 *   remembers the company it was routed to (`target_connection_id`);
 * - catch-up cursors are kept per flow and entity (two flows reading one entity no longer share a cursor).
 * Needs PostgreSQL 15 (`NULLS NOT DISTINCT`: a record without a flow is still unique per source record).
 */
export class OnePipeline1700000006000 implements MigrationInterface {
  name = 'OnePipeline1700000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE flow ADD COLUMN routing jsonb NOT NULL DEFAULT '{"rules":[],"unmatched":"default"}';
      ALTER TABLE flow ADD COLUMN catch_up_schedule jsonb NOT NULL DEFAULT '{"kind":"every","minutes":10}';
      ALTER TABLE flow DROP COLUMN schedule;

      ALTER TABLE mapping_config ADD COLUMN target_connection_id uuid REFERENCES connection (id) ON DELETE CASCADE;
      UPDATE mapping_config m SET target_connection_id = f.target_connection_id FROM flow f WHERE f.id = m.flow_id;
      DELETE FROM mapping_config m USING mapping_config newer
       WHERE m.target_connection_id = newer.target_connection_id AND (m.updated_at, m.flow_id) < (newer.updated_at, newer.flow_id);
      DELETE FROM mapping_config WHERE target_connection_id IS NULL;
      ALTER TABLE mapping_config DROP CONSTRAINT mapping_config_pkey;
      ALTER TABLE mapping_config DROP COLUMN flow_id;
      ALTER TABLE mapping_config ALTER COLUMN target_connection_id SET NOT NULL;
      ALTER TABLE mapping_config ADD PRIMARY KEY (target_connection_id);

      ALTER TABLE sync_record ADD COLUMN target_connection_id uuid REFERENCES connection (id) ON DELETE SET NULL;
      UPDATE sync_record r SET target_connection_id = f.target_connection_id FROM flow f WHERE f.id = r.flow_id AND r.target_ref IS NOT NULL;
      DROP INDEX sync_record_natural_key;
      CREATE UNIQUE INDEX sync_record_natural_key ON sync_record (connection_id, entity_type, external_id, flow_id) NULLS NOT DISTINCT;

      DELETE FROM sync_cursor WHERE flow_id IS NULL;
      DROP INDEX sync_cursor_connection_entity;
      ALTER TABLE sync_cursor ALTER COLUMN flow_id SET NOT NULL;
      CREATE UNIQUE INDEX sync_cursor_flow_entity ON sync_cursor (flow_id, entity_type);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX sync_cursor_flow_entity;
      ALTER TABLE sync_cursor ALTER COLUMN flow_id DROP NOT NULL;
      CREATE UNIQUE INDEX sync_cursor_connection_entity ON sync_cursor (connection_id, entity_type);
      DROP INDEX sync_record_natural_key;
      DELETE FROM sync_record a USING sync_record b WHERE a.connection_id = b.connection_id AND a.entity_type = b.entity_type AND a.external_id = b.external_id AND a.id < b.id;
      CREATE UNIQUE INDEX sync_record_natural_key ON sync_record (connection_id, entity_type, external_id);
      ALTER TABLE sync_record DROP COLUMN target_connection_id;
      ALTER TABLE mapping_config ADD COLUMN flow_id uuid REFERENCES flow (id) ON DELETE CASCADE;
      UPDATE mapping_config m SET flow_id = (SELECT id FROM flow f WHERE f.target_connection_id = m.target_connection_id ORDER BY created_at LIMIT 1);
      DELETE FROM mapping_config WHERE flow_id IS NULL;
      ALTER TABLE mapping_config DROP CONSTRAINT mapping_config_pkey;
      ALTER TABLE mapping_config DROP COLUMN target_connection_id;
      ALTER TABLE mapping_config ADD PRIMARY KEY (flow_id);
      ALTER TABLE flow ADD COLUMN schedule varchar(100);
      ALTER TABLE flow DROP COLUMN catch_up_schedule;
      ALTER TABLE flow DROP COLUMN routing;
    `);
  }
}
