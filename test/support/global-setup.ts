import { Client } from 'pg';

/** Databases of runs older than this are left-overs of killed runs and are dropped. */
const STALE_MS = 2 * 3_600_000;

function adminClient(): Client {
  return new Client({ connectionString: process.env['TEST_ADMIN_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
}

/**
 * Creates one fresh database per jest worker for this run (`mlc_t_<run>_<n>`), so concurrent jest runs on
 * one machine never touch each other's data. The run id reaches the workers through process.env
 * (they are forked after global setup). PostgreSQL must answer at 127.0.0.1:5432 (trust auth).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['MLC_TEST_RUN_ID']) return; // a second project of the same run
  const runId = Date.now().toString(36);
  process.env['MLC_TEST_RUN_ID'] = runId;
  const admin = adminClient();
  await admin.connect();
  try {
    const existing: { datname: string }[] = (await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'mlc\\_t\\_%'`)).rows;
    for (const { datname } of existing) {
      const born = parseInt(datname.split('_')[2] ?? '', 36);
      if (Number.isFinite(born) && Date.now() - born > STALE_MS) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    const workers = Math.max(4, Number(process.env['JEST_MAX_WORKERS'] ?? 4));
    for (let i = 1; i <= workers; i += 1) await admin.query(`CREATE DATABASE mlc_t_${runId}_${i}`);
  } finally {
    await admin.end();
  }
}
