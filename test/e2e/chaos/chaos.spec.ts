/**
 * `npm run chaos` at 200 orders with scaled-down timings: the whole product (one API, two workers, its own Redis and
 * database, the sandboxes) under faults, kills and restarts must end with every check passed. 20 % of the orders go
 * through the WooCommerce shop (CHAOS_WOOCOMMERCE_SHARE), judged in the same rows (`BigCommerce …; WooCommerce …`)
 * and with their own fault row.
 *
 * Build: scripts/chaos.js runs the compiled dist, so beforeAll runs `tsc -b tsconfig.json` (incremental: a few seconds
 * when the build is fresh), as `npm run chaos` does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const TSC = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
/** The run's own bound (CHAOS_DEADLINE_MS); it reports failure itself when it runs out, 60 s later it aborts. */
const DEADLINE_MS = 170_000;

/** The test process's env minus what jest's env.ts set for in-process tests (the run picks its own database and Redis). */
function chaosEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('JEST_') || key === 'NODE_OPTIONS' || key.startsWith('CHAOS_')) delete env[key];
  return {
    ...env,
    CHAOS_ORDERS: '200',
    CHAOS_WOOCOMMERCE_SHARE: '0.2',
    CHAOS_SEED: '1',
    CHAOS_DURATION_MS: '40000',
    CHAOS_KILL_MIN_MS: '3000',
    CHAOS_KILL_MAX_MS: '8000',
    CHAOS_API_KILLS: '3',
    // Past the 10 s record lease, shorter than the default 25 s.
    CHAOS_STOP_MS: '15000',
    // The whole 200-order run lasts about a minute; the steady worker lives all of it.
    CHAOS_RSS_MIN_LIFE_MS: '30000',
    CHAOS_DEADLINE_MS: String(DEADLINE_MS),
  };
}

describe('npm run chaos (200 orders)', () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, [TSC, '-b', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`the build failed, so the chaos run cannot start:\n${`${build.stdout}${build.stderr}`.slice(-4000)}`);
  }, 300_000);

  it('should keep the books right through faults, kills and restarts (every check passes)', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/chaos.js')], { cwd: ROOT, env: chaosEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lines = stdout.trim().split('\n');
    const last = lines.at(-1) ?? '';
    const summary = /^(\d+) passed, (\d+) failed$/.exec(last);
    if (code !== 0 || summary?.[2] !== '0' || Number(summary[1]) < 8) {
      throw new Error(`the chaos run failed (exit ${code}, last line "${last}"):\n${stdout}\n--- stderr (last 3000 characters)\n${stderr.slice(-3000)}`);
    }
    expect(last).toMatch(/^\d+ passed, 0 failed$/);
    // The WooCommerce share was played and judged: 40 of the 200 orders, each invoiced once, and faults fired on its sandbox.
    expect(stdout).toMatch(/^\(1\) one customer invoice per order.*WooCommerce 40\/40 exactly once/m);
    expect(stdout).toMatch(/^faults injected on the WooCommerce sandbox .*PASS$/m);
    expect(Number(summary[1])).toBeGreaterThanOrEqual(8);
    expect(code).toBe(0);
  }, DEADLINE_MS + 90_000);
});
