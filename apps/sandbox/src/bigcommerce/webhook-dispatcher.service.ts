import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { FaultInjector } from '../core';
import { toEpochSeconds } from './dates';
import type { WebhookEmitter } from './orders.routes';
import type { BigCommerceState, HookRecord, Json } from './state';

export type WebhookDeliveryOutcome = 'delivered' | 'failed' | 'dropped';

/** One delivery attempt, as `sandbox.deliveries()` reports it. */
export type WebhookDeliveryLogEntry = {
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
  at: string;
};

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
};

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
 * Not simulated: per-domain blocklisting and the 90-day inactivity deactivation.
 */
export class WebhookDispatcher implements WebhookEmitter {
  private readonly log: WebhookDeliveryLogEntry[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = 0;
  private waiters: Array<() => void> = [];
  private seq = 0;
  private closed = false;

  constructor(private readonly options: WebhookDispatcherOptions) {}

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

  deliveries(): readonly WebhookDeliveryLogEntry[] {
    return this.log;
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
    this.log.length = 0;
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
    const fault = this.options.faults.takeWebhookFault();
    if (fault?.kind === 'drop-webhook') {
      this.record(hook, event, webhookId, 1, null, 'dropped', false, false, 'dropped by drop-webhook fault');
      this.finish();
      return;
    }
    void this.attempt(hook.id, event, webhookId, 1, fault?.kind === 'duplicate-webhook');
  }

  private async attempt(hookId: number, event: Event, webhookId: string, attempt: number, duplicate: boolean): Promise<void> {
    const hook = this.options.state.hooks.get(hookId);
    if (this.closed || !hook || !hook.is_active) {
      this.finish();
      return;
    }
    const result = await this.send(hook, event, webhookId);
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const isLast = attempt > this.options.retryScheduleMs.length;
    if (this.closed) return;
    if (!ok && isLast) {
      hook.is_active = false;
      hook.updated_at = toEpochSeconds(new Date(this.options.state.nowMs()));
    }
    this.record(hook, event, webhookId, attempt, result.status, ok ? 'delivered' : 'failed', false, !ok && isLast, result.error);
    if (duplicate) {
      const copy = await this.send(hook, event, webhookId);
      if (this.closed) return;
      const copyOk = copy.status !== null && copy.status >= 200 && copy.status < 300;
      this.record(hook, event, webhookId, attempt, copy.status, copyOk ? 'delivered' : 'failed', true, false, copy.error);
    }
    if (ok || isLast) {
      this.finish();
      return;
    }
    const delay = this.options.retryScheduleMs[attempt - 1] ?? 0;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(hookId, event, webhookId, attempt + 1, false);
    }, delay);
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

  private record(hook: HookRecord, event: Event, webhookId: string, attempt: number, status: number | null, outcome: WebhookDeliveryOutcome, duplicate: boolean, deactivatedHook: boolean, error?: string): void {
    this.log.push({
      hookId: hook.id,
      scope: event.scope,
      hash: event.hash,
      webhookId,
      attempt,
      status,
      outcome,
      ...(error !== undefined ? { error } : {}),
      duplicate,
      deactivatedHook,
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
