import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Order payloads (7–20 kB) are written on every record and TOAST-compressed by PostgreSQL; its default pglz costs
 * several times the CPU of lz4 for a similar ratio on JSON. PostgreSQL 14+ built with lz4 (Debian's and the
 * official Docker image are) compresses new values of these columns with lz4; elsewhere the columns keep pglz.
 */
export class Lz4Payloads1700000004000 implements MigrationInterface {
  name = 'Lz4Payloads1700000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        ALTER TABLE sync_record ALTER COLUMN source_payload SET COMPRESSION lz4;
        ALTER TABLE audit_event ALTER COLUMN data SET COMPRESSION lz4;
        ALTER TABLE webhook_delivery ALTER COLUMN body SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported OR syntax_error THEN
        RAISE NOTICE 'lz4 compression is not available; payload columns keep the default compression';
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sync_record ALTER COLUMN source_payload SET COMPRESSION default;
      ALTER TABLE audit_event ALTER COLUMN data SET COMPRESSION default;
      ALTER TABLE webhook_delivery ALTER COLUMN body SET COMPRESSION default;
    `);
  }
}
