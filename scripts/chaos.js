#!/usr/bin/env node
/*
 * `npm run chaos`: the whole product under faults, kills and restarts, judged only by what the shop and the ERP say.
 * Prints a table (check, value, target, PASS/FAIL) and ends with the line `N passed, N failed`; exit code 1 when any
 * check failed.
 *
 * Set-up (everything on 127.0.0.1, stopped by PID at the end, also on failure and Ctrl+C): the run's own database
 * ml_connector_chaos_<pid> (created, dropped), its own Redis server (/usr/bin/redis-server on a free port, append-only
 * with fsync every second in a temp dir, so a restart keeps what was fsynced), its own queue prefix, ONE API process
 * and TWO worker processes (node apps/api/dist/main.js, ROLE=api / ROLE=worker, each on its own port). The sandboxes
 * run in this process with their quotas lifted (the faults below replace the vendors' limits) and the store's webhook
 * retries compressed from BigCommerce's 60 s … 24 h to 1 s … 2 min; the WooCommerce shop as WooCommerce is (no
 * retries, a hook disabled on its 7th consecutive failed delivery; the product's 5-minute webhook check, which recreates
 * such hooks, needs PUBLIC_BASE_URL and does not run here). The demo set-up configures the product through its API
 * (all three shops, every flow); every flow's catch-up schedule is then set to off, so recovery is proven without polls.
 *
 * Chaos window: N orders through POST /v2/orders of the store (six shapes, new and returning buyers, SEK orders routed
 * to "Fjällvind Design AB"), refunds of some, renames of registered customers (some twice in one second); a share of
 * the N (CHAOS_WOOCOMMERCE_SHARE) through the WooCommerce shop's REST API instead (chaos/woocommerce.js: paid NOK
 * orders from Norway, coupon, fee, 25 % and 15 % VAT, new and returning buyers, amount and itemised refunds) and a share
 * (CHAOS_ADOBE_COMMERCE_SHARE) through the Adobe Commerce store's REST API (chaos/adobe-commerce.js: OAuth 1.0a-signed
 * calls; NOK orders from Norway in six shapes, guest and registered buyers, renames of registered customers, invoices
 * captured at once or later, full, shipping-less and one-item credit memos) and a share (CHAOS_COMMERCETOOLS_SHARE)
 * in the commercetools project (chaos/commercetools.js: orders in stores `no` and `se` or none, card charges at once or
 * pending first, gift cards, partial refunds, chargebacks, cancellations before and after a charge; commercetools has
 * no webhooks, so the run polls it every CHAOS_COMMERCETOOLS_POLL_MS through the admin API, and (6) does not count
 * those polls). Faults on all five sandboxes (probability rules): 10 % 5xx, 5 % 429, 2 % timeouts (3 s), 1 % resets, some 401s and 412s, 3 %
 * dropped and 10 % duplicated webhooks, 2 % of Visma POSTs committed with the reply cut off. Worker 1 is SIGKILLed every
 * 3–8 s, the API several times (once right after a delivery was accepted); worker 2 is SIGSTOPped past its record lease
 * once and otherwise lives the whole run (so (7) always measures a long-lived worker);
 * Redis SIGKILLed and restarted once. Then faults are cleared, killing stops, and the run measures how long after the
 * last kill every record the API accepted was settled (WooCommerce deliveries that failed or were dropped never
 * became records, so (6) does not wait for them); then it asks every flow for one manual catch-up (dropped webhooks
 * are never redelivered, WooCommerce's failed ones neither) and waits for everything before the checks.
 *
 * Checks (chaos/checks.js reads Visma and the store through their official APIs only; the product's own rows are read
 * for (5), (5b) and (6)): (1) one customer invoice per order by externalReference, in the routed company; (2) one
 * credit note per refund; (3) document amount = order total inc. tax / refund amount, to the cent ((1)–(3) name each
 * shop: `BigCommerce …; WooCommerce …; Adobe Commerce …`, WooCommerce's references `wc:<site host>:<order>[:r<refund>]`,
 * Adobe Commerce's `ac:<store code>:<order>[:m<credit memo>]`, a credit memo's amount its grand_total); (4) one Visma
 * customer per e-mail, registered customers named as after their last PUT; (5) nothing received/processing, every
 * failed record has last_error; (5b) no record of the run failed before the manual catch-up; (6) the time from the
 * last kill until no record is received/processing and the store has no delivery pending, ≤ 30 s, with no catch-up or
 * replay before it; (7) VmRSS of every process instance that lived ≥ 60 s (median of the last 20 % of its 1 s samples
 * against samples 20–40 %: fails above +50 % and +60 MB, and fails when no worker lived that long); (8) every Visma POST the request log shows as `lose-reply`
 * left exactly one document (or customer) behind; (9) every paid Adobe Commerce invoice (capture) became exactly one
 * Visma customer payment applied in full to the order's invoice, and no open one did; (10) every successful
 * commercetools Charge left exactly one applied customer payment of its amount ((1)–(3) judge commercetools too: an
 * invoice per charged order in its store's company, none for one never charged, a credit note per refund, chargeback
 * and cancellation after a charge); (11) after export runs of the demo's Visma → BigQuery ledger export asked for every
 * few seconds under the same kills, with the BigQuery simulator losing replies after committing jobs and answering
 * quota errors and 503s (chaos/export.js), and one last run once everything settled: every table holds each record
 * Visma lists exactly once; plus the faults, kills and workload as specified, and the deadline.
 *
 * Env knobs:
 *   CHAOS_ORDERS        orders to push (default 2000), both shops together
 *   CHAOS_WOOCOMMERCE_SHARE  the WooCommerce shop's share of them (default 0.2)
 *   CHAOS_ADOBE_COMMERCE_SHARE  the Adobe Commerce store's share of them (default 0.15)
 *   CHAOS_COMMERCETOOLS_SHARE   the commercetools project's share of them (default 0.1)
 *   CHAOS_COMMERCETOOLS_POLL_MS how often the project is polled during the window (default 5000)
 *   CHAOS_EXPORT_EVERY_MS  how often a run of the ledger export is asked for during the window (default 7000; 0: none)
 *   CHAOS_SEED          seed of the workload, kill timing and fault rules (default 1)
 *   CHAOS_DURATION_MS   chaos window (default max(45 s, 40 ms per order))
 *   CHAOS_KILL_MIN_MS / CHAOS_KILL_MAX_MS   pause between worker kills (default 3000 / 8000)
 *   CHAOS_API_KILLS     API kills in the window (default 3)
 *   CHAOS_STOP_MS       how long one worker stays SIGSTOPped (default 25000; the record lease is 10 s)
 *   CHAOS_DEADLINE_MS   overall bound; past it the run reports failure instead of waiting (default scaled to N)
 *   CHAOS_RSS_MIN_LIFE_MS  shortest life of a process whose RSS (7) compares (default 60000)
 *   CHAOS_KEEP          1: keep the database and the process logs for debugging (their names are printed)
 */
