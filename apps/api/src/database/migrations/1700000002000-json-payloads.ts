import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Raw payloads and audit data are written on every record and only read back whole (for display and replay),
 * so they are stored as `json` (validated text) rather than `jsonb` (parsed into a binary tree on every write).
 * Field access with -> / ->> works on both.
 */
export class JsonPayloads1700000002000 implements MigrationInterface {
  name = 'JsonPayloads1700000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_event ALTER COLUMN data TYPE json USING data::json;
      ALTER TABLE sync_record ALTER COLUMN source_payload TYPE json USING source_payload::json;
      ALTER TABLE webhook_delivery ALTER COLUMN body TYPE json USING body::json;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_event ALTER COLUMN data TYPE jsonb USING data::jsonb;
      ALTER TABLE sync_record ALTER COLUMN source_payload TYPE jsonb USING source_payload::jsonb;
      ALTER TABLE webhook_delivery ALTER COLUMN body TYPE jsonb USING body::jsonb;
    `);
  }
}
