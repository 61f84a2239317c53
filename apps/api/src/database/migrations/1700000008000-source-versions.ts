import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shops whose deliveries carry the whole record (WooCommerce sends the full resource at delivery time) and flows that
 * choose what they post (issue 14):
 * - `sync_record.source_version`: the source's modification time of the payload the record holds (ISO-8601 UTC, e.g.
 *   WooCommerce `date_modified_gmt`). A delivery or poll hit older than it is stale and changes nothing; a newer one
 *   replaces the payload, so the worker can post from it without fetching the record again.
 * - `flow.posting`: what the flow posts: orders as customer invoices or sales orders, customers as Visma customers or
 *   suppliers (FlowPosting).
 */
export class SourceVersions1700000008000 implements MigrationInterface {
  name = 'SourceVersions1700000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sync_record ADD COLUMN source_version varchar(40);
      ALTER TABLE flow ADD COLUMN posting jsonb NOT NULL DEFAULT '{"orderDocument":"customer-invoice","customerAs":"customer"}'::jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sync_record DROP COLUMN source_version;
      ALTER TABLE flow DROP COLUMN posting;
    `);
  }
}
