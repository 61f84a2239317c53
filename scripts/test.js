#!/usr/bin/env node
/*
 * `npm test`: runs every jest project (unit, integration, e2e) and ends with one plain line
 * `tests: N passed, N failed` that CI reads. Extra arguments go to jest (e.g. `npm test -- test/unit`).
 * Exits with jest's exit code.
 */
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const out = join(root, 'test-artifacts', 'jest-results.json');
mkdirSync(join(root, 'test-artifacts'), { recursive: true });
rmSync(out, { force: true });

const args = ['--ci', '--json', `--outputFile=${out}`, ...process.argv.slice(2)];
// `--experimental-vm-modules`: @google-cloud/bigquery's HTTP layer (teeny-request 10) loads the ESM-only node-fetch 3
// with a dynamic `import()`, which jest's vm sandbox refuses without it (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG);
// plain Node (the product) needs nothing. jest's workers inherit the flag.
const nodeFlags = ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'];
const jest = spawnSync(process.execPath, [...nodeFlags, require.resolve('jest/bin/jest'), ...args], { cwd: root, stdio: 'inherit' });

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(out, 'utf8'));
  passed = results.numPassedTests;
  // A suite that crashed before its tests ran counts as one failure, so it cannot hide.
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} catch {
  failed = Math.max(1, failed);
}
if (jest.status !== 0 && failed === 0) failed = 1;
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(jest.status ?? 1);
