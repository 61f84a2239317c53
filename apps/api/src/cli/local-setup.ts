import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/** Where a local (non-production) run keeps generated secrets: git-ignored, readable by the owner only. */
export const LOCAL_DIR = '.local';

type LocalSecrets = { vaultKeys: string; vaultActiveKeyId: string; adminEmail: string; adminPassword: string };

/**
 * For a newcomer's first `npm start` without a `.env`: generates a vault master key and a first admin
 * password once, stores them in `.local/secrets.json` (mode 0600) and fills the unset variables.
 * Never used when NODE_ENV=production (there every variable must be set explicitly).
 * @returns whether the admin password was generated (so the caller can show it once).
 */
export function applyLocalDefaults(env: NodeJS.ProcessEnv): { generatedAdmin: LocalSecrets | undefined } {
  if (env['NODE_ENV'] === 'production') return { generatedAdmin: undefined };
  const file = join(LOCAL_DIR, 'secrets.json');
  let secrets: LocalSecrets;
  let isNew = false;
  if (existsSync(file)) {
    secrets = JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  } else {
    secrets = {
      vaultKeys: `local-1:${randomBytes(32).toString('base64')}`,
      vaultActiveKeyId: 'local-1',
      adminEmail: 'admin@example.com',
      adminPassword: randomBytes(12).toString('base64url'),
    };
    mkdirSync(LOCAL_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    isNew = true;
  }
  env['VAULT_KEYS'] ||= secrets.vaultKeys;
  env['VAULT_ACTIVE_KEY_ID'] ||= secrets.vaultActiveKeyId;
  const usesLocalAdmin = !env['ADMIN_EMAIL'] && !env['ADMIN_PASSWORD'];
  if (usesLocalAdmin) {
    env['ADMIN_EMAIL'] = secrets.adminEmail;
    env['ADMIN_PASSWORD'] = secrets.adminPassword;
  }
  return { generatedAdmin: usesLocalAdmin || isNew ? secrets : undefined };
}

/** Creates the database named in `databaseUrl` when it does not exist yet (local runs only). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) return;
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } catch {
    // Unreachable server or no rights: preflight reports it in one clear line.
  } finally {
    await admin.end().catch(() => undefined);
  }
}
