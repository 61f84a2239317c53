/**
 * WooCommerce webhook delivery (woocommerce/woocommerce plugins/woocommerce/includes/class-wc-webhook.php @ 00e1bc4d:
 * process(), deliver(), generate_signature(), get_new_delivery_id(), log_delivery(), failed_delivery(),
 * deliver_ping(); wc-webhook-functions.php wc_webhook_execute_queue(); data-stores/class-wc-webhook-data-store.php
 * update()):
 * - when an action of an active webhook's topic fires, the webhook queues one delivery per resource id and request
 *   (is_already_processed); hooks are attached newest webhook first (ids descending). At the end of the request the
 *   delivery goes to the Action Scheduler queue, unless a delivery of the same webhook and resource is still pending
 *   there ("only schedule one webhook every 10 minutes"), so quick successive changes reach the receiver once;
 * - the queue runs deliveries one at a time, oldest first. Each delivery re-reads the webhook (a paused or disabled
 *   hook still sends what was queued before; a deleted one fails) and builds the body at that moment: the resource
 *   as `GET /wc/v3/<resource>s/<id>` answers then (an error body if it is gone), or `{"id":N}` for `deleted` topics,
 *   as trim(wp_json_encode()) — `\/` and `\uXXXX` escaped;
 * - POST with Content-Type application/json, `User-Agent: WooCommerce/<v> Hookshot (WordPress/<v>)`,
 *   X-WC-Webhook-Source (home_url('/')), -Topic, -Resource, -Event, -Signature (base64 HMAC-SHA256 of the body with
 *   the secret after wp_specialchars_decode), -ID and -Delivery-ID (wp_hash(id . time()), the same for two
 *   deliveries of a hook within one second); 60 s timeout, no redirects; 200–302 is success;
 * - success resets `failure_count`; a failure increments it unless it already exceeds the maximum (default 5), in
 *   which case the hook is set `disabled` (so the 7th consecutive failure disables it); no retries. Every outcome saves
 *   the hook (date_modified moves), and saving an active hook that is still pending pings it;
 * - the ping (deliver_ping) is a form POST `webhook_id=<id>` with only the User-Agent (no X-WC headers, no signature),
 *   5 s timeout; only 200 clears `pending_delivery`.
 * Webhook faults (core/faults.ts, `scope` = topic or prefix such as `order.`) apply when a delivery is queued:
 * drop (never sent), duplicate (sent twice), delay/reorder (held before it joins the queue).
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SeqLog, type FaultInjector, type FaultKind } from '../core';
import type { FiredHooks } from './rest-server';
import type { WebhookRecord, WooCommerceState } from './state';
import { hooksOf, topicParts } from './webhook-topics';
import { wpDateAt } from './wp-dates';
import { wpJsonEncode } from './wp-json';

export type WooCommerceWebhookDeliveryOutcome = 'delivered' | 'failed' | 'dropped' | 'delayed';

/** One delivery, ping, drop or hold, as `sandbox.deliveries()` and `GET /_sandbox/webhook-deliveries` report it. */
export type WooCommerceWebhookDelivery = {
  /** Monotonic sequence number (1, 2, …; never reused, not even after reset). */
  seq: number;
  kind: 'delivery' | 'ping';
  webhookId: number;
  /** The webhook's topic when the delivery was queued, e.g. `order.updated`. */
  topic: string;
  /** The resource id (the hook argument); null for pings. */
  resourceId: number | null;
  /** X-WC-Webhook-Delivery-ID; null for pings, drops and holds. */
  deliveryId: string | null;
  url: string;
  /** HTTP status of the receiver; null on network error, timeout, drop or hold. */
  status: number | null;
  outcome: WooCommerceWebhookDeliveryOutcome;
  error?: string;
  /** True for the second send of a `duplicate-webhook` fault. */
  duplicate: boolean;
  /** True when this failure set the webhook to `disabled`. */
  disabledHook: boolean;
  /** The webhook's failure_count after this delivery. */
  failureCount: number;
  fault?: FaultKind;
  /** For `delayed`: the hold in ms. */
  delayMs?: number;
  at: string;
};

export type WebhookDispatcherOptions = {
  state: WooCommerceState;
  faults: FaultInjector;
  /** Delivery timeout (default 60 000 ms). */
  timeoutMs: number;
  pingTimeoutMs: number;
  /** `woocommerce_max_webhook_delivery_failures`. */
  maxFailures: number;
  /** Record clock (date_modified, delivery ids). */
  nowMs: () => number;
  timeZone: string;
  /** home_url() without trailing slash. */
  siteUrl: () => string;
  userAgent: string;
  /** wp_salt('auth') for wp_hash(). */
  authSalt: string;
  /** The REST answer body for `/wc/v3/<resource>s/<id>` right now. */
  buildPayload: (resource: string, id: number) => unknown;
  /** is_valid_resource(): e.g. an order must exist and not be a draft. */
  isValidResource: (resource: string, id: number) => boolean;
  logCapacity?: number;
};

