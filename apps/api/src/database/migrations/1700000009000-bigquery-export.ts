import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Visma → BigQuery export's own model (issue 17; export.entities.ts): export flows, per-entity checkpoints, runs
 * and batches. A batch's status and its job ids are what make a re-run after a crash harmless; the checkpoint only
 * moves in the transaction that marks its batch merged.
 */
export class BigQueryExport1700000009000 implements MigrationInterface {
  name = 'BigQueryExport1700000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE export_flow (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        source_connection_id uuid NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
        target_connection_id uuid NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
        dataset_id varchar(1024) NOT NULL,
        entities text[] NOT NULL,
        schedule jsonb NOT NULL DEFAULT '{"kind":"manual"}'::jsonb,
        backfill_from timestamptz,
        is_enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE export_checkpoint (
        flow_id uuid NOT NULL REFERENCES export_flow(id) ON DELETE CASCADE,
        entity varchar(60) NOT NULL,
        last_modified_until varchar(40),
        open_cursor jsonb,
        batch_id uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (flow_id, entity)
      );
      CREATE TABLE export_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        flow_id uuid NOT NULL REFERENCES export_flow(id) ON DELETE CASCADE,
        trigger varchar(20) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'queued',
        slot bigint,
        requested_by varchar(200) NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX "IDX_export_run_flow_created" ON export_run (flow_id, created_at);
      -- One scheduled run per flow and schedule slot, whichever process enqueues it.
      CREATE UNIQUE INDEX "UQ_export_run_flow_slot" ON export_run (flow_id, slot) WHERE slot IS NOT NULL;
      CREATE TABLE export_batch (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES export_run(id) ON DELETE CASCADE,
        flow_id uuid NOT NULL REFERENCES export_flow(id) ON DELETE CASCADE,
        entity varchar(60) NOT NULL,
        seq int NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'extracting',
        window_since varchar(40),
        window_until varchar(40) NOT NULL,
        start_cursor jsonb NOT NULL,
        next_cursor jsonb,
        window_total int,
        attempt int NOT NULL DEFAULT 1,
        rows_read int NOT NULL DEFAULT 0,
        rows_loaded int NOT NULL DEFAULT 0,
        rows_merged int NOT NULL DEFAULT 0,
        rows_rejected int NOT NULL DEFAULT 0,
        rejections jsonb NOT NULL DEFAULT '[]'::jsonb,
        visma_calls int NOT NULL DEFAULT 0,
        load_job_id varchar(1024),
        merge_job_id varchar(1024),
        schema_changes jsonb NOT NULL DEFAULT '[]'::jsonb,
        error text,
        extracted_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX "IDX_export_batch_run" ON export_batch (run_id);
      CREATE INDEX "IDX_export_batch_flow_entity_created" ON export_batch (flow_id, entity, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE export_batch; DROP TABLE export_run; DROP TABLE export_checkpoint; DROP TABLE export_flow;`);
  }
}