const { randomBytes } = require('node:crypto');
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const { startAdobeCommerceSandbox, startBigCommerceSandbox, startBigQuerySandbox, startCommercetoolsSandbox, startVismaSandbox, startWooCommerceSandbox } = require('../apps/sandbox/dist');
const { setUpDemo } = require('../apps/demo/dist/demo-setup');
const { ENV_SCHEMA } = require('../apps/api/dist/config/config.schema');
const { ProcessRegistry, freePort, waitForHttp, waitForRedis, rssGrowth, sleep } = require('./chaos/processes');
const { storeRules, vismaRules, wooCommerceRules, adobeCommerceRules, commercetoolsRules, armRules, clearFaults, RequestLogReader, rng } = require('./chaos/faults');
const { runWorkload } = require('./chaos/workload');
const { runWooCommerceWorkload, readWooCommerce } = require('./chaos/woocommerce');
const { runAdobeCommerceWorkload, readAdobeCommerce } = require('./chaos/adobe-commerce');
const { runCommercetoolsWorkload, readCommercetools } = require('./chaos/commercetools');
const { readStore, readVisma, verdicts } = require('./chaos/checks');
const { Director } = require('./chaos/director');
const { armBigQueryFaults, exportVerdict, finalRun, keepExporting } = require('./chaos/export');

const env = process.env;
const ORDERS = Number(env.CHAOS_ORDERS ?? 2000);
const WOO_SHARE = Number(env.CHAOS_WOOCOMMERCE_SHARE ?? 0.2);
/** Of the ORDERS, this many go through the WooCommerce shop, the rest through the BigCommerce store. */
const WOO_ORDERS = Math.max(0, Math.min(ORDERS, Math.round(ORDERS * WOO_SHARE)));
const ADOBE_SHARE = Number(env.CHAOS_ADOBE_COMMERCE_SHARE ?? 0.15);
/** Of the ORDERS, this many go through the Adobe Commerce store. */
const ADOBE_ORDERS = Math.max(0, Math.min(ORDERS - WOO_ORDERS, Math.round(ORDERS * ADOBE_SHARE)));
const CT_SHARE = Number(env.CHAOS_COMMERCETOOLS_SHARE ?? 0.1);
/** Of the ORDERS, this many go through the commercetools project. */
const CT_ORDERS = Math.max(0, Math.min(ORDERS - WOO_ORDERS - ADOBE_ORDERS, Math.round(ORDERS * CT_SHARE)));
/** How often the run polls the commercetools project during the window (it has no webhooks: the poll is its intake). */
const CT_POLL_MS = Number(env.CHAOS_COMMERCETOOLS_POLL_MS ?? 5000);
const BC_ORDERS = ORDERS - WOO_ORDERS - ADOBE_ORDERS - CT_ORDERS;
const SEED = Number(env.CHAOS_SEED ?? 1);
const DURATION_MS = Number(env.CHAOS_DURATION_MS ?? Math.max(45_000, ORDERS * 40));
const KNOBS = {
  killMinMs: Number(env.CHAOS_KILL_MIN_MS ?? 3000),
  killMaxMs: Number(env.CHAOS_KILL_MAX_MS ?? 8000),
  apiKills: Number(env.CHAOS_API_KILLS ?? 3),
  stopMs: Number(env.CHAOS_STOP_MS ?? 25_000),
};
const DEADLINE_MS = Number(env.CHAOS_DEADLINE_MS ?? 150_000 + DURATION_MS + ORDERS * 60);
const KEEP = ['1', 'true', 'yes'].includes(String(env.CHAOS_KEEP ?? '').toLowerCase());
const SETTLE_TARGET_MS = 30_000;
const RSS_MIN_LIFE_MS = Number(env.CHAOS_RSS_MIN_LIFE_MS ?? 60_000);
const WEBHOOK_RETRY_SCHEDULE_MS = [1000, 2000, 4000, 8000, 15_000, 30_000, 60_000, 120_000];
/** The product's 5-minute webhook check of the WooCommerce shop, compressed as the store's retries are (see below). */
const WOO_HOOK_CHECK_MS = Number(env.CHAOS_WOOCOMMERCE_HOOK_CHECK_MS ?? 2000);
/** How often the run asks for a run of the demo's Visma → BigQuery export during the window (0: no export share). */
const EXPORT_EVERY_MS = Number(env.CHAOS_EXPORT_EVERY_MS ?? 7000);

const startedAt = Date.now();
const deadlineAt = startedAt + DEADLINE_MS;
const isPastDeadline = () => Date.now() > deadlineAt;
const DB = `ml_connector_chaos_${process.pid}`;
const DB_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const work = mkdtempSync(join(tmpdir(), 'mlc-chaos-'));
const logDir = join(work, 'logs');
const redisDir = join(work, 'redis');
mkdirSync(logDir);
mkdirSync(redisDir);
const registry = new ProcessRegistry(logDir);
const say = (line) => process.stderr.write(`chaos: ${line}\n`);
const state = { sandboxes: [], db: undefined, dbCreated: false };

