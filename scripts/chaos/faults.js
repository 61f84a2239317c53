/*
 * Faults of `npm run chaos`, armed through each sandbox's control API (`POST /_sandbox/faults`, seeded probability
 * rules, count -1), and the sandboxes' request logs read back with the cursor `GET /_sandbox/requests?after=&limit=` to
 * count what fired and to find every Visma POST whose reply was cut off (`lose-reply`).
 */
const json = { 'content-type': 'application/json' };

/** The sandboxes' own seeded PRNG (apps/sandbox core/faults.ts), so fault rules and the run share one generator. */
const { mulberry32: rng } = require('../../apps/sandbox/dist');

/** 10 % 5xx, 5 % 429, 2 % timeouts, 1 % resets, some 401s; the product reads the store with GETs only. */
function storeRules() {
  return [
    { kind: 'http-500', probability: 0.04, method: 'GET' },
    { kind: 'http-502', probability: 0.03, method: 'GET' },
    { kind: 'http-503', probability: 0.03, method: 'GET' },
    { kind: 'http-429', probability: 0.05, method: 'GET', retryAfterSeconds: 1 },
    { kind: 'timeout', probability: 0.02, method: 'GET', delayMs: 3000 },
    { kind: 'reset', probability: 0.01, method: 'GET' },
    { kind: 'http-401', probability: 0.01, method: 'GET' },
    { kind: 'drop-webhook', probability: 0.03 },
    { kind: 'duplicate-webhook', probability: 0.1 },
  ];
}

/**
 * The WooCommerce shop: the same kinds on GETs (the product only reads the shop; the workload only POSTs, so whatever
 * fires hit the product), 401 as WooCommerce's "Consumer key is invalid.", plus dropped (never redelivered: WooCommerce
 * has no retries) and duplicated webhooks. The product reads the shop far less than BigCommerce (deliveries carry the
 * whole order; only refunds are fetched), so each kind is also armed once more to fire for certain on one of the first
 * GETs: every kind fires even in a short run, while the long tail stays at the store's rates.
 */
function wooCommerceRules() {
  const steady = [
    { kind: 'http-500', probability: 0.04, method: 'GET' },
    { kind: 'http-502', probability: 0.03, method: 'GET' },
    { kind: 'http-503', probability: 0.03, method: 'GET' },
    { kind: 'http-429', probability: 0.05, method: 'GET', retryAfterSeconds: 1 },
    { kind: 'timeout', probability: 0.02, method: 'GET', delayMs: 3000 },
    { kind: 'reset', probability: 0.01, method: 'GET' },
    { kind: 'http-401', probability: 0.01, method: 'GET' },
    { kind: 'drop-webhook', probability: 0.03 },
    { kind: 'duplicate-webhook', probability: 0.1 },
  ];
  // Certain, once each, on the first GETs of the window: a short run whose API is down much of the time may read the
  // shop only a dozen times (deliveries carry the whole order), and a 1-in-4 chance let http-401 go unfired (CI, seed 1).
  const early = ['http-500', 'http-502', 'http-503', 'http-429', 'timeout', 'reset', 'http-401'].map((kind) => ({
    ...steady.find((r) => r.kind === kind),
    probability: 1,
    count: 1,
  }));
  return [...early, ...steady];
}

/**
 * The Adobe Commerce store: the same kinds and rates on GETs as the WooCommerce shop (the product reads orders,
 * invoices, credit memos and customers; the workload only writes during the window), 401 as Magento's "The consumer
 * isn't authorized to access %resources." without resources, dropped and duplicated webhooks (the store's hooks are
 * synchronous and never retried). Armed once more at a higher probability for the first few firings, as for WooCommerce.
 */
function adobeCommerceRules() {
  return wooCommerceRules();
}

/**
 * The commercetools project: the same kinds and rates on GETs as the other shops (the product reads orders, payments
 * and customers, and the token endpoint is a POST, so it is spared), 401 as `invalid_token` (the client asks for a new
 * token once); no webhook faults: commercetools sends none. Armed once more at a higher probability first.
 */
function commercetoolsRules() {
  return wooCommerceRules().filter((r) => r.kind !== 'drop-webhook' && r.kind !== 'duplicate-webhook');
}

/** The same on Visma, plus 2 % of POSTs committed with the reply cut off and 10 % 412s on customer updates (If-Match). */
function vismaRules() {
  return [
    { kind: 'lose-reply', probability: 0.02, method: 'POST' },
    { kind: 'http-412', probability: 0.1, method: 'PUT' },
    { kind: 'http-500', probability: 0.04 },
    { kind: 'http-502', probability: 0.03 },
    { kind: 'http-503', probability: 0.03 },
    { kind: 'http-429', probability: 0.05, retryAfterSeconds: 1 },
    { kind: 'timeout', probability: 0.02, delayMs: 3000 },
    { kind: 'reset', probability: 0.01 },
    // ERP calls only: a 401 from Visma Connect's token endpoint means wrong client credentials, not an expired token.
    { kind: 'http-401', probability: 0.01, pathContains: '/v1/' },
    { kind: 'http-401', probability: 0.01, pathContains: '/v2/' },
  ];
}

/** Arms `rules` (count -1 unless the rule says, seeded) on a sandbox; returns the kinds armed and those the sandbox refused. */
async function armRules(sandbox, rules, seed) {
  const armed = [];
  const refused = [];
  for (const [i, rule] of rules.entries()) {
    const res = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: json, body: JSON.stringify({ count: -1, seed: seed + i, ...rule }) });
    const body = await res.json().catch(() => ({}));
    if (res.status < 300) armed.push(rule.kind);
    else refused.push(`${rule.kind} (${body.message ?? res.status})`);
  }
  return { armed, refused };
}

async function clearFaults(sandbox) {
  await (await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' })).text();
}

/**
 * The faulted requests of one sandbox and a count of all its requests, read with the cursor of
 * `GET /_sandbox/requests?after=&limit=` (`truncated` when entries fell out of the log between two reads).
 */
class RequestLogReader {
  constructor(sandbox) {
    this.sandbox = sandbox;
    this.faulted = [];
    this.total = 0;
    this.after = 0;
    this.truncated = false;
  }

  /** Starts after whatever is logged now (set-up traffic is not the run's). */
  async init() {
    this.after = (await (await fetch(`${this.sandbox.url}/_sandbox`)).json()).lastRequestSeq ?? 0;
  }

  /** Reads whatever was logged since the last read. */
  async poll() {
    for (;;) {
      const body = await (await fetch(`${this.sandbox.url}/_sandbox/requests?after=${this.after}&limit=1000`)).json();
      if (body.truncated) this.truncated = true;
      for (const entry of body.requests) this.take(entry);
      if (body.requests.length === 0 || body.next === this.after) return;
      this.after = body.next;
    }
  }

  take(entry) {
    if (entry.path.startsWith('/_sandbox')) return;
    this.total += 1;
    if (!entry.fault) return;
    this.faulted.push({ at: Date.parse(entry.at), method: entry.method, path: entry.path, status: entry.status, fault: entry.fault, company: entry.headers?.['ipp-company-id'] });
  }

  countsByFault() {
    const counts = {};
    for (const e of this.faulted) counts[e.fault] = (counts[e.fault] ?? 0) + 1;
    return counts;
  }
}

module.exports = {
  commercetoolsRules, storeRules, vismaRules, wooCommerceRules, adobeCommerceRules, armRules, clearFaults, RequestLogReader, rng };
