import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin audit log (issue 19; admin-audit.entities.ts): one row per admin action, sign-in attempt and sign-out.
 * Append-only in PostgreSQL itself: a statement-level trigger raises on every UPDATE and DELETE of the table, whoever
 * runs them (the application, a psql session), so an entry cannot be changed or removed without a schema change that
 * leaves its own trace. TRUNCATE is deliberately not guarded: the test harness empties every table between tests with
 * TRUNCATE. A retention policy (dropping entries older than N years) must therefore be an explicit migration that
 * disables the trigger, deletes, and enables it again, reviewed like any other schema change.
 */
export class AdminAuditLog1700000011000 implements MigrationInterface {
  name = 'AdminAuditLog1700000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admin_audit_entry (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_email varchar(254),
        actor_role varchar(20),
        action varchar(100) NOT NULL,
        target_type varchar(60),
        target_id varchar(200),
        method varchar(10) NOT NULL,
        route varchar(300) NOT NULL,
        outcome varchar(10) NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
        status_code int NOT NULL,
        error_code varchar(60),
        source_address varchar(64),
        user_agent varchar(500),
        correlation_id varchar(100),
        changes jsonb
      );
      CREATE INDEX "IDX_admin_audit_entry_at" ON admin_audit_entry (at);
      CREATE INDEX "IDX_admin_audit_entry_actor" ON admin_audit_entry (actor_user_id, id);
      CREATE INDEX "IDX_admin_audit_entry_action" ON admin_audit_entry (action varchar_pattern_ops, id);
      CREATE INDEX "IDX_admin_audit_entry_target" ON admin_audit_entry (target_type, target_id, id);

      CREATE FUNCTION admin_audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'admin_audit_entry is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege', HINT = 'Entries are only ever inserted; retention is an explicit migration.';
      END;
      $$;
      CREATE TRIGGER admin_audit_entry_append_only
        BEFORE UPDATE OR DELETE ON admin_audit_entry
        FOR EACH STATEMENT EXECUTE FUNCTION admin_audit_entry_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS admin_audit_entry;
      DROP FUNCTION IF EXISTS admin_audit_entry_append_only();
    `);
  }
}
