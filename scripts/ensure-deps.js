#!/usr/bin/env node
/*
 * Runs `npm ci` when dependencies are missing or older than package-lock.json, so a newcomer's
 * `npm start` / `npm test` work straight after `git clone`. Uses only node built-ins.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const isStale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (isStale) {
  process.stdout.write('Installing dependencies (npm ci)…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
