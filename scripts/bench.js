#!/usr/bin/env node
/*
 * `npm run bench`: the main job's figures against the sandboxes on this machine. Prints a table, no verdict.
 *
 * The API and its worker run as child processes (node apps/api/dist/main.js with ROLE=api and ROLE=worker, as
 * docker-compose.yml deploys them; BENCH_WORKERS=0 runs one ROLE=all process) on their own database
 * (ml_connector_bench, recreated) and queue prefix; the sandboxes run in this process with quotas lifted so
 * they measure our pipeline, not the vendors' limits. Webhook deliveries are signed by this script before the
 * clock starts (exactly as the store signs them) and sent over one keep-alive pool, so the offered load is
 * controlled and the load driver's own CPU stays small. Figures:
 *   - end-to-end orders/s: after BENCH_WARMUP orders (JIT and caches warm; their own, cold figure is printed too), N
 *     webhooks sent with 64 in flight → N customer invoices posted with audit rows;
 *   - latency p50/p95 at a fixed offered load of 50 orders/s (delivery sent → `record.posted` audit row);
 *   - Visma calls per posted order for returning and for new customers (sandbox request log, tokens excluded);
 *   - BigCommerce calls per order; peak RSS of the API process (VmHWM).
 *   - CPU ms per order of each process (from /proc), so a change can be judged on a shared 2-core machine.
 *   - WooCommerce, after the BigCommerce figures (its column of the table): BENCH_WOOCOMMERCE_ORDERS paid NOK orders
 *     created through the shop's REST API (OAuth 1.0a, 16 in flight) for a returning customer; the sandbox delivers
 *     their signed webhooks itself, as WooCommerce does (one at a time, oldest first; `order.created` and
 *     `order.updated` each carry the whole order). Orders/s from the first delivery to the last invoice posted;
 *     WooCommerce calls per order from its request log (`GET /_sandbox/requests`, the bench's own order creations
 *     excluded) and Visma calls per order. The WooCommerce flow's hourly catch-up is set to off, so only webhooks count.
 *   - then the ledger export's figures (rows/s and peak RSS at 100k and 1M journal rows; scripts/bench-export.js,
 *     BENCH_EXPORT_ROWS, 0 skips them).
 * Env: BENCH_ORDERS (default 1500), BENCH_WARMUP (default 1500), BENCH_LATENCY_SECONDS (default 10), BENCH_NEW_CUSTOMERS
 * (default 200), BENCH_WOOCOMMERCE_ORDERS (default 500), BENCH_WORKERS (default 1), BENCH_WORKER_CONCURRENCY (default 100), BENCH_API_NODE_ARGS (extra node
 * flags for the API and worker processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
const { recreateDatabase: recreateNamedDatabase, clearQueues } = require('./bench/db');
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');
const { Webhook } = require('standardwebhooks');
const { Pool } = require('undici');
const { startBigCommerceSandbox, startVismaSandbox, startWooCommerceSandbox, BIGCOMMERCE_DEMO, VISMA_DEMO } = require('../apps/sandbox/dist');
const { setUpDemo } = require('../apps/demo/dist/demo-setup');
const { wooCommerceShop, norwegianWooCommerceOrder } = require('../apps/demo/dist/woocommerce-shop');

const ORDERS = Number(process.env.BENCH_ORDERS ?? 1500);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const NEW_CUSTOMERS = Number(process.env.BENCH_NEW_CUSTOMERS ?? 200);
const WOO_ORDERS = Number(process.env.BENCH_WOOCOMMERCE_ORDERS ?? 500);
const PORT = Number(process.env.BENCH_PORT ?? 3190);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
// V8 needs about this many orders before the pipeline's code runs at full speed (measured: 300 warm-up orders gave
// 240–290 orders/s afterwards, 1 500 gave 330–430); the cold figure is printed too.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1500);
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 100);
const DB = 'ml_connector_bench';
const DB_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const recreateDatabase = () => recreateNamedDatabase(DB);

function startApi(env) {
  const nodeArgs = process.env.BENCH_API_NODE_ARGS ? process.env.BENCH_API_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...nodeArgs, join(__dirname, '../apps/api/dist/main.js')], { env: { ...process.env, HOST: '127.0.0.1', ...env, METADATA_SERVER_DETECTION: 'none' }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (d) => process.stderr.write(d));
  return child;
}

/** Polls `probe` until it is truthy; the pipeline figures come from audit timestamps, so the interval only sets how soon the bench notices. */
async function waitFor(probe, what, timeoutMs = 120_000, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** CPU seconds (user + system) used so far by the processes whose command name matches, from /proc. */
function cpuSecondsOf(match) {
  const { readdirSync } = require('node:fs');
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!match(name, Number(pid))) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function main() {
  await recreateDatabase();
  await clearQueues('mlc-bench');
  const visma = await startVismaSandbox({ rateLimit: { limit: 1e9, windowMs: 3_600_000 } });
  const bigcommerce = await startBigCommerceSandbox({ quota: { requests: 1e9, windowMs: 30_000 } });
  const woocommerce = await startWooCommerceSandbox();
  const admin = { email: 'bench@example.com', password: 'bench-password-123' };
  const common = {
    NODE_ENV: 'production', PORT: String(PORT), DATABASE_URL: DB_URL, QUEUE_PREFIX: 'mlc-bench', LOG_LEVEL: 'error',
    VAULT_KEYS: `bench:${randomBytes(32).toString('base64')}`, VAULT_ACTIVE_KEY_ID: 'bench', ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password,
    WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
    // The sandboxes on 127.0.0.1 stand in for the vendors (sandbox mode for hosts, issue 19).
    ALLOW_SANDBOX_HOSTS: 'true',
  };
  // As deployed (docker-compose.yml): one API process taking webhooks and WORKERS worker processes posting them;
  // BENCH_WORKERS=0 runs both roles in one process (ROLE=all).
  const api = startApi({ ...common, ROLE: WORKERS > 0 ? 'api' : 'all' });
  const workers = Array.from({ length: WORKERS }, () => startApi({ ...common, ROLE: 'worker' }));
  const workerPids = new Set(workers.map((w) => w.pid));
  const apiUrl = `http://127.0.0.1:${PORT}`;
  const db = new Client({ connectionString: DB_URL });
  let deliveryPool;
  try {
    await waitFor(async () => (await fetch(`${apiUrl}/health`).catch(() => undefined))?.ok, 'the API to start');
    await db.connect();
    const demo = await setUpDemo({ apiUrl, publicBaseUrl: apiUrl, sandboxes: { visma, bigcommerce, woocommerce }, admin, callsPerHour: 1e9 });
    // The WooCommerce flow's hourly poll off: its figures are the webhooks' alone.
    const patched = await fetch(`${apiUrl}/api/flows/${demo.woocommerce.flowId}`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${demo.token}` }, body: JSON.stringify({ catchUpSchedule: { kind: 'off' } }) });
    if (patched.status >= 300) throw new Error(`bench: PATCH of the WooCommerce flow answered ${patched.status}: ${await patched.text()}`);
    await waitFor(async () => Number((await db.query(`SELECT count(*) FROM sync_record WHERE status IN ('received','processing')`)).rows[0].count) === 0 && Number((await db.query('SELECT count(*) FROM sync_record')).rows[0].count) > 0, 'the backfill to settle');

    // The store keeps creating orders, but this script delivers the webhooks itself at a controlled rate.
    await fetch(`${bigcommerce.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'drop-webhook', count: -1 }) });
    const hook = (await (await fetch(`${bigcommerce.url}/stores/${BIGCOMMERCE_DEMO.storeHash}/v3/hooks`, { headers: { 'x-auth-token': BIGCOMMERCE_DEMO.accessToken } })).json()).data[0];
    const hookSecret = hook.headers['x-mlc-hook-secret'];
    const signer = new Webhook(Buffer.from(BIGCOMMERCE_DEMO.clientSecret).toString('base64'));
    const webhookUrl = `${apiUrl}/webhooks/bigcommerce/${demo.bigcommerceConnectionId}`;
    deliveryPool = new Pool(apiUrl, { connections: 64, pipelining: 1 });

    const createOrders = async (count, emailOf) => {
      const ids = [];
      for (let i = 0; i < count; i += 1) {
        const email = emailOf(i);
        const address = { first_name: 'Bench', last_name: `Buyer ${i}`, company: '', street_1: 'Storgata 1', street_2: '', city: 'Oslo', state: '', zip: '0155', country: 'Norway', country_iso2: 'NO', phone: '', email };
        const res = await fetch(`${bigcommerce.url}/stores/${BIGCOMMERCE_DEMO.storeHash}/v2/orders`, {
          method: 'POST',
          headers: { 'x-auth-token': BIGCOMMERCE_DEMO.accessToken, 'content-type': 'application/json' },
          body: JSON.stringify({
            status_id: 11, customer_id: 0, default_currency_code: 'NOK', billing_address: address, shipping_addresses: [{ ...address, shipping_method: 'Bring' }],
            products: [{ name: 'Ski Wax Kit', sku: 'SKI-WAX', quantity: 1 + (i % 3), price_ex_tax: '399.20', price_inc_tax: '499.00' }],
            shipping_cost_ex_tax: '79.20', shipping_cost_inc_tax: '99.00', payment_method: 'Test Payment Gateway',
          }),
        });
        ids.push((await res.json()).id);
      }
      return ids;
    };
    // Deliveries are signed before the clock starts (the store signs them on its own machines) and sent over one
    // keep-alive pool, so the load driver's own CPU stays small beside the pipeline it measures.
    const signDelivery = (orderId) => {
      const body = JSON.stringify({ scope: 'store/order/created', store_id: BIGCOMMERCE_DEMO.storeId, producer: `stores/${BIGCOMMERCE_DEMO.storeHash}`, data: { type: 'order', id: orderId }, hash: randomBytes(20).toString('hex'), created_at: Math.floor(Date.now() / 1000) });
      const msgId = `msg_${randomBytes(8).toString('hex')}`;
      const now = new Date();
      return { orderId, body, headers: { 'content-type': 'application/json', 'webhook-id': msgId, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signer.sign(msgId, now, body), 'x-mlc-hook-secret': hookSecret } };
    };
    const webhookPath = new URL(webhookUrl).pathname;
    const send = async (signed) => {
      const res = await deliveryPool.request({ method: 'POST', path: webhookPath, body: signed.body, headers: signed.headers });
      await res.body.dump();
      if (res.statusCode !== 200) throw new Error(`delivery answered ${res.statusCode}`);
    };
    const deliver = (orderId) => send(signDelivery(orderId));
    // The two shops' order ids overlap (each counts up from its seed data): every query names its system.
    const posted = async (ids, system = 'bigcommerce') => Number((await db.query(`SELECT count(*) FROM sync_record WHERE system = $2 AND entity_type = 'order' AND status = 'posted' AND external_id = ANY($1)`, [ids.map(String), system])).rows[0].count);
    const vismaCalls = () => visma.log.list().filter((r) => r.path.startsWith('/v1/') || r.path.startsWith('/v2/')).length;
    const storeCalls = () => bigcommerce.log.list({ method: 'GET' }).filter((r) => r.path.includes('/v2/orders/')).length;

    // 1. Returning customer: one order first, so the customer exists and is remembered.
    const returning = 'returning.buyer@example.no';
    const [first] = await createOrders(1, () => returning);
    await deliver(first);
    await waitFor(async () => (await posted([first])) === 1, 'the first order');
    /** Orders/s from the first delivery sent at `startMs` to the last `record.posted` of `orderIds`. */
    const ordersPerSecond = async (orderIds, startMs, system = 'bigcommerce') => {
      const last = (await db.query(`SELECT max(e.created_at) AS at FROM audit_event e JOIN sync_record r ON r.id = e.record_id WHERE e.kind = 'record.posted' AND r.system = $2 AND r.entity_type = 'order' AND r.external_id = ANY($1)`, [orderIds.map(String), system])).rows[0].at;
      return orderIds.length / ((new Date(last).getTime() - startMs) / 1000);
    };
    const warm = await createOrders(WARMUP, () => returning);
    const signedWarm = warm.map(signDelivery);
    let nextWarm = 0;
    const warmStart = Date.now();
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (nextWarm < signedWarm.length) await send(signedWarm[nextWarm++]);
    }));
    await waitFor(async () => (await posted(warm)) === warm.length, 'the warm-up orders', 600_000, 250);
    const coldThroughput = warm.length ? await ordersPerSecond(warm, warmStart) : 0;

    // 2. Throughput, returning customer.
    const ids = await createOrders(ORDERS, () => returning);
    const signedIds = ids.map(signDelivery);
    visma.log.clear();
    bigcommerce.log.clear();
    const cpuBefore = {
      api: cpuSecondsOf((_n, pid) => pid === api.pid),
      workers: cpuSecondsOf((_n, pid) => workerPids.has(pid)),
      bench: process.cpuUsage(),
      postgres: cpuSecondsOf((n) => n.startsWith('postgres')),
      redis: cpuSecondsOf((n) => n.startsWith('redis')),
    };
    const t0 = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (next < signedIds.length) await send(signedIds[next++]);
    }));
    await waitFor(async () => (await posted(ids)) === ids.length, 'every order posted', 600_000, 250);
    const throughput = await ordersPerSecond(ids, t0);
    const benchCpu = process.cpuUsage(cpuBefore.bench);
    const cpuMsPerOrder = {
      api: ((cpuSecondsOf((_n, pid) => pid === api.pid) - cpuBefore.api) * 1000) / ids.length,
      workers: ((cpuSecondsOf((_n, pid) => workerPids.has(pid)) - cpuBefore.workers) * 1000) / ids.length,
      bench: ((benchCpu.user + benchCpu.system) / 1000) / ids.length,
      postgres: ((cpuSecondsOf((n) => n.startsWith('postgres')) - cpuBefore.postgres) * 1000) / ids.length,
      redis: ((cpuSecondsOf((n) => n.startsWith('redis')) - cpuBefore.redis) * 1000) / ids.length,
    };
    const vismaPerReturning = vismaCalls() / ids.length;
    const storePerOrder = storeCalls() / ids.length;

    // 3. New customers.
    const fresh = await createOrders(NEW_CUSTOMERS, (i) => `new.buyer.${i}.${Date.now()}@example.no`);
    visma.log.clear();
    const signedFresh = fresh.map(signDelivery);
    await Promise.all(Array.from({ length: 16 }, async (_, k) => {
      for (let i = k; i < fresh.length; i += 16) await send(signedFresh[i]);
    }));
    await waitFor(async () => (await posted(fresh)) === fresh.length, 'new-customer orders posted', 600_000, 250);
    const vismaPerNew = vismaCalls() / fresh.length;

    // 4. Latency at a fixed 50 orders/s.
    const latencyIds = await createOrders(50 * LATENCY_SECONDS, () => returning);
    const signedLatency = latencyIds.map(signDelivery);
    const sentAt = new Map();
    const start = Date.now();
    const sends = [];
    for (let i = 0; i < latencyIds.length; i += 1) {
      const due = start + i * 20;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      sentAt.set(String(latencyIds[i]), Date.now());
      sends.push(send(signedLatency[i]));
    }
    await Promise.all(sends);
    await waitFor(async () => (await posted(latencyIds)) === latencyIds.length, 'latency orders posted', 600_000, 250);
    const rows = (await db.query(`SELECT r.external_id, e.created_at FROM audit_event e JOIN sync_record r ON r.id = e.record_id WHERE e.kind = 'record.posted' AND r.system = 'bigcommerce' AND r.entity_type = 'order' AND r.external_id = ANY($1)`, [latencyIds.map(String)])).rows;
    const latencies = rows.map((r) => new Date(r.created_at).getTime() - sentAt.get(r.external_id)).sort((a, b) => a - b);

    // 5. WooCommerce: orders created through the shop's REST API, their webhooks delivered by the sandbox itself.
    const wc = WOO_ORDERS > 0 ? await wooCommercePhase({ woocommerce, visma, posted, ordersPerSecond }) : undefined;

    const peakRssMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    const workerRss = Math.max(0, ...workers.map((w) => peakRssMb(w.pid)));
    const table = [
      ['figure', 'value', 'WooCommerce', 'target'],
      ['end-to-end orders/s (webhook → invoice + audit), warmed up', throughput.toFixed(0), wc ? wc.throughput.toFixed(0) : '', '≥ 300'],
      [`  the same for the first ${warm.length} orders after start (cold)`, coldThroughput.toFixed(0), ''],
      ['latency p50 at 50 orders/s (ms)', String(percentile(latencies, 50)), ''],
      ['latency p95 at 50 orders/s (ms)', String(percentile(latencies, 95)), '≤ 500'],
      ['Visma calls per order, returning customer', vismaPerReturning.toFixed(3), wc ? wc.vismaPerOrder.toFixed(3) : '', '≤ 1.05'],
      ['Visma calls per order, new customer', vismaPerNew.toFixed(3), ''],
      ['BigCommerce calls per order', storePerOrder.toFixed(3), '', '≤ 2'],
      ...(wc ? [['WooCommerce calls per order (the bench\'s order creations excluded)', '', wc.shopPerOrder.toFixed(3), '']] : []),
      ...(WORKERS > 0
        ? [['peak RSS (MB): API / each worker process', `${peakRssMb(api.pid).toFixed(0)} / ${workerRss.toFixed(0)}`, '']]
        : [['peak RSS of the API + worker process (MB)', peakRssMb(api.pid).toFixed(0), '']]),
      [`CPU ms per order: API / ${WORKERS} worker process(es) / PostgreSQL / Redis`, `${cpuMsPerOrder.api.toFixed(2)} / ${cpuMsPerOrder.workers.toFixed(2)} / ${cpuMsPerOrder.postgres.toFixed(2)} / ${cpuMsPerOrder.redis.toFixed(2)}`, ''],
      ['CPU ms per order: sandboxes + load driver (this process)', cpuMsPerOrder.bench.toFixed(2), ''],
      ['orders measured (after warm-up)', `${ids.length} + ${fresh.length} new-customer + ${latencyIds.length} at 50/s (warm-up ${warm.length})`, wc ? `${wc.orders}, ${wc.deliveries} deliveries` : '', ''],
      ...(wc ? [['  WooCommerce: first delivery → last invoice (s); the sandbox delivers one at a time', '', `${wc.seconds.toFixed(1)} (deliveries ${wc.deliverySeconds.toFixed(1)})`, '']] : []),
      ['processes', WORKERS > 0 ? `1 API + ${WORKERS} worker(s), concurrency ${WORKER_CONCURRENCY} each` : `1 API + worker (ROLE=all), concurrency ${WORKER_CONCURRENCY}`, ''],
    ];
    const tableRows = table.map((r) => (r.length === 4 ? r : [r[0], r[1], '', r[2]]));
    const widths = [0, 1, 2, 3].map((c) => Math.max(...tableRows.map((r) => r[c].length)));
    for (const row of tableRows) process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c])).join('  ')}\n`.replace(/ +\n$/, '\n'));
  } finally {
    api.kill('SIGTERM');
    for (const w of workers) w.kill('SIGTERM');
    await deliveryPool?.close().catch(() => undefined);
    await db.end().catch(() => undefined);
    await visma.close();
    await bigcommerce.close();
    await woocommerce.close();
  }
}

/** Every entry of a sandbox's request log after `after`, through its control API (`GET /_sandbox/requests`). */
async function requestsAfter(sandbox, after) {
  const out = [];
  for (let cursor = after; ;) {
    const body = await (await fetch(`${sandbox.url}/_sandbox/requests?after=${cursor}&limit=1000`)).json();
    if (body.truncated) throw new Error('bench: the WooCommerce request log overflowed between reads');
    out.push(...body.requests);
    if (body.requests.length === 0 || body.next === cursor) return out;
    cursor = body.next;
  }
}

/**
 * WooCommerce figures: one order of a returning buyer first (so the Visma customer exists, as in the BigCommerce
 * figures), then WOO_ORDERS orders created through the shop's REST API with 16 in flight; the sandbox queues their
 * webhooks and delivers them one at a time as WooCommerce's Action Scheduler does. Measured: first delivery of the
 * phase → last invoice posted, the shop's request log without the bench's own calls, Visma's without tokens.
 */
async function wooCommercePhase({ woocommerce, visma, posted, ordersPerSecond }) {
  const shop = wooCommerceShop(woocommerce);
  const email = 'woo.returning.buyer@example.no';
  const create = async () => {
    const res = await shop('POST', '/orders', norwegianWooCommerceOrder(email));
    if (res.status !== 201) throw new Error(`bench: WooCommerce order creation answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
    return res.body.id;
  };
  const first = await create();
  await waitFor(async () => (await posted([first], 'woocommerce')) === 1, 'the first WooCommerce order');
  await woocommerce.flushWebhooks({ timeoutMs: 30_000 });

  const logAfter = (await (await fetch(`${woocommerce.url}/_sandbox`)).json()).lastRequestSeq ?? 0;
  const deliveriesBefore = woocommerce.deliveries().length;
  visma.log.clear();
  const ids = [];
  let made = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (made < WOO_ORDERS) {
      made += 1;
      ids.push(await create());
    }
  }));
  await waitFor(async () => (await posted(ids, 'woocommerce')) === ids.length, 'every WooCommerce order posted', 600_000, 250);
  await woocommerce.flushWebhooks({ timeoutMs: 60_000 });
  const deliveries = woocommerce.deliveries().slice(deliveriesBefore).filter((d) => d.kind === 'delivery');
  const failed = deliveries.filter((d) => d.outcome !== 'delivered').length;
  if (failed) process.stderr.write(`bench: ${failed} WooCommerce deliveries did not succeed\n`);
  const firstAt = Math.min(...deliveries.map((d) => Date.parse(d.at)));
  const lastAt = Math.max(...deliveries.map((d) => Date.parse(d.at)));
  // The delivery log stamps an entry when the receiver answered; the first one was sent a moment before.
  const throughput = await ordersPerSecond(ids, firstAt, 'woocommerce');
  const shopCalls = (await requestsAfter(woocommerce, logAfter)).filter((r) => !r.path.startsWith('/_sandbox') && !(r.method === 'POST' && /\/orders\/?(\?|$)/.test(r.path))).length;
  const vismaCalls = visma.log.list().filter((r) => r.path.startsWith('/v1/') || r.path.startsWith('/v2/')).length;
  return { throughput, seconds: ids.length / throughput, deliverySeconds: (lastAt - firstAt) / 1000, orders: ids.length, deliveries: deliveries.length, shopPerOrder: shopCalls / ids.length, vismaPerOrder: vismaCalls / ids.length };
}

main()
  // The ledger export's figures (scripts/bench-export.js: its own processes, after the order figures' have ended).
  .then(() => require('./bench-export').main())
  .catch((err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  });
