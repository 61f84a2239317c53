import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Foundation schema: vault, connections, flows, sync records, append-only audit trail, cursors, users. */
export class InitialSchema1700000000000 implements MigrationInterface {
  name = 'InitialSchema1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vault_secret (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key_id varchar(40) NOT NULL,
        wrapped_key bytea NOT NULL,
        iv bytea NOT NULL,
        auth_tag bytea NOT NULL,
        ciphertext bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX vault_secret_key_id_idx ON vault_secret (key_id);

      CREATE TABLE connection (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system varchar(40) NOT NULL,
        name varchar(200) NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}',
        secret_id uuid REFERENCES vault_secret (id) ON DELETE SET NULL,
        credential_hints jsonb NOT NULL DEFAULT '{}',
        credentials_updated_at timestamptz,
        status varchar(20) NOT NULL DEFAULT 'new',
        last_ping jsonb,
        last_ping_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE flow (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        source_connection_id uuid NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
        target_connection_id uuid NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
        entities text[] NOT NULL,
        schedule varchar(100),
        is_enabled boolean NOT NULL DEFAULT true,
        settings jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE sync_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        flow_id uuid REFERENCES flow (id) ON DELETE SET NULL,
        connection_id uuid NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
        system varchar(40) NOT NULL,
        entity_type varchar(40) NOT NULL,
        external_id varchar(200) NOT NULL,
        target_ref varchar(200),
        status varchar(20) NOT NULL DEFAULT 'received',
        attempts int NOT NULL DEFAULT 0,
        last_error jsonb,
        payload_hash varchar(64),
        source_payload jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX sync_record_natural_key ON sync_record (connection_id, entity_type, external_id);
      CREATE INDEX sync_record_status_updated_idx ON sync_record (status, updated_at);

      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        record_id uuid REFERENCES sync_record (id) ON DELETE CASCADE,
        connection_id uuid,
        actor varchar(200) NOT NULL,
        kind varchar(60) NOT NULL,
        message text NOT NULL,
        data jsonb,
        correlation_id varchar(100),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_event_record_idx ON audit_event (record_id, id);
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only';
      END $$;
      CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
      CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
        FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION audit_event_append_only();

      CREATE TABLE sync_cursor (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        connection_id uuid NOT NULL REFERENCES connection (id) ON DELETE CASCADE,
        flow_id uuid REFERENCES flow (id) ON DELETE CASCADE,
        entity_type varchar(40) NOT NULL,
        cursor jsonb,
        window_upper_bound timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX sync_cursor_connection_entity ON sync_cursor (connection_id, entity_type);

      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL UNIQUE,
        password_hash varchar(300) NOT NULL,
        role varchar(20) NOT NULL CHECK (role IN ('admin', 'support')),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE user_session (
        token_hash varchar(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX user_session_expires_idx ON user_session (expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE user_session; DROP TABLE app_user; DROP TABLE sync_cursor;
      DROP TRIGGER audit_event_no_delete ON audit_event; DROP TRIGGER audit_event_no_update ON audit_event;
      DROP TABLE audit_event; DROP FUNCTION audit_event_append_only();
      DROP TABLE sync_record; DROP TABLE flow; DROP TABLE connection; DROP TABLE vault_secret;
    `);
  }
}
