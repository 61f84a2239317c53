import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import { SeqLog, type FaultInjector, type FaultKind } from '../core';
import { toEpochSeconds } from './dates';
import type { WebhookEmitter } from './orders.routes';
import type { BigCommerceState, HookRecord, Json } from './state';

/**
 * `delivered`/`failed`: an attempt and the destination's verdict. `dropped`: a `drop-webhook` fault ate the delivery
 * (never sent, never retried). `delayed`: a `delay-webhook`/`reorder-webhook` fault is holding the first attempt
 * for `delayMs` (an attempt entry follows when it is sent).
 */
export type WebhookDeliveryOutcome = 'delivered' | 'failed' | 'dropped' | 'delayed';

/** One delivery attempt (or drop/hold), as `sandbox.deliveries()` and `GET /_sandbox/webhook-deliveries` report it. */
export type WebhookDeliveryLogEntry = {
  /** Monotonic sequence number of the entry (1, 2, …; never reused, not even after reset). */
  seq: number;
  hookId: number;
  /** The event scope, e.g. `store/order/created`. */
  scope: string;
  /** The payload `hash` (same on every retry and duplicate of one event). */
  hash: string;
  /** The Standard Webhooks `webhook-id` (same on every retry and duplicate). */
  webhookId: string;
  /** 1 for the first try, 2.. for retries. */
  attempt: number;
  /** HTTP status answered by the destination; null on network error / timeout / drop. */
  status: number | null;
  outcome: WebhookDeliveryOutcome;
  error?: string;
  /** True for the second copy sent by a `duplicate-webhook` fault. */
  duplicate: boolean;
  /** True when this failure was the last retry and the hook was set `is_active=false`. */
  deactivatedHook: boolean;
  /** The webhook fault behind this entry: drop-webhook, duplicate-webhook (on the copy), delay/reorder-webhook. */
  fault?: FaultKind;
  /** For `delayed`: how long the first attempt is held, in ms. */
  delayMs?: number;
  /** ISO-8601 time the entry was recorded. */
  at: string;
};

/** Default number of delivery log entries kept (oldest dropped first). */
export const DEFAULT_WEBHOOK_LOG_CAPACITY = 50_000;

export type WebhookDispatcherOptions = {
  state: BigCommerceState;
  storeHash: string;
  storeId: string;
  /** Delays before retry 1, 2, … in ms; after the last retry fails the hook is deactivated. */
  retryScheduleMs: readonly number[];
  /** How long a destination may take to answer before the attempt counts as failed. */
  timeoutMs: number;
  faults: FaultInjector;
  /** The app client secret of a client id (signing key, base64-encoded before use). */
  secretFor: (clientId: string) => string | undefined;
  /** How many delivery log entries to keep (default DEFAULT_WEBHOOK_LOG_CAPACITY). */
  logCapacity?: number;
};

type LogInput = Omit<WebhookDeliveryLogEntry, 'seq'>;
type Attempt = { hook: HookRecord; event: Event; webhookId: string; attempt: number; duplicate: boolean };

type Event = { scope: string; body: string; hash: string; seq: number };

/**
 * Delivers BigCommerce webhook callbacks to active hooks whose scope matches (exact, or a `…/*`
 * wildcard such as `store/order/*`). The payload is the light stub of webhooks.v3.yml
 * `webhook_callback_base` + `data` (`{scope, store_id, data, hash, created_at, producer}`, key order as
 * in the official samples `webhook-callbacks/data/*.json`); `hash` is the SHA-1 of the payload JSON
 * without `hash` ("encoded in JSON format and then passed through SH1"). Each request is signed per
 * Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`, HMAC-SHA256 keyed with the
 * base64 of the app client secret) and carries the hook's custom `headers`.
 * Non-2xx, timeouts and connection errors are retried on `retryScheduleMs`; after the last retry fails
 * the hook gets `is_active=false` (docs/integrations/webhooks/overview.mdx § Callback retry mechanism).
 * Webhook faults (core/faults.ts), taken once per delivery (hook × event), filtered by `scope`: drop-webhook (never
 * sent, logged `dropped`), duplicate-webhook (the first attempt is sent twice, same id and body; "Duplicates happen" in the same doc),
 * delay-webhook (first attempt held `delayMs`), reorder-webhook (first attempt held a random 0…`delayMs`).
 * Not simulated: per-domain blocklisting and the 90-day inactivity deactivation.
 */
