import { Client } from 'pg';
import { dataSourceOptions, initializeDataSource } from '../../../apps/api/src/database/data-source';
import { MIGRATIONS } from '../../../apps/api/src/database/migrations';

const ADMIN_URL = process.env['TEST_ADMIN_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe(initializeDataSource.name, () => {
  const name = `mlc_t_${process.env['MLC_TEST_RUN_ID'] ?? Date.now().toString(36)}_${process.env['JEST_WORKER_ID'] ?? '1'}_migrate`;
  const admin = new Client({ connectionString: ADMIN_URL });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('should migrate an empty database once when the API and its workers start on it together', async () => {
    const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    const sources = await Promise.all([1, 2, 3, 4].map(() => initializeDataSource(dataSourceOptions(url))));
    try {
      const applied: { name: string }[] = await sources[0]!.query('SELECT name FROM migrations ORDER BY id');
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
      for (const ds of sources) expect(await ds.showMigrations()).toBe(false);
    } finally {
      await Promise.all(sources.map((ds) => ds.destroy()));
    }
  });
});
