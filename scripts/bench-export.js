#!/usr/bin/env node
/*
 * The ledger export's figures (Visma → BigQuery), called at the end of `npm run bench` or run alone with
 * `node scripts/bench-export.js` after `npm run build`. Prints table rows in bench.js's style, no verdict.
 *
 * For each size of BENCH_EXPORT_ROWS (default 100000,1000000; 0 or empty skips):
 *   - the simulators run in child processes of their own (this file with `--simulator visma|bigquery N`), so their
 *     memory and CPU are not the product's: the Visma sandbox with a synthetic journal of N transactions of 3 lines
 *     (VismaSandboxOptions.syntheticJournal, computed per page) and no rate limit, and, in another process, the
 *     BigQuery simulator (whose core server buffers each request body: its own memory);
 *   - the product runs as one process (apps/api/dist/main.js, ROLE=all) on a fresh database (ml_connector_bench_export,
 *     recreated) with EXPORT_BATCH_ROWS=50000 and EXPORT_PAGE_SIZE=1000, configured through its HTTP API as an admin
 *     would: a Visma connection to the synthetic company (callsPerHour very high), a BigQuery connection to the
 *     simulator and an export flow of `journal_transactions`, then one run (`POST /api/export-flows/:id/runs`) polled
 *     until it succeeded;
 *   - figures: rows/s (rows loaded / the run's startedAt → finishedAt), Visma calls, batches, the product's peak RSS
 *     (VmHWM) and its RSS (VmRSS) when the first batch was merged and at the end (flat = memory does not grow with the
 *     batch count), CPU seconds of the product and of the simulators; the simulator's table must hold exactly the rows
 *     loaded.
 * Table: rows/s, the exporter's peak RSS (the product process: the ≤ 256 MB target is about it) and the simulators' peak
 * RSS (their own processes, reported apart), each with its target and pass/FAIL.
 * Flat across sizes: with two sizes or more, the exporter's peak RSS at each size must be within 10 % of the one at the
 * smallest size (memory must not grow with the total rows; issue 17).
 * Env: BENCH_EXPORT_ROWS, BENCH_EXPORT_PORT (default 3191), BENCH_API_NODE_ARGS (as bench.js, e.g. `--cpu-prof
 * --cpu-prof-dir=/tmp/prof`, or `--max-old-space-size=128` to try a heap cap) and BENCH_EXPORT_SIM_NODE_ARGS (the same
 * for the simulators' process), BENCH_EXPORT_BATCH_ROWS (default 50000), BENCH_EXPORT_PAGE_SIZE (default 1000).
 * Memory profiling of the exporter (opt-in; scripts/bench/memory-trace.js, preloaded with `--require`):
 *   BENCH_EXPORT_MEMORY_TRACE=1 (or a directory): `process.memoryUsage()` and V8's heap spaces every 100 ms into
 *     `<dir>/exporter-memory-<size>.jsonl` (default dir: the OS temp dir), and the table gains the split of the peak:
 *     V8 heap used / old space / external / arrayBuffers and the collections (scavenges / mark-compacts);
 *   BENCH_EXPORT_HEAP_SAMPLING=1 (or a directory): also V8's sampling heap profile of what survives the scavenges, for
 *     BENCH_EXPORT_HEAP_SAMPLING_MS (default 30000) from start-up, into `<dir>/exporter-<size>.heapprofile`.
 *
 * Issue-17 notes (measured with the above at 100k rows, EXPORT_BATCH_ROWS 50000, EXPORT_PAGE_SIZE 1000): the
 * exporter idles at ~155 MB RSS (~90 MB of it V8 heap, ~50 MB live). During a batch its RSS rises to ~400 MB, and the
 * rise is V8 old space (40 → 230 MB), not external memory (arrayBuffers stay under ~40 MB: the upload pipes 64 KiB
 * chunks with backpressure; what shows is chunks already sent and not yet collected, the same with a 35 or a 100 MB
 * file). The sampling profile of what survives the scavenges names the Visma transport's JSON.parse of each page (191
 * of 311 MB); reading the pages alone, converting nothing, promotes ~2.5 KB a row. It is garbage: each mark-compact
 * brings old space back to ~50 MB, and with `--max-old-space-size=160` (or 128) the run keeps old space under ~70 MB
 * and the exporter's peak RSS at ~205–210 MB, with no loss of rows/s and less GC pause in all (smaller heaps mark
 * faster). So the growth is V8 running its mark-compacts lazily (its limit grows to a few times the live heap),
 * bounded by V8's heap limit rather than by the batch or the rows; without a cap the peak wanders with GC timing
 * (343–410 MB measured). A cap belongs in how the product is started (scripts/start.js, the Dockerfile's CMD), which
 * this bench does not change: try it here with BENCH_API_NODE_ARGS=--max-old-space-size=160.
 */