type Job = { webhookId: number; arg: number; topic: string; duplicate: boolean; ready: boolean; fault?: FaultKind };

/** The webhook side of the sandbox: queueing on hook firings, the delivery runner, pings, the delivery log. */
export class WooCommerceWebhookDispatcher {
  private readonly log: SeqLog<Omit<WooCommerceWebhookDelivery, 'seq'>>;
  private queue: Job[] = [];
  private running = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.log = new SeqLog(options.logCapacity ?? 50_000);
  }

  /** WC_Webhook::process() for every webhook and fired action of one request, then wc_webhook_execute_queue(). */
  process(fired: FiredHooks): void {
    if (this.closed) return;
    const hooks = [...this.options.state.webhooks.values()].filter((h) => h.status === 'active').sort((a, b) => b.id - a.id);
    const processed = new Set<string>();
    const toQueue: Array<{ hook: WebhookRecord; arg: number }> = [];
    for (const { hook: action, arg } of fired) {
      for (const hook of hooks) {
        if (!hooksOf(hook.topic).includes(action)) continue;
        const key = `${hook.id}:${arg}`;
        if (processed.has(key) || !this.options.isValidResource(topicParts(hook.topic).resource, arg)) continue;
        processed.add(key);
        toQueue.push({ hook, arg });
      }
    }
    for (const { hook, arg } of toQueue) this.enqueue(hook, arg);
    this.kick();
  }

  private enqueue(hook: WebhookRecord, arg: number): void {
    if (this.queue.some((j) => j.webhookId === hook.id && j.arg === arg)) return;
    const { fate, timing } = this.options.faults.takeWebhookFaults(hook.topic);
    const base = { webhookId: hook.id, topic: hook.topic, resourceId: arg, deliveryId: null, url: hook.deliveryUrl, status: null, duplicate: false, disabledHook: false, failureCount: hook.failureCount };
    if (fate?.kind === 'drop-webhook') {
      this.record({ ...base, kind: 'delivery', outcome: 'dropped', fault: 'drop-webhook', error: 'dropped by drop-webhook fault' });
      return;
    }
    const job: Job = { webhookId: hook.id, arg, topic: hook.topic, duplicate: fate?.kind === 'duplicate-webhook', ready: !timing };
    this.queue.push(job);
    if (timing) {
      this.record({ ...base, kind: 'delivery', outcome: 'delayed', fault: timing.rule.kind, delayMs: timing.holdMs });
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        // A held delivery joins the end of the queue when its hold is over.
        this.queue = [...this.queue.filter((j) => j !== job), { ...job, ready: true }];
        this.kick();
      }, timing.holdMs);
      timer.unref();
      this.timers.add(timer);
    }
  }

  private kick(): void {
    if (this.running || this.closed) return;
    const next = this.queue.find((j) => j.ready);
    if (!next) {
      if (this.queue.length === 0) this.release();
      return;
    }
    this.queue = this.queue.filter((j) => j !== next);
    this.running = true;
    setImmediate(() => {
      void this.deliver(next).finally(() => {
        this.running = false;
        this.kick();
      });
    });
  }

  /** WC_Webhook::deliver() and log_delivery() for one queued delivery. */
  private async deliver(job: Job): Promise<void> {
    const hook = this.options.state.webhooks.get(job.webhookId);
    if (!hook) {
      this.record({ kind: 'delivery', webhookId: job.webhookId, topic: job.topic, resourceId: job.arg, deliveryId: null, url: '', status: null, outcome: 'failed', error: 'the webhook was deleted; wp_safe_remote_request() has no URL', duplicate: false, disabledHook: false, failureCount: 0 });
      return;
    }
    const { resource, event } = topicParts(hook.topic);
    const payload = event === 'deleted' ? { id: job.arg } : this.options.buildPayload(resource, job.arg);
    const body = wpJsonEncode(payload).trim();
    for (const duplicate of job.duplicate ? [false, true] : [false]) {
      if (this.closed) return;
      const deliveryId = createHmac('md5', this.options.authSalt).update(`${hook.id}${Math.floor(this.options.nowMs() / 1000)}`).digest('hex');
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'User-Agent': this.options.userAgent,
        'X-WC-Webhook-Source': `${this.options.siteUrl()}/`,
        'X-WC-Webhook-Topic': hook.topic,
        'X-WC-Webhook-Resource': resource,
        'X-WC-Webhook-Event': event,
        'X-WC-Webhook-Signature': createHmac('sha256', Buffer.from(specialCharsDecode(hook.secret), 'utf8')).update(body, 'utf8').digest('base64'),
        'X-WC-Webhook-ID': String(hook.id),
        'X-WC-Webhook-Delivery-ID': deliveryId,
      };
      const result = await post(hook.deliveryUrl, body, headers, this.options.timeoutMs);
      if (this.closed) return;
      const ok = result.status !== null && result.status >= 200 && result.status < 303;
      let disabled = false;
      if (ok) hook.failureCount = 0;
      else if (hook.failureCount > this.options.maxFailures) {
        hook.status = 'disabled';
        disabled = true;
      } else hook.failureCount += 1;
      this.record({
        kind: 'delivery', webhookId: hook.id, topic: hook.topic, resourceId: job.arg, deliveryId, url: hook.deliveryUrl, status: result.status,
        outcome: ok ? 'delivered' : 'failed', ...(result.error !== undefined ? { error: result.error } : {}), duplicate, disabledHook: disabled,
        failureCount: hook.failureCount, ...(duplicate ? { fault: 'duplicate-webhook' as const } : {}),
      });
      await this.saved(hook, false);
    }
  }

  /**
   * WC_Webhook_Data_Store::update(): date_modified is set to now, and an active webhook whose delivery URL changed
   * or that is still pending is pinged (deliver_ping(), which saves again on a 200).
   */
  async saved(hook: WebhookRecord, urlChanged: boolean): Promise<void> {
    hook.dateModified = wpDateAt(this.options.nowMs(), this.options.timeZone);
    if (hook.status === 'active' && (urlChanged || hook.pendingDelivery)) await this.ping(hook);
  }

  /** WC_Webhook::deliver_ping(): the form-encoded `webhook_id=<id>`; a 200 clears pending_delivery and saves. */
  async ping(hook: WebhookRecord): Promise<void> {
    if (this.closed) return;
    const body = `webhook_id=${hook.id}`;
    const result = await post(hook.deliveryUrl, body, { 'User-Agent': this.options.userAgent, 'Content-Type': 'application/x-www-form-urlencoded' }, this.options.pingTimeoutMs);
    const ok = result.status === 200;
    this.record({
      kind: 'ping', webhookId: hook.id, topic: hook.topic, resourceId: null, deliveryId: null, url: hook.deliveryUrl, status: result.status,
      outcome: ok ? 'delivered' : 'failed', ...(result.error !== undefined ? { error: result.error } : ok ? {} : { error: `Error: Delivery URL returned response code: ${result.status ?? 0}` }),
      duplicate: false, disabledHook: false, failureCount: hook.failureCount,
    });
    if (!ok || !this.options.state.webhooks.has(hook.id)) return;
    hook.pendingDelivery = false;
    await this.saved(hook, false);
  }

  /** Every retained log entry, oldest first. */
  deliveries(): readonly WooCommerceWebhookDelivery[] {
    return this.log.all();
  }

  /** Entries with `seq > after`, optionally of a topic (exact or prefix) or outcome; cursor semantics as core SeqLog. */
  readDeliveries(options: { after?: number; limit?: number; topic?: string; outcome?: WooCommerceWebhookDeliveryOutcome } = {}): {
    deliveries: WooCommerceWebhookDelivery[];
    next: number;
    truncated: boolean;
  } {
    const prefix = options.topic?.replace(/\*$/, '');
    const page = this.log.read(options.after ?? 0, options.limit, (e) => (!prefix || e.topic.startsWith(prefix)) && (!options.outcome || e.outcome === options.outcome));
    return { deliveries: page.items, next: page.next, truncated: page.truncated };
  }

  /** Resolves once nothing is queued, held or being delivered; rejects after `timeoutMs` (default 10 s). */
  flush(timeoutMs = 10_000): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new Error(`webhook deliveries still pending after ${timeoutMs} ms (${this.queue.length} queued)`));
      }, timeoutMs);
      timer.unref();
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }

  /** Forgets the queue, holds and log (sandbox reset). */
  reset(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.queue = [];
    this.log.clear();
    if (!this.running) this.release();
  }

  /** Stops delivering; later firings are ignored. */
  close(): void {
    this.closed = true;
    this.reset();
    this.release();
  }

  private record(entry: Omit<WooCommerceWebhookDelivery, 'seq' | 'at'>): void {
    this.log.push({ ...entry, at: new Date().toISOString() });
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }
}

/** wp_specialchars_decode($secret, ENT_QUOTES): the five HTML entities WordPress decodes. */
function specialCharsDecode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#0*39;/g, "'").replace(/&#x0*27;/gi, "'").replace(/&amp;/g, '&');
}

/** One POST without redirects; resolves with the status, or null and the error on network failure/timeout. */
function post(target: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number | null; error?: string }> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      resolve({ status: null, error: 'A valid URL was not provided.' });
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'POST', headers: { ...headers, Accept: '*/*', Connection: 'close', 'Content-Length': String(Buffer.byteLength(body)) }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? null }));
      res.on('error', (err) => resolve({ status: null, error: err.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`cURL error 28: Operation timed out after ${timeoutMs} milliseconds`)));
    req.on('error', (err) => resolve({ status: null, error: err.message }));
    req.end(body);
  });
}

