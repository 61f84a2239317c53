#!/usr/bin/env node
/*
 * `node scripts/audit.js`: the production dependency audit CI runs (`npm audit --omit=dev`), failing on any high or
 * critical advisory. The advisories come from the npm registry's bulk advisory endpoint
 * (https://docs.npmjs.com/cli/commands/npm-audit, "Audit Endpoints"); a registry or mirror that does not serve it
 * (some private registries answer 405) cannot be audited: the script then says so in one line and exits 0 unless
 * AUDIT_REQUIRED=true, because a missing endpoint is not a finding, while any report that names a high or critical
 * advisory always fails.
 * Output: `audit: N high, N critical (of N advisories) in production dependencies` or `audit: unavailable (…)`.
 */
const { spawnSync } = require('node:child_process');

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: `${__dirname}/..`, encoding: 'utf8', timeout: 120_000 });
let report;
try {
  report = JSON.parse(run.stdout || '{}');
} catch {
  report = {};
}

const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const reason = (report.error?.summary || run.stderr || 'no report').split('\n').find((l) => l.trim()) || 'no report';
  console.log(`audit: unavailable (${reason.trim().slice(0, 200)})`);
  process.exit(process.env.AUDIT_REQUIRED === 'true' ? 1 : 0);
}

const findings = Object.entries(report.vulnerabilities ?? {})
  .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
  .map(([name, v]) => `  ${v.severity}: ${name} ${v.range ?? ''} ${(v.via ?? []).map((x) => (typeof x === 'object' ? x.url : '')).filter(Boolean).join(' ')}`);
const total = Object.values(counts).reduce((a, b) => a + b, 0);
console.log(`audit: ${counts.high ?? 0} high, ${counts.critical ?? 0} critical (of ${total} advisories) in production dependencies`);
if (findings.length) {
  console.log(findings.join('\n'));
  process.exit(1);
}