const { recreateDatabase: recreateNamedDatabase, clearQueues } = require('./bench/db');
const { fork, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const DB = 'ml_connector_bench_export';
const DB_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const DATASET = 'bench_ledger';
const PORT = Number(process.env.BENCH_EXPORT_PORT ?? 3191);
const BATCH_ROWS = Number(process.env.BENCH_EXPORT_BATCH_ROWS ?? 50_000);
const PAGE_SIZE = Number(process.env.BENCH_EXPORT_PAGE_SIZE ?? 1000);
const LINES_PER_TRANSACTION = 3;
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The sizes to measure (transactions = rows of the journal table). */
function sizes() {
  const text = process.env.BENCH_EXPORT_ROWS ?? '100000,1000000';
  return text.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
}

/** `100k`, `1M`, or the number. */
function label(n) {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}

/**
 * Child mode: one simulator, driven over IPC. `visma`: the Visma sandbox with the synthetic journal; `bigquery`: the
 * BigQuery simulator (`count` → a table's row count). `close` → exit. Each runs in its own process, so the BigQuery
 * simulator's heap (the loaded rows, the buffered upload bodies) never slows the Visma pages with its GC.
 */
async function simulator(kind, transactions) {
  const { startBigQuerySandbox, startVismaSandbox } = require('../apps/sandbox/dist');
  const sandbox = kind === 'visma'
    ? await startVismaSandbox({ rateLimit: { limit: 1e9, windowMs: 3_600_000 }, syntheticJournal: { transactions, linesPerTransaction: LINES_PER_TRANSACTION } })
    : await startBigQuerySandbox({ location: 'EU' });
  process.on('message', async (msg) => {
    if (msg.kind === 'count') process.send({ kind: 'count', rows: sandbox.table(msg.datasetId, msg.tableId)?.numRows ?? null });
    if (msg.kind === 'close') {
      await sandbox.close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send(kind === 'visma' ? { kind: 'ready', url: sandbox.url } : { kind: 'ready', apiEndpoint: sandbox.apiEndpoint, location: sandbox.location, serviceAccountKey: sandbox.serviceAccountKey });
}

/** Starts one simulator's child process and resolves with what it serves, its process and an IPC `ask`. */
function startSimulator(kind, transactions) {
  // The BigQuery simulator keeps every loaded row in its heap (about 4 GB at 1M journal rows): room for them, so its
  // GC does not thrash and slow the loads it serves (its memory, not the product's).
  const heap = kind === 'bigquery' ? ['--max-old-space-size=12288'] : [];
  const execArgv = [...heap, ...(process.env.BENCH_EXPORT_SIM_NODE_ARGS ? process.env.BENCH_EXPORT_SIM_NODE_ARGS.split(' ') : [])];
  const child = fork(__filename, ['--simulator', kind, String(transactions)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const ready = new Promise((resolve, reject) => {
    child.once('message', (msg) => (msg.kind === 'ready' ? resolve(msg) : reject(new Error(`bench-export: the ${kind} simulator said ${msg.kind}`))));
    child.once('exit', (code) => reject(new Error(`bench-export: the ${kind} simulator exited (${code})`)));
  });
  const ask = (msg) => new Promise((resolve) => {
    child.once('message', resolve);
    child.send(msg);
  });
  const close = async () => {
    if (child.exitCode === null) {
      child.send({ kind: 'close' });
      await new Promise((r) => child.once('exit', r));
    }
  };
  return ready.then((info) => ({ ...info, child, ask, close }));
}

const recreateDatabase = () => recreateNamedDatabase(DB);

/** `VmHWM` / `VmRSS` of a process in MB, from /proc (0 when it ended). */
function memoryMb(pid, field) {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) of one process so far, from /proc. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * The exporter's opt-in profiling for one size (file header): node args (`--require` of scripts/bench/memory-trace.js),
 * env for it, and the trace file (undefined when off).
 */
function profilingOf(transactions) {
  const dirOf = (value) => (value === '1' || value === 'true' ? tmpdir() : value);
  const trace = process.env.BENCH_EXPORT_MEMORY_TRACE ? join(dirOf(process.env.BENCH_EXPORT_MEMORY_TRACE), `exporter-memory-${label(transactions)}.jsonl`) : undefined;
  const sampling = process.env.BENCH_EXPORT_HEAP_SAMPLING ? join(dirOf(process.env.BENCH_EXPORT_HEAP_SAMPLING), `exporter-${label(transactions)}.heapprofile`) : undefined;
  if (!trace && !sampling) return { args: [], env: {}, trace: undefined };
  if (trace) rmSync(trace, { force: true });
  // The preload reads BENCH_EXPORT_MEMORY_TRACE / BENCH_EXPORT_HEAP_SAMPLING as file names: set them per size.
  const env = { BENCH_EXPORT_MEMORY_TRACE: trace ?? '', BENCH_EXPORT_HEAP_SAMPLING: sampling ?? '' };
  return { args: ['--require', join(__dirname, 'bench', 'memory-trace.js')], env, trace };
}

/**
 * The peak of each field of a memory trace (MB) and its last collection counts, or undefined without a trace. Fields:
 * scripts/bench/memory-trace.js.
 */
function traceSummary(file) {
  if (!file || !existsSync(file)) return undefined;
  const samples = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  if (samples.length === 0) return undefined;
  const peak = (field) => Math.max(...samples.map((m) => m[field] ?? 0));
  return { rss: peak('rss'), heapUsed: peak('heapUsed'), heapTotal: peak('heapTotal'), old: peak('old'), external: peak('external'), arrayBuffers: peak('arrayBuffers'), gc: samples[samples.length - 1].gc };
}

/** One size: simulators, product, configuration, one run; returns the figures. */
async function measure(transactions) {
  await recreateDatabase();
  await clearQueues('mlc-bench-export');
  const vismaSim = await startSimulator('visma', transactions);
  const bigquerySim = await startSimulator('bigquery', transactions);
  const exportDir = mkdtempSync(join(tmpdir(), 'mlc-bench-export-'));
  const nodeArgs = process.env.BENCH_API_NODE_ARGS ? process.env.BENCH_API_NODE_ARGS.split(' ') : [];
  const profiling = profilingOf(transactions);
  if (profiling.args.length) nodeArgs.unshift(...profiling.args);
  // The connections point at the sandboxes on 127.0.0.1 (ALLOW_SANDBOX_HOSTS, refused with NODE_ENV=production).
  const env = {
    ...process.env, HOST: '127.0.0.1', NODE_ENV: 'development', ALLOW_SANDBOX_HOSTS: 'true', PORT: String(PORT), DATABASE_URL: DB_URL, QUEUE_PREFIX: 'mlc-bench-export', LOG_LEVEL: 'error',
    VAULT_KEYS: `bench:${randomBytes(32).toString('base64')}`, VAULT_ACTIVE_KEY_ID: 'bench', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
    ROLE: 'all', EXPORT_BATCH_ROWS: String(BATCH_ROWS), EXPORT_PAGE_SIZE: String(PAGE_SIZE), EXPORT_DIR: exportDir, METADATA_SERVER_DETECTION: 'none',
    ...profiling.env,
  };
  const api = spawn(process.execPath, [...nodeArgs, join(__dirname, '../apps/api/dist/main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  api.stderr.on('data', (d) => process.stderr.write(d));
  const apiUrl = `http://127.0.0.1:${PORT}`;
  let sampler;
  try {
    const deadline = Date.now() + 120_000;
    while (!(await fetch(`${apiUrl}/health`).catch(() => undefined))?.ok) {
      if (Date.now() > deadline) throw new Error('bench-export: timed out waiting for the API to start');
      await sleep(100);
    }
    const call = async (method, path, body, token) => {
      const res = await fetch(apiUrl + path, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`bench-export: ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : undefined;
    };
    const { token } = await call('POST', '/api/auth/login', ADMIN);
    const { VISMA_DEMO } = require('../apps/sandbox/dist');
    const company = VISMA_DEMO.companies.norway;
    const vismaConnection = await call('POST', '/api/connections', {
      name: `Visma: ${company.name} (synthetic journal)`, system: 'visma',
      settings: { companyId: company.companyId, apiBaseUrl: vismaSim.url, tokenUrl: `${vismaSim.url}/connect/token`, callsPerHour: 1e9 },
      credentials: { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: company.tenantId },
    }, token);
    const bigqueryConnection = await call('POST', '/api/connections', {
      name: 'Bench BigQuery warehouse', system: 'bigquery',
      settings: { datasetId: DATASET, location: bigquerySim.location, apiEndpoint: bigquerySim.apiEndpoint },
      credentials: { serviceAccountKey: JSON.stringify(bigquerySim.serviceAccountKey) },
    }, token);
    const flow = await call('POST', '/api/export-flows', { name: 'Bench journal → BigQuery', sourceConnectionId: vismaConnection.id, targetConnectionId: bigqueryConnection.id, datasetId: DATASET, entities: ['journal_transactions'] }, token);

    // RSS sampled every 100 ms; the value when the first batch is seen merged is kept.
    const simCpu = () => ({ visma: cpuSeconds(vismaSim.child.pid), bigquery: cpuSeconds(bigquerySim.child.pid) });
    const cpuBefore = { api: cpuSeconds(api.pid), ...simCpu() };
    const rssBeforeRun = memoryMb(api.pid, 'VmRSS');
    let maxRss = 0;
    sampler = setInterval(() => (maxRss = Math.max(maxRss, memoryMb(api.pid, 'VmRSS'))), 100);
    const started = await call('POST', `/api/export-flows/${flow.id}/runs`, {}, token);
    const runId = started.run.id;
    let detail;
    let rssAfterFirstBatch;
    const runDeadline = Date.now() + 30 * 60_000;
    for (;;) {
      await sleep(500);
      detail = await call('GET', `/api/export-runs/${runId}`, undefined, token);
      if (rssAfterFirstBatch === undefined && detail.batches.some((b) => b.status === 'merged')) rssAfterFirstBatch = memoryMb(api.pid, 'VmRSS');
      if (detail.run.status === 'succeeded') break;
      if (detail.run.status === 'failed') throw new Error(`bench-export: the run failed: ${detail.run.error}`);
      if (Date.now() > runDeadline) throw new Error('bench-export: the run did not end in 30 minutes');
    }
    clearInterval(sampler);
    const rssAtEnd = memoryMb(api.pid, 'VmRSS');
    const peakRss = memoryMb(api.pid, 'VmHWM');
    const simAfter = simCpu();
    const simRss = { visma: memoryMb(vismaSim.child.pid, 'VmHWM'), bigquery: memoryMb(bigquerySim.child.pid, 'VmHWM') };
    const cpu = { api: cpuSeconds(api.pid) - cpuBefore.api, visma: simAfter.visma - cpuBefore.visma, bigquery: simAfter.bigquery - cpuBefore.bigquery };
    const entity = detail.entities[0];
    const seconds = (Date.parse(detail.run.finishedAt) - Date.parse(detail.run.startedAt)) / 1000;
    const { rows: tableRows } = await bigquerySim.ask({ kind: 'count', datasetId: DATASET, tableId: entity.table });
    if (tableRows !== entity.rowsLoaded || entity.rowsLoaded !== transactions) {
      process.stderr.write(`bench-export: ${transactions} transactions, ${entity.rowsLoaded} rows loaded, ${tableRows} rows in the simulator's table\n`);
    }
    return { transactions, rows: entity.rowsLoaded, tableRows, seconds, rowsPerSecond: entity.rowsLoaded / seconds, vismaCalls: entity.vismaCalls, batches: entity.batches, peakRss, maxRss, simRss, rssBeforeRun, rssAfterFirstBatch: rssAfterFirstBatch ?? rssAtEnd, rssAtEnd, cpu, trace: profiling.trace };
  } finally {
    clearInterval(sampler);
    api.kill('SIGTERM');
    await new Promise((r) => (api.exitCode !== null ? r() : api.once('exit', r)));
    await vismaSim.close();
    await bigquerySim.close();
    rmSync(exportDir, { recursive: true, force: true });
  }
}

/** Throughput target (rows/s into the simulator) and the exporter's peak-RSS ceiling (MB), issue 17. */
const TARGET_ROWS_PER_SECOND = 20_000;
const TARGET_EXPORTER_RSS_MB = 256;
/** The simulators' own heap ceiling (the BigQuery one keeps every loaded row): a bound on the machine, not the product's. */
const SIMULATOR_HEAP_MB = 12_288;
const verdict = (ok) => (ok ? 'pass' : 'FAIL');

/**
 * Measures every size and returns the table rows `[figure, value, target]`. The ≤ 256 MB target is the exporter's: the
 * product process (apps/api/dist/main.js, ROLE=all: the API and the worker running the export). The simulators run in
 * processes of their own; their peak RSS is printed next to their own bound (the heap they are given), not the target.
 */
async function exportBench() {
  const rows = [];
  const measured = [];
  for (const n of sizes()) {
    const r = await measure(n);
    const l = label(n);
    // Flat: the RSS at the end is within 10 % (or 16 MB) of the RSS after the first batch merged.
    const flat = r.rssAtEnd <= Math.max(r.rssAfterFirstBatch * 1.1, r.rssAfterFirstBatch + 16);
    rows.push(
      [`export rows/s (${l}), journal transactions → BigQuery simulator`, r.rowsPerSecond.toFixed(0), `≥ ${TARGET_ROWS_PER_SECOND} ${verdict(r.rowsPerSecond >= TARGET_ROWS_PER_SECOND)}`],
      [`exporter peak RSS MB (${l}) (VmHWM of the product process, API + worker)`, r.peakRss.toFixed(0), `≤ ${TARGET_EXPORTER_RSS_MB} ${verdict(r.peakRss <= TARGET_EXPORTER_RSS_MB)}, flat ${verdict(flat)}`],
      [`simulator peak RSS MB (${l}) (VmHWM: BigQuery simulator / Visma simulator; not the product's)`, `${r.simRss.bigquery.toFixed(0)} / ${r.simRss.visma.toFixed(0)}`, `≤ ${SIMULATOR_HEAP_MB} (its heap) ${verdict(Math.max(r.simRss.bigquery, r.simRss.visma) <= SIMULATOR_HEAP_MB)}`],
      [`  exporter RSS MB before the run / after the first batch / at the end / max sampled (${l})`, `${r.rssBeforeRun.toFixed(0)} / ${r.rssAfterFirstBatch.toFixed(0)} / ${r.rssAtEnd.toFixed(0)} / ${r.maxRss.toFixed(0)}`, ''],
      [`  rows loaded / in the table, run seconds (${l})`, `${r.rows} / ${r.tableRows}, ${r.seconds.toFixed(1)} s`, r.rows === n && r.tableRows === n ? 'exact' : 'MISMATCH'],
      [`  Visma calls, batches (${l}; ${LINES_PER_TRANSACTION} lines a row, ${PAGE_SIZE} lines a page, ${BATCH_ROWS} rows a batch)`, `${r.vismaCalls}, ${r.batches}`, ''],
      [`  CPU seconds: product / Visma simulator / BigQuery simulator (${l})`, `${r.cpu.api.toFixed(1)} / ${r.cpu.visma.toFixed(1)} / ${r.cpu.bigquery.toFixed(1)}`, ''],
    );
    const t = traceSummary(r.trace);
    if (t) {
      rows.push(
        [`  exporter peaks MB: V8 heap used / heap total / old space / external / arrayBuffers (${l}; memory trace)`, `${t.heapUsed.toFixed(0)} / ${t.heapTotal.toFixed(0)} / ${t.old.toFixed(0)} / ${t.external.toFixed(0)} / ${t.arrayBuffers.toFixed(0)}`, ''],
        [`  exporter collections: scavenges / mark-compacts, pause s (${l}; whole process life)`, `${t.gc?.minor ?? 0} / ${t.gc?.major ?? 0}, ${((t.gc?.ms ?? 0) / 1000).toFixed(1)} s`, ''],
      );
    }
    measured.push(r);
  }
  rows.push(...flatAcrossSizes(measured));
  return rows;
}

/**
 * With two sizes or more: each size's exporter peak RSS against the smallest size's, within 10 % (issue 17: memory
 * must not grow with the total rows). `[]` with one size.
 */
function flatAcrossSizes(measured) {
  if (measured.length < 2) return [];
  const sorted = [...measured].sort((a, b) => a.transactions - b.transactions);
  const base = sorted[0];
  return sorted.slice(1).map((r) => {
    const growth = (r.peakRss / base.peakRss - 1) * 100;
    return [`exporter peak RSS flat across sizes (${label(base.transactions)} → ${label(r.transactions)})`, `${base.peakRss.toFixed(0)} → ${r.peakRss.toFixed(0)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %)`, `≤ +10 % ${verdict(growth <= 10)}`];
  });
}

/** Prints rows `[figure, value, target]` padded as bench.js prints its table. */
function printRows(rows, header = true) {
  const all = header ? [['figure', 'value', 'target'], ...rows] : rows;
  const widths = [0, 1, 2].map((c) => Math.max(...all.map((r) => r[c].length)));
  for (const row of all) process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c])).join('  ')}\n`.replace(/ +\n$/, '\n'));
}

/** Runs the export figures and prints them (what bench.js calls at its end). */
async function main() {
  if (sizes().length === 0) return;
  printRows(await exportBench());
}

module.exports = { main, exportBench, printRows };

if (require.main === module) {
  const at = process.argv.indexOf('--simulator');
  const run = at >= 0 ? simulator(process.argv[at + 1], Number(process.argv[at + 2])) : main();
  run.catch((err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  });
}
