import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { Client } from 'pg';

/** The database the demo uses; it is recreated on every demo start because the sandboxes live in memory. */
export const DEMO_DATABASE = 'ml_connector_demo';
export const DEMO_QUEUE_PREFIX = 'mlc-demo';

/**
 * Demo mode runs the whole product against the embedded sandboxes. It is on when MLC_MODE=demo, or when
 * MLC_MODE is unset and nothing real is configured (no DATABASE_URL and no .env file).
 */
export function isDemoMode(env: NodeJS.ProcessEnv): boolean {
  if (env['MLC_MODE']) return env['MLC_MODE'] === 'demo';
  return !env['DATABASE_URL'] && !existsSync('.env');
}

/**
 * Points the process at a fresh demo database and queue prefix (both emptied first), in sandbox mode for hosts
 * (ALLOW_SANDBOX_HOSTS): the demo's connections point at the sandboxes on 127.0.0.1 over http.
 */
export async function prepareDemoEnvironment(env: NodeJS.ProcessEnv): Promise<void> {
  env['DATABASE_URL'] = `postgres://postgres@127.0.0.1:5432/${DEMO_DATABASE}`;
  env['QUEUE_PREFIX'] = DEMO_QUEUE_PREFIX;
  env['ALLOW_SANDBOX_HOSTS'] = 'true';
  env['LOG_LEVEL'] ||= 'warn';
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DEMO_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DEMO_DATABASE}`);
  } catch {
    // Unreachable PostgreSQL: the preflight check reports it in one clear line.
  } finally {
    await admin.end().catch(() => undefined);
  }
  const redis = new Redis(env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${DEMO_QUEUE_PREFIX}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Unreachable Redis: the preflight check reports it.
  } finally {
    redis.disconnect();
  }
}