export class WebhookDispatcher implements WebhookEmitter {
  private readonly log: SeqLog<LogInput>;
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = 0;
  private waiters: Array<() => void> = [];
  private seq = 0;
  private closed = false;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.log = new SeqLog<LogInput>(options.logCapacity ?? DEFAULT_WEBHOOK_LOG_CAPACITY);
  }

  /** Builds the event once and starts one delivery per matching active hook. */
  emit(scope: string, data: Json): void {
    if (this.closed) return;
    const { state, storeId, storeHash } = this.options;
    const base = { scope, store_id: storeId, data, created_at: toEpochSeconds(new Date(state.nowMs())), producer: `stores/${storeHash}` };
    const hash = createHash('sha1').update(JSON.stringify(base)).digest('hex');
    const payload = { scope, store_id: storeId, data, hash, created_at: base.created_at, producer: base.producer };
    const event: Event = { scope, body: JSON.stringify(payload), hash, seq: (this.seq += 1) };
    for (const hook of state.hooks.values()) {
      if (hook.is_active && scopeMatches(hook.scope, scope)) this.start(hook, event);
    }
  }

  /** Every retained log entry, oldest first. */
  deliveries(): readonly WebhookDeliveryLogEntry[] {
    return this.log.all();
  }

  /**
   * Log entries with `seq > after`, oldest first, at most `limit`, optionally only of a scope (exact or prefix, as
   * fault rules match) or outcome. `next` is the last seq returned (or `after`); `truncated` as in core `SeqLog`.
   */
  readDeliveries(options: { after?: number; limit?: number; scope?: string; outcome?: WebhookDeliveryOutcome } = {}): {
    deliveries: WebhookDeliveryLogEntry[];
    next: number;
    truncated: boolean;
  } {
    const prefix = options.scope?.replace(/\*$/, '');
    const page = this.log.read(options.after ?? 0, options.limit, (e) => (!prefix || e.scope.startsWith(prefix)) && (!options.outcome || e.outcome === options.outcome));
    return { deliveries: page.items, next: page.next, truncated: page.truncated };
  }

  /** Resolves once no delivery is in flight or scheduled; rejects after `timeoutMs` (default 10 s). */
  flush(timeoutMs = 10_000): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new Error(`webhook deliveries still pending after ${timeoutMs} ms (${this.pending} left); is a retry scheduled far ahead?`));
      }, timeoutMs);
      timer.unref();
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }

  /** Forgets the log and cancels scheduled retries (sandbox reset). */
  reset(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.log.clear();
    this.pending = 0;
    this.release();
  }

  /** Cancels every scheduled retry; later events are ignored. */
  close(): void {
    this.closed = true;
    this.reset();
  }

  private start(hook: HookRecord, event: Event): void {
    const webhookId = `msg_${event.seq}_${hook.id}`;
    this.pending += 1;
    const { fate, timing } = this.options.faults.takeWebhookFaults(event.scope);
    const first: Attempt = { hook, event, webhookId, attempt: 1, duplicate: fate?.kind === 'duplicate-webhook' };
    if (fate?.kind === 'drop-webhook') {
      this.record(first, null, 'dropped', false, 'dropped by drop-webhook fault', { fault: fate.kind });
      this.finish();
      return;
    }
    if (!timing) {
      void this.attempt(first);
      return;
    }
    this.record(first, null, 'delayed', false, undefined, { fault: timing.rule.kind, delayMs: timing.holdMs });
    this.later(timing.holdMs, () => this.attempt(first));
  }

  private async attempt(a: Attempt): Promise<void> {
    const hook = this.options.state.hooks.get(a.hook.id);
    if (this.closed || !hook || !hook.is_active) {
      this.finish();
      return;
    }
    const current: Attempt = { ...a, hook };
    const result = await this.send(hook, a.event, a.webhookId);
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const isLast = a.attempt > this.options.retryScheduleMs.length;
    if (this.closed) return;
    if (!ok && isLast) {
      hook.is_active = false;
      hook.updated_at = toEpochSeconds(new Date(this.options.state.nowMs()));
    }
    this.record(current, result.status, ok ? 'delivered' : 'failed', !ok && isLast, result.error);
    if (a.duplicate) {
      const copy = await this.send(hook, a.event, a.webhookId);
      if (this.closed) return;
      const copyOk = copy.status !== null && copy.status >= 200 && copy.status < 300;
      this.record(current, copy.status, copyOk ? 'delivered' : 'failed', false, copy.error, { duplicate: true, fault: 'duplicate-webhook' });
    }
    if (ok || isLast) {
      this.finish();
      return;
    }
    const delay = this.options.retryScheduleMs[a.attempt - 1] ?? 0;
    this.later(delay, () => this.attempt({ ...current, attempt: a.attempt + 1, duplicate: false }));
  }

  /** Runs `task` after `ms` on an unref'd timer that reset/close cancel. */
  private later(ms: number, task: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void task();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private send(hook: HookRecord, event: Event, webhookId: string): Promise<{ status: number | null; error?: string }> {
    const secret = this.options.secretFor(hook.client_id) ?? '';
    const signer = new Webhook(Buffer.from(secret).toString('base64'));
    const now = new Date();
    const signed = {
      'webhook-id': webhookId,
      'webhook-timestamp': String(toEpochSeconds(now)),
      'webhook-signature': signer.sign(webhookId, now, event.body),
    };
    const headers: Record<string, string> = {
      ...(hook.headers ?? {}),
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(event.body)),
      ...signed,
    };
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(hook.destination);
      } catch {
        resolve({ status: null, error: 'invalid destination URL' });
        return;
      }
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, { method: 'POST', headers, timeout: this.options.timeoutMs }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? null }));
        res.on('error', (err) => resolve({ status: null, error: err.message }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
      req.on('error', (err) => resolve({ status: null, error: err.message }));
      req.end(event.body);
    });
  }

  private record(
    a: Attempt,
    status: number | null,
    outcome: WebhookDeliveryOutcome,
    deactivatedHook: boolean,
    error?: string,
    extra: { duplicate?: boolean; fault?: FaultKind; delayMs?: number } = {},
  ): void {
    this.log.push({
      hookId: a.hook.id,
      scope: a.event.scope,
      hash: a.event.hash,
      webhookId: a.webhookId,
      attempt: a.attempt,
      status,
      outcome,
      ...(error !== undefined ? { error } : {}),
      duplicate: extra.duplicate ?? false,
      deactivatedHook,
      ...(extra.fault !== undefined ? { fault: extra.fault } : {}),
      ...(extra.delayMs !== undefined ? { delayMs: extra.delayMs } : {}),
      at: new Date().toISOString(),
    });
  }

  private finish(): void {
    this.pending = Math.max(0, this.pending - 1);
    if (this.pending === 0) this.release();
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }
}

/** Exact scope, or a documented wildcard like `store/order/*` / `store/cart/lineItem/*`. */
export function scopeMatches(hookScope: string, eventScope: string): boolean {
  if (hookScope === eventScope) return true;
  return hookScope.endsWith('/*') && eventScope.startsWith(hookScope.slice(0, -1));
}
