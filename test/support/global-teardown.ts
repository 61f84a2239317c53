import { Client } from 'pg';

/** Drops this run's test databases. */
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
  delete process.env['MLC_TEST_RUN_ID'];
}
