import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fetched source payload is stored once, on the record (it used to be written twice per attempt: on the record
 * and in the `record.fetched` timeline entry). Its SHA-256 tells whether a later fetch brought a different payload,
 * in which case the earlier one moves into that attempt's `record.fetched` entry, so no version is lost.
 */
export class FetchedPayloadHash1700000005000 implements MigrationInterface {
  name = 'FetchedPayloadHash1700000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_record ADD COLUMN fetched_payload_hash varchar(64)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_record DROP COLUMN fetched_payload_hash`);
  }
}
