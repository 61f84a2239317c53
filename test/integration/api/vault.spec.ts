import { randomBytes } from 'node:crypto';
import { createApp, preflight, PreflightError } from '../../../apps/api/src/bootstrap';
import { loadConfig } from '../../../apps/api/src/config/config.schema';
import { VaultService } from '../../../apps/api/src/modules/credentials/vault.service';
import { startTestApp, type TestApp } from '../../support/api-harness';

const OLD = `old-1:${randomBytes(32).toString('base64')}`;
const NEW = `new-2:${randomBytes(32).toString('base64')}`;

// Each test boots the whole application (migrations, queues, bootstrap hooks): more than jest's 5 s default on a busy machine.
jest.setTimeout(30_000);

describe('credential vault at rest', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VAULT_KEYS: OLD, VAULT_ACTIVE_KEY_ID: 'old-1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should re-wrap every secret under the new key, after which the old key can be dropped', async () => {
    const vault = t.app.get(VaultService);
    const ids = await Promise.all([vault.create({ accessToken: 'tok-one-123456789' }), vault.create({ accessToken: 'tok-two-987654321' })]);

    // Step 1 of the procedure: every process gets both keys, the new one active; the old rows still read.
    const rotating = await createApp(loadConfig({ ...process.env, VAULT_KEYS: `${OLD},${NEW}`, VAULT_ACTIVE_KEY_ID: 'new-2' }));
    await rotating.init();
    try {
      const result = await rotating.get(VaultService).rotateAll();
      expect(result).toEqual({ rewrapped: 2, failed: 0, activeKeyId: 'new-2' });
      expect(await rotating.get(VaultService).rotateAll()).toEqual({ rewrapped: 0, failed: 0, activeKeyId: 'new-2' });
    } finally {
      await rotating.close();
    }
    const keyIds: { key_id: string }[] = await t.db.query(`SELECT DISTINCT key_id FROM vault_secret`);
    expect(keyIds).toEqual([{ key_id: 'new-2' }]);

    // Step 3: the old key is gone; everything still decrypts.
    const onlyNew = await createApp(loadConfig({ ...process.env, VAULT_KEYS: NEW, VAULT_ACTIVE_KEY_ID: 'new-2' }));
    await onlyNew.init();
    try {
      await expect(onlyNew.get(VaultService).read(ids[0])).resolves.toEqual({ accessToken: 'tok-one-123456789' });
      await expect(onlyNew.get(VaultService).read(ids[1])).resolves.toEqual({ accessToken: 'tok-two-987654321' });
    } finally {
      await onlyNew.close();
    }
  });

  it('should answer credential_undecryptable, not crash, when a row was tampered with', async () => {
    const vault = t.app.get(VaultService);
    const id = await vault.create({ accessToken: 'tok-three-1234567' });
    await t.db.query(`UPDATE vault_secret SET ciphertext = decode('00', 'hex') || substring(ciphertext from 2) WHERE id = $1`, [id]);
    await expect(vault.read(id)).rejects.toMatchObject({ code: 'credential_undecryptable' });
  });
});

describe('preflight', () => {
  it('should explain in one line when DATABASE_URL points at nothing', async () => {
    const config = loadConfig({ ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    const err = await preflight(config).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(PreflightError);
    expect((err as Error).message).toMatch(/^Cannot use PostgreSQL at DATABASE_URL \(127\.0\.0\.1:1\/nowhere\): ECONNREFUSED; start it with `docker compose up -d postgres redis` or fix DATABASE_URL\.$/);
  });

  it('should say the database does not exist when the server answers but the database is missing', async () => {
    const config = loadConfig({ ...process.env, DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:5432/no_such_db_mlc' });
    const err = (await preflight(config).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('the database does not exist');
    expect(err.message).not.toContain('hunter2');
  });

  it('should explain in one line when Redis is unreachable', async () => {
    const config = loadConfig({ ...process.env, REDIS_URL: 'redis://127.0.0.1:1' });
    await expect(preflight(config)).rejects.toThrow(/^Cannot reach Redis at REDIS_URL \(127\.0\.0\.1:1\)/);
  });

  it('should pass against the local services', async () => {
    await expect(preflight(loadConfig(process.env))).resolves.toBeUndefined();
  });
});
