import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * User management (issue 19, OWASP ASVS 4.0 level 2, V2 authentication and V3 session management): the read-only
 * `auditor` role; a user's status (`invited` until the set-password invite is used, `active`, `disabled`); the last
 * sign-in time and address; one-time invite tokens (only their SHA-256 is stored, they expire); and the address each
 * session was opened from, with an index to revoke every session of a user at once.
 */
export class UserManagement1700000010000 implements MigrationInterface {
  name = 'UserManagement1700000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user DROP CONSTRAINT IF EXISTS app_user_role_check;
      ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('admin', 'support', 'auditor'));
      ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL;
      ALTER TABLE app_user
        ADD COLUMN status varchar(20) NOT NULL DEFAULT 'active' CONSTRAINT app_user_status_check CHECK (status IN ('invited', 'active', 'disabled')),
        ADD COLUMN last_sign_in_at timestamptz,
        ADD COLUMN last_sign_in_ip varchar(64),
        ADD COLUMN password_changed_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
      ALTER TABLE user_session ADD COLUMN ip varchar(64);
      CREATE INDEX user_session_user_idx ON user_session (user_id);

      CREATE TABLE user_invite (
        token_hash varchar(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX user_invite_user_idx ON user_invite (user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE user_invite;
      DROP INDEX user_session_user_idx;
      ALTER TABLE user_session DROP COLUMN ip;
      DELETE FROM app_user WHERE role = 'auditor' OR password_hash IS NULL;
      ALTER TABLE app_user DROP COLUMN status, DROP COLUMN last_sign_in_at, DROP COLUMN last_sign_in_ip, DROP COLUMN password_changed_at, DROP COLUMN updated_at;
      ALTER TABLE app_user ALTER COLUMN password_hash SET NOT NULL;
      ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
      ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('admin', 'support'));
    `);
  }
}
