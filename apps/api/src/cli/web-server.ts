import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the dashboard workspace lives, from apps/api/dist/cli. */
const WEB_DIR = join(__dirname, '../../../web');

export type RunningDashboard = { url: string; close(): void };

/**
 * Serves the built dashboard (`next start`, apps/web) next to the API, proxying `/api` to `apiUrl`.
 * Returns undefined when the dashboard has not been built (`node scripts/web-build.js`, done by `npm start`).
 * The URL uses `localhost`: Next's middleware redirects to it, and the session cookie lives on that host.
 */
export async function startDashboard(apiUrl: string, port: number): Promise<RunningDashboard | undefined> {
  if (!existsSync(join(WEB_DIR, '.next', 'BUILD_ID'))) return undefined;
  const next = require.resolve('next/dist/bin/next', { paths: [WEB_DIR] });
  const child: ChildProcess = spawn(process.execPath, [next, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: WEB_DIR,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', API_URL: apiUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return undefined;
    const ok = await fetch(`http://127.0.0.1:${port}/sign-in`).then((r) => r.ok, () => false);
    if (ok) return { url: `http://localhost:${port}`, close: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  return undefined;
}
