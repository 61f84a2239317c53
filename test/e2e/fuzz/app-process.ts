import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Pool } from 'pg';
import { callJson, type JsonAnswer, waitFor } from '../../support/api-harness';

/**
 * The product as its own process for the fuzz suite: `node apps/api/dist/main.js` (ROLE=all: API and worker) on this
 * jest worker's database and a fresh queue prefix. In-process (startTestApp) the app and the suite share one event
 * loop, so one core did all the work; as a child the app has a core of its own while the suite generates and sends.
 *
 * The compiled `dist` is what runs, so `start` first runs `tsc -b tsconfig.json` as CI's `npm run typecheck` does
 * (incremental: about two seconds when the build is fresh) and fails with the compiler's output when it cannot build.
 */
const ROOT = join(__dirname, '../../..');
const MAIN = join(ROOT, 'apps/api/dist/main.js');
const TSC = require.resolve('typescript/bin/tsc', { paths: [ROOT] });

export type AppProcess = {
  /** The first process's URL (ROLE=all); `call` and `login` go there. */
  url: string;
  /** Every process's URL (the fuzz client takes them in turn). */
  urls: string[];
  /** This worker's test database (its own pool): `query` returns the rows, as TypeORM's DataSource.query does. */
  db: { query(sql: string, params?: unknown[]): Promise<JsonAnswer[]> };
  login(email?: string, password?: string): Promise<string>;
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; body: JsonAnswer }>;
  /** The processes' stderr so far (the last 8 KiB of each), for failure messages. */
  stderr(): string;
  /** The processes' CPU time so far (user + system, ms), for the suite's timing lines. */
  cpuMs(): number;
  close(): Promise<void>;
};

/** Builds the workspaces (incremental) so dist matches the sources; throws with the compiler's output otherwise. */
export function buildDist(): void {
  const build = spawnSync(process.execPath, [TSC, '-b', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0 || !existsSync(MAIN)) {
    throw new Error(`the fuzz suite runs the built app (${MAIN}), but \`tsc -b tsconfig.json\` failed (exit ${build.status}):\n${`${build.stdout}${build.stderr}`.slice(-4000)}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The test process's env minus jest's own variables; the child reads DATABASE_URL, VAULT_KEYS, ADMIN_* from env.ts. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('JEST_') || key === 'NODE_OPTIONS') delete env[key];
  return { ...env, ...extra };
}

/** CPU time (user + system, ms) of process `pid` from /proc (0 where there is no /proc or it ended), and its name. */
function procStat(pid: number | string): { name: string; ms: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 };
  } catch {
    return { name: '', ms: 0 };
  }
}

/** CPU time (ms) of every PostgreSQL process on this machine (other jobs' queries included: a rough figure). */
export function postgresCpuMs(): number {
  let total = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const s = procStat(pid);
      if (s.name === 'postgres') total += s.ms;
    }
  } catch {
    /* no /proc */
  }
  return total;
}

type Child = { child: ChildProcess; url: string; stderr(): string; exited(): string | undefined; exit: Promise<void> };

function spawnApp(role: 'all' | 'api', port: number, prefix: string, env: Record<string, string>): Child {
  // FUZZ_APP_NODE_ARGS: node flags for the app (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its time goes).
  const nodeArgs = (process.env['FUZZ_APP_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    cwd: ROOT,
    env: childEnv({ NODE_ENV: 'test', LOG_LEVEL: 'error', ROLE: role, HOST: '127.0.0.1', PORT: String(port), QUEUE_PREFIX: prefix, ...env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-8_192)));
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `exited (${code ?? signal})`;
      resolve();
    }),
  );
  return { child, url: `http://127.0.0.1:${port}`, stderr: () => stderr, exited: () => exited, exit };
}

async function healthy(c: Child): Promise<void> {
  await waitFor(
    async () => {
      const exited = c.exited();
      if (exited) throw new Error(`the app at ${c.url} ${exited} before it answered /health:\n${c.stderr()}`);
      return fetch(`${c.url}/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    { timeoutMs: 60_000, intervalMs: 100, what: `the app at ${c.url} to answer /health (stderr: ${c.stderr().slice(-2_000)})` },
  );
}

/** App processes the fuzz suite sends to (FUZZ_APP_PROCESSES, default 2: the app's handling is most of the CPU). */
export const FUZZ_APP_PROCESSES = Math.max(1, Number(process.env['FUZZ_APP_PROCESSES'] ?? 2));

/**
 * Empties this worker's database (as startTestApp does: the first admin is created by the app's bootstrap), then
 * starts the built app on free ports with `env` overrides: one process with ROLE=all (API, worker, schedulers; it
 * applies the migrations and creates the admin) and FUZZ_APP_PROCESSES - 1 more API processes (ROLE=api) on the same
 * database and queues, as production scales out; resolves when every one answers /health.
 */
export async function startAppProcess(env: Record<string, string> = {}): Promise<AppProcess> {
  buildDist();
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 4 });
  const query = async (sql: string, params: unknown[] = []): Promise<JsonAnswer[]> => (await pool.query(sql, params)).rows;
  const tables = (await query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as { tablename: string }[];
  const names = tables.map((t) => t.tablename).filter((t) => t !== 'migrations');
  if (names.length) await query(`TRUNCATE ${names.map((n) => `"${n}"`).join(', ')} CASCADE`);

  // A key prefix per app start: queues, rate budgets and sign-in counters of one test never meet another's.
  const prefix = `${process.env['QUEUE_PREFIX'] ?? 'mlc-t'}-${randomBytes(3).toString('hex')}`;
  const children: Child[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(
      children.map(async (c) => {
        if (c.exited()) return;
        c.child.kill('SIGTERM');
        const timer = setTimeout(() => c.child.kill('SIGKILL'), 15_000);
        await c.exit;
        clearTimeout(timer);
      }),
    );
    await pool.end();
  };
  try {
    const first = spawnApp('all', await freePort(), prefix, env);
    children.push(first);
    await healthy(first);
    for (let i = 1; i < FUZZ_APP_PROCESSES; i += 1) children.push(spawnApp('api', await freePort(), prefix, env));
    await Promise.all(children.slice(1).map(healthy));
  } catch (err) {
    await close();
    throw err;
  }
  const url = children[0]?.url ?? '';
  const call: AppProcess['call'] = async (method, path, options = {}) => {
    const { status, body } = await callJson(url, method, path, options);
    return { status, body };
  };
  return {
    url,
    urls: children.map((c) => c.url),
    db: { query },
    call,
    stderr: () => children.map((c) => c.stderr()).join('\n'),
    cpuMs: () => children.reduce((sum, c) => sum + (c.child.pid ? procStat(c.child.pid).ms : 0), 0),
    login: async (email = process.env['ADMIN_EMAIL'] ?? '', password = process.env['ADMIN_PASSWORD'] ?? '') => {
      const res = await call('POST', '/api/auth/login', { body: { email, password } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { token: string }).token;
    },
    close,
  };
}
