#!/usr/bin/env node
/*
 * Builds the dashboard (`next build` in apps/web) unless apps/web/.next already holds a build newer than every
 * dashboard source file. Used by `npm start` and by the browser test. The proxy to the API reads API_URL at
 * request time, so one build serves any API address.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const WEB_DIR = join(__dirname, '../apps/web');
const IGNORED = new Set(['.next', 'node_modules', 'next-env.d.ts', 'tsconfig.tsbuildinfo']);

/** Newest modification time (ms) of the dashboard's sources and config. */
function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (IGNORED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when `.next` holds a production build newer than every source file. */
function isBuildFresh() {
  const buildId = join(WEB_DIR, '.next', 'BUILD_ID');
  return existsSync(buildId) && statSync(buildId).mtimeMs > newestSourceMtime(WEB_DIR);
}

module.exports = { WEB_DIR, isBuildFresh, newestSourceMtime };

if (require.main === module) {
  if (isBuildFresh()) {
    process.stdout.write('Dashboard build is up to date.\n');
  } else {
    process.stdout.write('Building the dashboard (next build)…\n');
    const next = require.resolve('next/dist/bin/next', { paths: [WEB_DIR] });
    const result = spawnSync(process.execPath, [next, 'build'], { cwd: WEB_DIR, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' } });
    process.exit(result.status ?? 1);
  }
}
