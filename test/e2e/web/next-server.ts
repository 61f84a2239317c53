import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../support/api-harness';

export const WEB_DIR = join(__dirname, '../../../apps/web');
const NEXT_BIN = require.resolve('next/dist/bin/next', { paths: [WEB_DIR] });
// One freshness rule for `npm start` and this test: scripts/web-build.js.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const webBuild = require('../../../scripts/web-build.js') as { isBuildFresh: () => boolean };

/** True when `.next` holds a production build newer than every source file (then `next build` is skipped). */
export function isBuildFresh(): boolean {
  return webBuild.isBuildFresh();
}

function run(args: string[], env: NodeJS.ProcessEnv, options: { detached?: boolean } = {}): ChildProcess {
  return spawn(process.execPath, [NEXT_BIN, ...args], { cwd: WEB_DIR, env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
}

/** The test process's env minus jest's own variables (Next's build workers must not think they run under jest). */
const BASE_ENV = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };
  for (const key of Object.keys(env)) if (key.startsWith('JEST_') || key === 'NODE_OPTIONS') delete env[key];
  return env;
};

/**
 * Build lock shared by the browser specs (jest runs them in parallel workers, and two `next build` in one `.next` would
 * wreck each other): a directory, created atomically. It lives outside apps/web so it never makes the build look stale.
 */
const BUILD_LOCK = join(tmpdir(), `mlc-web-build-${createHash('sha256').update(WEB_DIR).digest('hex').slice(0, 12)}.lock`);
/** A lock older than this is a crashed build's: taken over. */
const STALE_LOCK_MS = 10 * 60_000;

async function withBuildLock<T>(body: () => Promise<T>): Promise<T> {
  await waitFor(
    // eslint-disable-next-line @typescript-eslint/require-await -- waitFor takes an async probe
    async () => {
      try {
        mkdirSync(BUILD_LOCK);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const age = Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
        if (age > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
        return false;
      }
    },
    { timeoutMs: STALE_LOCK_MS + 60_000, intervalMs: 250, what: 'the other browser spec to finish next build' },
  );
  try {
    return await body();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** Runs `next build` unless the existing build is fresh (one spec at a time). @throws Error with the build output when it fails. */
export async function ensureBuild(): Promise<'reused' | 'built'> {
  if (isBuildFresh()) return 'reused';
  return withBuildLock(() => (isBuildFresh() ? Promise.resolve('reused' as const) : build()));
}

async function build(): Promise<'built'> {
  const child = run(['build'], BASE_ENV());
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`next build failed (${code}):\n${output.slice(-4000)}`);
  return 'built';
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type RunningWeb = { url: string; output: () => string; close(): Promise<void> };

/** `next start` on a free port with `API_URL` pointing at the test API; resolves once `/sign-in` answers 200. */
export async function startWeb(apiUrl: string): Promise<RunningWeb> {
  const port = await freePort();
  const child = run(['start', '-p', String(port), '-H', '127.0.0.1'], { ...BASE_ENV(), API_URL: apiUrl }, { detached: true });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  // The browser uses `localhost`: Next rewrites 127.0.0.1 to localhost in middleware redirects, and the
  // session cookie must live on the host the pages are visited on.
  const url = `http://localhost:${port}`;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
      return fetch(`http://127.0.0.1:${port}/sign-in`).then((r) => r.status === 200, () => false);
    },
    { timeoutMs: 30_000, intervalMs: 100, what: 'next start to answer' },
  );
  return {
    url,
    output: () => output,
    close: async () => {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}
