import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError, ENV_SCHEMA, loadConfig } from '../../../apps/api/src/config/config.schema';

const KEY = Buffer.alloc(32, 1).toString('base64');
const BASE = { VAULT_KEYS: `k1:${KEY}`, VAULT_ACTIVE_KEY_ID: 'k1' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('should apply local defaults when only the vault key is given', () => {
    const config = loadConfig(BASE);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/ml_connector');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.ROLE).toBe('all');
    expect(config.VAULT_KEYS.get('k1')?.length).toBe(32);
  });

  it('should give one line naming DATABASE_URL and how to start the services when it is not a postgres URL', () => {
    const problems = problemsOf({ ...BASE, DATABASE_URL: 'mysql://localhost/db' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Invalid configuration: DATABASE_URL .*postgres:\/\/.*docker compose up -d postgres redis/);
    expect(problems[0]).not.toContain('\n');
  });

  it('should never echo the value of a bad variable when it may be a secret', () => {
    const problems = problemsOf({ VAULT_KEYS: 'k1:c2VjcmV0LXRvby1zaG9ydA==', VAULT_ACTIVE_KEY_ID: 'k1' });
    expect(problems.join(' ')).toContain('VAULT_KEYS');
    expect(problems.join(' ')).not.toContain('c2VjcmV0LXRvby1zaG9ydA');
  });

  it('should name VAULT_KEYS with a generation hint when it is missing', () => {
    expect(problemsOf({ VAULT_ACTIVE_KEY_ID: 'k1' })[0]).toMatch(/VAULT_KEYS .*openssl rand -base64 32/);
  });

  it('should reject an active key id that is not in the key ring', () => {
    expect(problemsOf({ ...BASE, VAULT_ACTIVE_KEY_ID: 'k9' })[0]).toMatch(/VAULT_ACTIVE_KEY_ID "k9" is not an id in VAULT_KEYS/);
  });

  it('should reject an unknown ROLE and list every bad variable at once', () => {
    const problems = problemsOf({ ...BASE, ROLE: 'cron', PORT: 'eighty' });
    expect(problems).toHaveLength(2);
    expect(problems.map((p) => p.split(' ')[2])).toEqual(expect.arrayContaining(['ROLE', 'PORT']));
  });

  it('should document every variable of the schema in .env.example, and .env.example should parse', () => {
    const text = readFileSync(join(__dirname, '../../../.env.example'), 'utf8');
    const env = Object.fromEntries(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const documented = new Set(text.match(/^#?\s*([A-Z_]+)=/gm)?.map((m) => m.replace(/^#?\s*/, '').replace('=', '')));
    const schemaKeys = Object.keys(ENV_SCHEMA.innerType().shape);
    expect(schemaKeys.filter((k) => !documented.has(k))).toEqual([]);
    expect(() => loadConfig(env)).not.toThrow();
  });
});
