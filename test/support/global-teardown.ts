import { Redis } from 'ioredis';
import { Client } from 'pg';

/** Drops this run's test databases and Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env['MLC_TEST_RUN_ID'];
  if (!runId) return;
  const admin = new Client({ connectionString: process.env['TEST_ADMIN_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    const dbs: { datname: string }[] = (await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`mlc\\_t\\_${runId}\\_%`])).rows;
    for (const { datname } of dbs) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  // Queues, budgets and counters of this run (prefixes mlc-t-<run>-…).
  const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `mlc-t-${runId}-*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  delete process.env['MLC_TEST_RUN_ID'];
}