async function admin(sql) {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Polls `probe` every `intervalMs` until truthy, or until `until` (ms since epoch, default the deadline): then false. */
async function waitUntil(probe, { until = deadlineAt, intervalMs = 250 } = {}) {
  for (;;) {
    const value = await probe().catch(() => false);
    if (value) return value;
    if (Date.now() > Math.min(until, deadlineAt)) return false;
    await sleep(intervalMs);
  }
}

/** The children's environment: ours, without any variable of the product's config schema we did not set. */
function childEnv(extra) {
  const base = { ...process.env };
  for (const key of Object.keys(ENV_SCHEMA._def.schema.shape)) delete base[key];
  return { ...base, ...extra, METADATA_SERVER_DETECTION: 'none' };
}

async function main() {
  const random = rng(SEED);
  const adminUser = { email: 'chaos@example.com', password: 'chaos-password-123' };
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  state.dbCreated = true;

  const redisPort = await freePort();
  const redis = registry.slot('redis', () => ({
    command: '/usr/bin/redis-server',
    args: ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', redisDir, '--daemonize', 'no'],
    env: process.env,
    cwd: redisDir,
  }), { restartDelayMs: 1000 });
  redis.start();
  registry.startRssSampling();
  if (!(await waitForRedis(redisPort))) throw new Error(`Redis did not start on port ${redisPort}`);

  const visma = await startVismaSandbox({ rateLimit: { limit: 1e9, windowMs: 3_600_000 } });
  state.sandboxes.push(visma);
  const bigcommerce = await startBigCommerceSandbox({ quota: { requests: 1e9, windowMs: 30_000 }, webhookRetryScheduleMs: WEBHOOK_RETRY_SCHEDULE_MS });
  state.sandboxes.push(bigcommerce);
  // WooCommerce as it is: no retries of a failed delivery, a hook disabled on its 7th consecutive failure (the API
  // kills do that; the product's 5-minute webhook check, which recreates it, does not run here: no PUBLIC_BASE_URL).
  const woocommerce = await startWooCommerceSandbox();
  state.sandboxes.push(woocommerce);
  // Adobe Commerce as it is: synchronous, optional hooks, never retried (a delivery that fails is the catch-up's).
  const adobeCommerce = await startAdobeCommerceSandbox();
  state.sandboxes.push(adobeCommerce);
  // commercetools: no webhooks at all; the demo project's seed, its token TTL as the API's.
  const commercetools = await startCommercetoolsSandbox({ seed: 'demo' });
  state.sandboxes.push(commercetools);
  // BigQuery: the warehouse of the demo's ledger export (it loses replies, answers quota errors and 503s below).
  const bigquery = await startBigQuerySandbox({ location: 'EU' });
  state.sandboxes.push(bigquery);

  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const common = {
    NODE_ENV: 'production', HOST: '127.0.0.1', DATABASE_URL: DB_URL, REDIS_URL: `redis://127.0.0.1:${redisPort}`, QUEUE_PREFIX: `mlc-chaos-${process.pid}`,
    LOG_LEVEL: 'warn', VAULT_KEYS: `chaos:${randomBytes(32).toString('base64')}`, VAULT_ACTIVE_KEY_ID: 'chaos', ADMIN_EMAIL: adminUser.email, ADMIN_PASSWORD: adminUser.password,
    // The sandboxes on 127.0.0.1 stand in for the vendors (sandbox mode for hosts, issue 19).
    ALLOW_SANDBOX_HOSTS: 'true',
  };
  const nodeProcess = (role, port) => () => ({ command: process.execPath, args: [join(__dirname, '../apps/api/dist/main.js')], env: childEnv({ ...common, ROLE: role, PORT: String(port) }), cwd: join(__dirname, '..') });
  const api = registry.slot('api', nodeProcess('api', apiPort));
  const workers = [registry.slot('worker-1', nodeProcess('worker', await freePort())), registry.slot('worker-2', nodeProcess('worker', await freePort()))];
  // worker-2 is never SIGKILLed (it is the one SIGSTOPped past its lease): one worker lives the whole run, so (7) always
  // has a long-lived worker to measure; worker-1 takes every kill.
  const steadyWorker = workers[1];
  api.start();
  workers.forEach((w) => w.start());
  if (!(await waitForHttp(`${apiUrl}/health`, 90_000))) throw new Error(`the API did not answer /health (logs: ${logDir})`);

  const db = new Client({ connectionString: DB_URL });
  state.db = db;
  await db.connect();
  const count = async (where) => Number((await db.query(`SELECT count(*)::int AS n FROM sync_record WHERE ${where}`)).rows[0].n);
  const stuck = () => count(`status IN ('received', 'processing')`);
  const dispatcherIdle = () => Promise.all([bigcommerce.flushWebhooks({ timeoutMs: 1 }), woocommerce.flushWebhooks({ timeoutMs: 1 }), adobeCommerce.flushWebhooks({ timeoutMs: 1 })]).then(() => true, () => false);

  const demo = await setUpDemo({ apiUrl, publicBaseUrl: apiUrl, sandboxes: { visma, bigcommerce, woocommerce, adobeCommerce, commercetools, ...(EXPORT_EVERY_MS > 0 ? { bigquery } : {}) }, admin: adminUser, callsPerHour: 1e9 });
  const call = async (method, path, body) => {
    const res = await fetch(`${apiUrl}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${demo.token}` }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
  // Every flow's catch-up schedule off, so nothing but webhooks (and the one manual catch-up below) brings records in.
  const flowList = await call('GET', '/api/flows');
  const flowIds = flowList.map((f) => f.id);
  /** Entity positions each flow keeps (one per entity it moves). */
  const entityCount = new Map(flowList.map((f) => [f.id, Math.max(1, f.entities?.length ?? 1)]));
  for (const id of flowIds) await call('PATCH', `/api/flows/${id}`, { catchUpSchedule: { kind: 'off' } });
  const notOff = (await call('GET', '/api/flows')).filter((f) => f.catchUpSchedule?.kind !== 'off');
  if (notOff.length) throw new Error(`catch-up schedule still on for flow(s) ${notOff.map((f) => f.id).join(', ')}`);
  if (!demo.woocommerce || !flowIds.includes(demo.woocommerce.flowId)) throw new Error('the demo set-up created no WooCommerce flow');
  if (!demo.adobeCommerce || !flowIds.includes(demo.adobeCommerce.flowId)) throw new Error('the demo set-up created no Adobe Commerce flow');
  if (!demo.commercetools || !flowIds.includes(demo.commercetools.flowId)) throw new Error('the demo set-up created no commercetools flow');
  /** Every entity position of every flow idle and saved after `since` (each flow has one per entity it moves). */
  const catchUpDone = async (since) => {
    for (const id of flowIds) {
      const { positions } = await call('GET', `/api/flows/${id}/catch-up`);
      if (!(positions.length >= entityCount.get(id) && positions.every((p) => !p.isInProgress && Date.parse(p.updatedAt) >= since))) return false;
    }
    return true;
  };
  const setUpAt = Date.now() - 1000;
  if (!(await waitUntil(async () => (await catchUpDone(0)) && (await stuck()) === 0 && (await count('true')) > 0, { until: Date.now() + 120_000 }))) {
    throw new Error('the demo back-fill did not settle within 120 s');
  }
  say(`set up in ${((Date.now() - startedAt) / 1000).toFixed(0)} s (demo back-fill since ${new Date(setUpAt).toISOString()} settled); chaos for ${DURATION_MS / 1000} s with ${ORDERS} orders (${WOO_ORDERS} of them WooCommerce, ${ADOBE_ORDERS} Adobe Commerce, ${CT_ORDERS} commercetools)`);

  // Faults: seeded probability rules through each sandbox's control API, until cleared.
  const logs = { store: new RequestLogReader(bigcommerce), visma: new RequestLogReader(visma), woo: new RequestLogReader(woocommerce), adobe: new RequestLogReader(adobeCommerce), ct: new RequestLogReader(commercetools) };
  for (const log of Object.values(logs)) await log.init();
  const deliveriesBefore = bigcommerce.deliveries().length;
  const wooDeliveriesBefore = woocommerce.deliveries().length;
  const adobeDeliveriesBefore = adobeCommerce.deliveries().length;
  const armed = {
    store: await armRules(bigcommerce, storeRules(), SEED * 1000),
    visma: await armRules(visma, vismaRules(), SEED * 2000),
    woo: await armRules(woocommerce, wooCommerceRules(), SEED * 3000),
    adobe: await armRules(adobeCommerce, adobeCommerceRules(), SEED * 4000),
    ct: await armRules(commercetools, commercetoolsRules(), SEED * 5000),
  };
  const bigQueryFaults = EXPORT_EVERY_MS > 0 ? armBigQueryFaults(bigquery, SEED * 6000) : [];
  const pollLogs = () => Promise.all(Object.values(logs).map((log) => log.poll()));
  const poller = setInterval(() => void pollLogs().catch(() => undefined), 1000);

  // The WooCommerce shop disables a hook on its 7th consecutive failed delivery, which one API kill does; the
  // product's webhook check (every 5 minutes, needs PUBLIC_BASE_URL, so not running here) recreates it and then asks
  // for a catch-up. Compressed to every WOO_HOOK_CHECK_MS, the run asks for the same repair through the admin API
  // (POST /api/connections/:id/webhooks, the same ensure() without the catch-up, so (6) still proves recovery
  // without polls): the WooCommerce share keeps arriving by webhook through the whole window; the deliveries that
  // failed are brought in by the manual catch-up after it.
  const hookChecks = { runs: 0, failed: 0, repaired: 0 };
  let hookCheckStop = false;
  const hookChecking = (async () => {
    while (!hookCheckStop) {
      await sleep(WOO_HOOK_CHECK_MS);
      if (hookCheckStop) break;
      try {
        const report = await call('POST', `/api/connections/${demo.woocommerce.connectionId}/webhooks`, { publicBaseUrl: apiUrl });
        hookChecks.runs += 1;
        hookChecks.repaired += report.repaired?.length ?? 0;
      } catch {
        hookChecks.failed += 1; // the API is down, or the shop's listing answered a fault: next round
      }
    }
  })();
  // commercetools has no webhooks: the product's poll is its intake (its schedule, every 5 minutes by default, is off
  // here like every flow's), so the run asks for a catch-up of the project every CT_POLL_MS through the admin API, under
  // the same kills and faults. (6) does not count these as polls: for commercetools they are the delivery.
  const ctPolls = { runs: 0, failed: 0 };
  let ctPollStop = false;
  const ctPolling = (async () => {
    while (!ctPollStop && CT_ORDERS > 0) {
      await sleep(CT_POLL_MS);
      if (ctPollStop) break;
      try {
        await call('POST', `/api/flows/${demo.commercetools.flowId}/catch-up`, {});
        ctPolls.runs += 1;
      } catch {
        ctPolls.failed += 1; // the API is down: next round
      }
    }
  })();
  // The ledger export: a run asked for every EXPORT_EVERY_MS through the admin API (one already active answers queued: false).
  let exportStop = false;
  const exporting = EXPORT_EVERY_MS > 0 && demo.bigquery ? keepExporting({ call, flowId: demo.bigquery.exportFlowId, everyMs: EXPORT_EVERY_MS, isStopped: () => exportStop }) : undefined;
  const director = new Director({ api, workers, steadyWorker, redis, redisPort, apiUrl, bigcommerce, random, knobs: KNOBS });
  const chaosStart = Date.now();
  const directing = director.run(DURATION_MS);
  let workload;
  let wooWorkload;
  let adobeWorkload;
  let ctWorkload;
  try {
    // The four shops' workloads side by side, each with its own seeded generator.
    [workload, wooWorkload, adobeWorkload, ctWorkload] = await Promise.all([
      runWorkload({ bigcommerce, orders: BC_ORDERS, durationMs: DURATION_MS, random, tag: `${process.pid}${SEED}`, isStopped: isPastDeadline }),
      runWooCommerceWorkload({ woocommerce, orders: WOO_ORDERS, durationMs: DURATION_MS, random: rng(SEED * 3000 + 1), tag: `${process.pid}${SEED}`, isStopped: isPastDeadline }),
      runAdobeCommerceWorkload({ adobeCommerce, orders: ADOBE_ORDERS, durationMs: DURATION_MS, random: rng(SEED * 4000 + 1), tag: `${process.pid}${SEED}`, isStopped: isPastDeadline }),
      runCommercetoolsWorkload({ commercetools, orders: CT_ORDERS, durationMs: DURATION_MS, random: rng(SEED * 5000 + 1), tag: `${process.pid}${SEED}`, isStopped: isPastDeadline }),
    ]);
  } finally {
    await sleep(Math.max(0, chaosStart + DURATION_MS - Date.now()));
    await director.stop();
    await directing;
    hookCheckStop = true;
    await hookChecking;
    ctPollStop = true;
    await ctPolling;
    exportStop = true;
    await exporting?.done;
    for (const f of bigQueryFaults) f.fired = bigquery.faults.list().find((x) => x.id === f.id)?.fired ?? 0;
    bigquery.faults.clear();
    await clearFaults(bigcommerce);
    await clearFaults(visma);
    await clearFaults(woocommerce);
    await clearFaults(adobeCommerce);
    await clearFaults(commercetools);
  }
  const lastKillAt = director.lastKillAt ?? Date.now();
  const openAtEnd = await stuck();
  say(`chaos over: ${workload.orders.length} + ${wooWorkload.orders.length} WooCommerce + ${adobeWorkload.orders.length} Adobe Commerce + ${ctWorkload.orders.length} commercetools orders, ${workload.refunds.length} + ${wooWorkload.refunds.length} + ${adobeWorkload.creditMemos.length} + ${ctWorkload.refunds + ctWorkload.chargebacks + ctWorkload.cancelledAfterCharge} refunds, ${workload.renames} renames; last kill (${director.lastKillWhat}) ${((Date.now() - lastKillAt) / 1000).toFixed(1)} s ago; ${openAtEnd} records received/processing`);

  // (6) Every record the API accepted settled, without a replay or catch-up poll: time from the last kill until no
  // record is received/processing while the store has no delivery pending (a retry still due would bring one more).
  const settledAt = await waitUntil(async () => (await stuck()) === 0 && (await dispatcherIdle()) && Date.now(), { until: lastKillAt + 180_000 });
  const stuckBeforeCatchUp = settledAt ? 0 : await stuck().catch(() => -1);
  const settleMs = settledAt ? settledAt - lastKillAt : undefined;
  const slowest = await slowestToSettle(db, lastKillAt, settledAt ?? Date.now()).catch((err) => `(could not tell: ${err.message})`);
  const pollsInWindow = Number((await db.query(
    `SELECT count(*)::int AS n FROM audit_event e LEFT JOIN sync_record r ON r.id = e.record_id
      WHERE e.created_at >= $1 AND (e.kind = 'record.replayed' OR (e.kind = 'record.received' AND e.data->>'via' = 'catch-up'))
        AND r.connection_id IS DISTINCT FROM $2`,
    [new Date(chaosStart), demo.commercetools.connectionId],
  )).rows[0].n);
  // Records of the run that failed for good before the catch-up (a `record.failed` event, even if a later delivery
  // took them in again): a transient fault must not fail a record, and the catch-up below would hide it.
  const failedBeforeCatchUp = (await db.query(
    `SELECT f.*, count(*) OVER ()::int AS total FROM (
       SELECT DISTINCT ON (r.id) r.entity_type, r.external_id, e.message FROM audit_event e JOIN sync_record r ON r.id = e.record_id
        WHERE e.kind = 'record.failed' AND r.created_at >= $1 ORDER BY r.id, e.id) f LIMIT 4`,
    [new Date(chaosStart)],
  )).rows;
  say(settledAt ? `every accepted record settled ${(settleMs / 1000).toFixed(1)} s after the last kill; last: ${slowest}` : `${stuckBeforeCatchUp} records still received/processing`);

  // Dropped webhooks are never redelivered: one manual catch-up per flow, then wait for everything.
  const askedAt = Date.now();
  for (const id of flowIds) await call('POST', `/api/flows/${id}/catch-up`, {}).catch((err) => say(`catch-up request failed: ${err.message}`));
  const caughtUp = await waitUntil(() => catchUpDone(askedAt), { until: Date.now() + 120_000 });
  let quiet = 0;
  await waitUntil(async () => {
    quiet = (await stuck()) === 0 && (await dispatcherIdle()) ? quiet + 1 : 0;
    return quiet >= 3;
  }, { intervalMs: 500, until: Date.now() + 120_000 });
  clearInterval(poller);
  await pollLogs();
  // The ledger export catches up once more, faults cleared and records settled; (11) then compares every table with Visma.
  const finalExport = exporting && demo.bigquery ? await finalRun({ call, flowId: demo.bigquery.exportFlowId, until: Date.now() + 120_000 }) : undefined;

  // Checks: the outcome through the official APIs, then the product's own rows for "nothing stuck".
  const store = await readStore(bigcommerce, workload.orders.map((o) => o.id), workload.customers.map((c) => c.id));
  const woo = { ...(await readWooCommerce(woocommerce, wooWorkload.orders.map((o) => o.id))), siteUrl: woocommerce.url };
  const adobe = { ...(await readAdobeCommerce(adobeCommerce, adobeWorkload.orders.map((o) => o.id), adobeWorkload.customers.map((c) => c.id))) };
  const ct = await readCommercetools(commercetools, ctWorkload.orders.map((o) => o.id));
  const vismaState = await readVisma(visma);
  const lostReplies = logs.visma.faulted.filter((e) => e.fault === 'lose-reply' && e.method === 'POST');
  const rows = verdicts({ store, visma: vismaState, lostReplies, woo: WOO_ORDERS > 0 ? woo : undefined, adobe: ADOBE_ORDERS > 0 ? adobe : undefined, ct: CT_ORDERS > 0 ? ct : undefined });
  if (exporting) rows.push(await exportVerdict({ visma, bigquery, final: finalExport, stats: exporting.stats, faults: bigQueryFaults }));
  // (5) The product's own rows: nothing left received/processing, every failed record says why. Records of the demo's
  // seed data (created before the chaos) are counted apart: some of them fail by design (no products, Finnish VAT).
  const statusRows = (await db.query(
    `SELECT status, created_at >= $1 AS is_run, count(*)::int AS n, count(*) FILTER (WHERE last_error IS NULL)::int AS no_reason FROM sync_record GROUP BY 1, 2`,
    [new Date(chaosStart)],
  )).rows;
  const n = (s, isRun) => statusRows.filter((r) => r.status === s && (isRun === undefined || r.is_run === isRun)).reduce((a, r) => a + r.n, 0);
  const failedNoReason = statusRows.filter((r) => r.status === 'failed').reduce((a, r) => a + r.no_reason, 0);
  rows.push({
    check: '(5) nothing stuck, every failed record has last_error',
    value: `${n('received')} received, ${n('processing')} processing; ${n('failed')} failed (${failedNoReason} without last_error), ${n('posted')} posted, ${n('skipped')} skipped`,
    target: '0 received/processing; 0 failed without last_error',
    pass: n('received') + n('processing') === 0 && failedNoReason === 0,
  });
  const failedTotal = failedBeforeCatchUp[0]?.total ?? 0;
  rows.push({
    check: '(5b) no record of the run failed (before the manual catch-up)',
    value: `${failedTotal} of the run's records failed before the catch-up${failedTotal ? `: ${failedBeforeCatchUp.map((f) => `${f.entity_type} ${f.external_id} "${f.message.slice(0, 100)}"`).join('; ')}` : ''}; ${n('failed', true)} failed now (seed data before the chaos: ${n('failed', false)} failed, ${n('skipped', false)} skipped)`,
    target: '0 failed',
    pass: failedTotal === 0 && n('failed', true) === 0,
  });
  rows.push({
    check: '(6) every accepted record settled after the last kill (no replay, no poll)',
    value: settleMs !== undefined
      ? `${(settleMs / 1000).toFixed(1)} s after the last kill (${director.lastKillWhat}), ${openAtEnd} open when the chaos ended; last to settle: ${slowest}${pollsInWindow ? `; but ${pollsInWindow} records came by catch-up/replay` : ''}`
      : `not within 180 s: ${stuckBeforeCatchUp} still received/processing (${slowest})`,
    target: `≤ ${SETTLE_TARGET_MS / 1000} s, 0 records by catch-up/replay`,
    pass: settleMs !== undefined && settleMs <= SETTLE_TARGET_MS && pollsInWindow === 0,
  });
  rows.push(rssVerdict());
  const deliveries = bigcommerce.deliveries().slice(deliveriesBefore);
  const failedAttempts = {};
  for (const d of deliveries) if (d.outcome === 'failed') failedAttempts[d.status ?? d.error ?? 'no answer'] = (failedAttempts[d.status ?? d.error ?? 'no answer'] ?? 0) + 1;
  say(`webhook attempts: ${deliveries.length}, failed ${JSON.stringify(failedAttempts)}`);
  if (KEEP) {
    writeFileSync(join(logDir, 'webhook-deliveries.json'), JSON.stringify(deliveries, null, 1));
    writeFileSync(join(logDir, 'faulted-requests.json'), JSON.stringify({ store: logs.store.faulted, visma: logs.visma.faulted, woocommerce: logs.woo.faulted, adobeCommerce: logs.adobe.faulted, commercetools: logs.ct.faulted }, null, 1));
  }
  rows.push(faultVerdict('store', armed.store, logs.store, { 'drop-webhook': deliveries.filter((d) => d.outcome === 'dropped').length, 'duplicate-webhook': deliveries.filter((d) => d.duplicate).length }));
  rows.push(faultVerdict('Visma', armed.visma, logs.visma, {}));
  const wooDeliveries = woocommerce.deliveries().slice(wooDeliveriesBefore).filter((d) => d.kind === 'delivery');
  if (KEEP) writeFileSync(join(logDir, 'woocommerce-deliveries.json'), JSON.stringify(wooDeliveries, null, 1));
  const adobeDeliveries = adobeCommerce.deliveries().slice(adobeDeliveriesBefore);
  if (KEEP) writeFileSync(join(logDir, 'adobe-commerce-deliveries.json'), JSON.stringify(adobeDeliveries, null, 1));
  if (ADOBE_ORDERS > 0) {
    rows.push(faultVerdict('Adobe Commerce', armed.adobe, logs.adobe, { 'drop-webhook': adobeDeliveries.filter((d) => d.outcome === 'dropped').length, 'duplicate-webhook': adobeDeliveries.filter((d) => d.duplicate).length }));
  }
  if (CT_ORDERS > 0) rows.push(faultVerdict('commercetools', armed.ct, logs.ct, {}));
  if (WOO_ORDERS > 0) {
    rows.push(faultVerdict('WooCommerce', armed.woo, logs.woo, { 'drop-webhook': wooDeliveries.filter((d) => d.outcome === 'dropped').length, 'duplicate-webhook': wooDeliveries.filter((d) => d.duplicate).length }));
  }
  // How the WooCommerce orders came in: by a delivery the API accepted, or only by the manual catch-up (the shop never
  // redelivers, and disables a hook on its 7th consecutive failure, e.g. while the API is down).
  const wooVia = (await db.query(
    `SELECT DISTINCT ON (r.id) e.data->>'via' AS via FROM sync_record r JOIN audit_event e ON e.record_id = r.id AND e.kind = 'record.received'
      WHERE r.connection_id = $1 AND r.entity_type = 'order' AND r.external_id = ANY($2) ORDER BY r.id, e.id`,
    [demo.woocommerce.connectionId, wooWorkload.orders.map((o) => String(o.id))],
  ).catch(() => ({ rows: [] }))).rows;
  const wooFailed = wooDeliveries.filter((d) => d.outcome === 'failed').length;
  const wooDisabled = wooDeliveries.filter((d) => d.disabledHook).length;
  say(`WooCommerce deliveries: ${wooDeliveries.length}, failed ${wooFailed}, hooks disabled ${wooDisabled}×; orders first received by webhook ${wooVia.filter((r) => r.via !== 'catch-up').length}, by catch-up ${wooVia.filter((r) => r.via === 'catch-up').length}`);
  const adobeVia = (await db.query(
    `SELECT DISTINCT ON (r.id) e.data->>'via' AS via FROM sync_record r JOIN audit_event e ON e.record_id = r.id AND e.kind = 'record.received'
      WHERE r.connection_id = $1 AND r.entity_type = 'order' AND r.external_id = ANY($2) ORDER BY r.id, e.id`,
    [demo.adobeCommerce.connectionId, adobeWorkload.orders.map((o) => String(o.id))],
  ).catch(() => ({ rows: [] }))).rows;
  const adobeByCatchUp = adobeVia.filter((r) => r.via === 'catch-up').length;
  const adobeFailed = adobeDeliveries.filter((d) => d.outcome === 'failed').length;
  rows.push(chaosVerdict(director, api, workers, redis));
  const wooErrors = wooWorkload.errors;
  const wooByCatchUp = wooVia.filter((r) => r.via === 'catch-up').length;
  rows.push({
    check: 'workload played through the shops\' APIs',
    value: `BigCommerce ${workload.orders.length} orders, ${workload.refunds.length} refunds, ${workload.customers.length} registered customers, ${workload.renames} renames (${workload.sameSecondPairs} pairs in one second)${workload.errors.length ? `; errors: ${workload.errors.slice(0, 2).join('; ')}` : ''}`
      + `; Adobe Commerce ${adobeWorkload.orders.length} orders, ${adobeWorkload.invoices.length} invoices (${adobeWorkload.captures} captured later), ${adobeWorkload.creditMemos.length} credit memos, ${adobeWorkload.customers.length} registered customers, ${adobeWorkload.renames} renames (${adobeWorkload.sameSecondPairs} pairs in one second) (${adobeVia.length - adobeByCatchUp} orders came by webhook, ${adobeByCatchUp} only by the manual catch-up; ${adobeFailed} deliveries failed)${adobeWorkload.errors.length ? `; errors: ${adobeWorkload.errors.slice(0, 2).join('; ')}` : ''}`
      + `; WooCommerce ${wooWorkload.orders.length} orders, ${wooWorkload.refunds.length} refunds (${wooVia.length - wooByCatchUp} orders came by webhook, ${wooByCatchUp} only by the manual catch-up; ${wooFailed} deliveries failed, hooks disabled ${wooDisabled}×, recreated ${hookChecks.repaired}× by ${hookChecks.runs} webhook checks)${wooErrors.length ? `; errors: ${wooErrors.slice(0, 2).join('; ')}` : ''}`
      + `; commercetools ${ctWorkload.orders.length} orders, ${ctWorkload.charges} charges (${ctWorkload.lateCharges} pending first, ${ctWorkload.giftCards} with a gift card), ${ctWorkload.refunds} refunds, ${ctWorkload.chargebacks} chargebacks, ${ctWorkload.cancelledAfterCharge} cancelled after and ${ctWorkload.cancelledBeforeCharge} before a charge (${ctPolls.runs} polls, ${ctPolls.failed} refused while the API was down)${ctWorkload.errors.length ? `; errors: ${ctWorkload.errors.slice(0, 2).join('; ')}` : ''}`,
    target: `${BC_ORDERS} + ${WOO_ORDERS} + ${ADOBE_ORDERS} + ${CT_ORDERS} orders, refunds, same-second renames, no error`,
    pass: workload.orders.length === BC_ORDERS && workload.refunds.length > 0 && workload.sameSecondPairs > 0 && workload.errors.length === 0
      && wooWorkload.orders.length === WOO_ORDERS && (WOO_ORDERS < 20 || wooWorkload.refunds.length > 0) && wooErrors.length === 0
      && adobeWorkload.orders.length === ADOBE_ORDERS && adobeWorkload.invoices.length === ADOBE_ORDERS && (ADOBE_ORDERS < 20 || adobeWorkload.creditMemos.length > 0) && adobeWorkload.errors.length === 0
      && ctWorkload.orders.length === CT_ORDERS && (CT_ORDERS < 20 || ctWorkload.refunds + ctWorkload.chargebacks > 0) && ctWorkload.errors.length === 0,
  });
  rows.push({
    check: 'finished within the deadline',
    value: `${((Date.now() - startedAt) / 1000).toFixed(0)} s${caughtUp ? '' : ' (the manual catch-up did not finish)'}`,
    target: `≤ ${DEADLINE_MS / 1000} s`,
    pass: !isPastDeadline() && Boolean(caughtUp),
  });
  const order = (r) => Number(/^\((\d+)/.exec(r.check)?.[1] ?? 99);
  return rows.sort((a, b) => order(a) - order(b));
}

/**
 * The record that settled last between the last kill and `until` (or is still open), with the audit steps it took
 * after the kill, so a slow settle names its cause (a lease that had to expire, a wait for a parent record, a backoff).
 */
async function slowestToSettle(db, since, until) {
  const open = (await db.query(`SELECT id, entity_type, external_id, status FROM sync_record WHERE status IN ('received', 'processing') ORDER BY updated_at LIMIT 1`)).rows[0];
  const last = open ?? (await db.query(
    `SELECT r.id, r.entity_type, r.external_id, r.status FROM audit_event e JOIN sync_record r ON r.id = e.record_id
      WHERE e.created_at BETWEEN $1 AND $2 AND e.kind IN ('record.posted', 'record.failed', 'record.skipped', 'record.unchanged')
      ORDER BY e.created_at DESC LIMIT 1`,
    [new Date(since), new Date(until)],
  )).rows[0];
  if (!last) return 'none (nothing moved after the last kill)';
  const steps = (await db.query(`SELECT created_at, kind, message FROM audit_event WHERE record_id = $1 AND created_at >= $2 ORDER BY id`, [last.id, new Date(since - 30_000)])).rows;
  const t = (at) => `${((new Date(at).getTime() - since) / 1000).toFixed(1)}s`;
  const shown = steps.filter((e) => !['record.fetched', 'record.mapped'].includes(e.kind)).slice(-4);
  return `${last.entity_type} ${last.external_id} (${last.status}): ${shown.map((e) => `${t(e.created_at)} ${e.kind.replace('record.', '')}${e.kind === 'record.delayed' || e.kind === 'record.retrying' ? ` "${e.message.slice(0, 70)}"` : ''}`).join(' → ')}`;
}

/**
 * (7) RSS of each process instance that lived ≥ RSS_MIN_LIFE_MS: last 20 % of samples against samples 20–40 %. At least
 * one worker must have lived that long (the steady worker does), or there is nothing to judge and the check fails.
 */
function rssVerdict() {
  const growths = registry.instances().map((i) => rssGrowth(i, RSS_MIN_LIFE_MS)).filter(Boolean);
  const grew = growths.filter((g) => g.growthRatio > 0.5 && g.growthMb > 60);
  const workersCompared = growths.filter((g) => g.label.startsWith('worker')).length;
  const longest = Math.max(0, ...registry.instances().map((i) => ((i.endedAt ?? Date.now()) - i.startedAt) / 1000));
  const describe = (g) => `${g.label} ${g.early.toFixed(0)}→${g.late.toFixed(0)} MB`;
  const minS = (RSS_MIN_LIFE_MS / 1000).toFixed(0);
  return {
    check: `(7) RSS flat (each process that lived ≥ ${minS} s)`,
    value: workersCompared === 0
      ? `no worker lived ≥ ${minS} s (longest process ${longest.toFixed(0)} s): nothing to compare`
      : grew.length ? `grew: ${grew.map(describe).join(', ')}` : `${growths.length} compared: ${growths.map(describe).join(', ')}`,
    target: 'a worker compared; none grew > 50 % and > 60 MB',
    pass: workersCompared > 0 && grew.length === 0,
  };
}

/** Every armed fault kind fired at least once (request log, webhook delivery log), and the sandbox refused none. */
function faultVerdict(side, armed, log, webhookCounts) {
  const fired = { ...log.countsByFault(), ...webhookCounts };
  const kinds = [...new Set(armed.armed)];
  const silent = kinds.filter((kind) => !fired[kind]);
  const value = [
    ...(armed.refused.length ? [`fault not available: ${armed.refused.join(', ')}`] : []),
    ...(silent.length ? [`never fired: ${silent.join(', ')}`] : []),
    ...(log.truncated ? ['(request log truncated between reads)'] : []),
    `${kinds.map((k) => `${k} ${fired[k] ?? 0}`).join(', ')} of ${log.total} requests`,
  ].join('; ');
  // A kind the sandbox refuses (400) was not injected: the run is then not the specified one, so the row fails.
  return { check: `faults injected on the ${side} sandbox (each kind fired)`, value, target: 'every kind armed and fired', pass: armed.refused.length === 0 && silent.length === 0 };
}

function chaosVerdict(director, api, workers, redis) {
  const e = director.events;
  const unexpected = registry.slots.flatMap((s) => s.unexpectedExits);
  const restarts = [api, ...workers, redis].map((s) => `${s.name} ${s.instances.length - 1}`).join(', ');
  const value = [
    `workers killed ${e.workerKills}×, API ${e.apiKills}×${e.killAfterAccept ? ` (one ${e.killAfterAccept.afterMs} ms after a 2xx ${e.killAfterAccept.scope})` : ' (none right after an accepted delivery)'}`,
    e.stop ? `${e.stop.label} stopped ${(e.stop.ms / 1000).toFixed(0)} s` : 'no worker stopped',
    e.redisRestart ? `Redis down ${(e.redisRestart.downMs / 1000).toFixed(1)} s${e.redisRestart.ok ? '' : ' and not back'}` : 'Redis not restarted',
    `restarts: ${restarts}`,
    ...(unexpected.length ? [`unexpected exits: ${unexpected.slice(0, 4).join(', ')}${unexpected.length > 4 ? ` (+${unexpected.length - 4})` : ''}`] : []),
    ...e.notes,
  ].join('; ');
  const pass = e.workerKills >= 2 && e.apiKills >= Math.max(1, KNOBS.apiKills) && Boolean(e.killAfterAccept) && Boolean(e.stop) && Boolean(e.redisRestart?.ok);
  return { check: 'kills, stop and restarts done', value, target: `workers every ${KNOBS.killMinMs / 1000}–${KNOBS.killMaxMs / 1000} s, API ×${KNOBS.apiKills}, 1 stop > lease, 1 Redis restart`, pass };
}

function printTable(rows) {
  const table = [['check', 'value', 'target', 'result'], ...rows.map((r) => [r.check, r.value, r.target, r.pass ? 'PASS' : 'FAIL'])];
  const widths = [0, 1, 2, 3].map((c) => Math.min(c === 1 ? 110 : 80, Math.max(...table.map((r) => r[c].length))));
  for (const row of table) process.stdout.write(`${row.map((cell, c) => (c === 3 ? cell : cell.padEnd(widths[c]))).join('  ')}\n`);
  const passed = rows.filter((r) => r.pass).length;
  process.stdout.write(`${passed} passed, ${rows.length - passed} failed\n`);
  return rows.length - passed;
}

let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    await registry.stopAll();
    await state.db?.end().catch(() => undefined);
    for (const sandbox of state.sandboxes) await sandbox.close().catch(() => undefined);
    if (state.dbCreated && !KEEP) await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`).catch((err) => say(`could not drop ${DB}: ${err.message}`));
    if (KEEP) say(`kept database ${DB} and logs in ${logDir}`);
    else rmSync(work, { recursive: true, force: true });
  })();
  return cleaning;
}

process.on('exit', () => registry.killAllSync());
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    say(`${signal}: stopping every process`);
    void cleanup().finally(() => process.exit(130));
  });
}
// Past the deadline every wait gives up; if the run still hangs 60 s later, it is ended here.
setTimeout(() => {
  say(`deadline of ${DEADLINE_MS / 1000} s passed by 60 s: aborting`);
  printTable([{ check: 'finished within the deadline', value: 'hung past the deadline', target: `≤ ${DEADLINE_MS / 1000} s`, pass: false }]);
  void cleanup().finally(() => process.exit(1));
}, DEADLINE_MS + 60_000).unref();

main()
  .then(async (rows) => {
    await cleanup();
    process.exit(printTable(rows) > 0 ? 1 : 0);
  })
  .catch(async (err) => {
    say(`run failed: ${err.stack ?? err}`);
    await cleanup();
    printTable([{ check: 'harness ran to the checks', value: String(err.message ?? err).slice(0, 200), target: 'no error', pass: false }]);
    process.exit(1);
  });
