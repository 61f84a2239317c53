/**
 * Delivery of Adobe Commerce webhooks (AdobeDocs/commerce-extensibility src/pages/webhooks: create-webhooks.md,
 * hooks.md, responses.md, signature-verification.md):
 * - hooks run synchronously inside the request that saved the record: the sandbox's REST answer waits for them.
 *   Subscriptions of the saved event (`webhook_method` `observer.<eventName>`, `webhook_type` `after`) run batch after
 *   batch (`batch_order`), the hooks of one batch in parallel; `rules` decide whether a hook runs;
 * - each is a POST (`method` when given) of the `fields`-filtered payload (webhook-payload.ts) as PHP json_encode()
 *   writes it, with `Content-Type: application/json`, `x-adobe-commerce-request-id`, the hook's `headers`, and — when
 *   signature verification is enabled — `x-adobe-commerce-webhook-signature`: base64 RSA-SHA256 of the exact body
 *   bytes with the store's private key (verify with `crypto.createVerify('SHA256')` and the public key);
 * - `timeout` (ms, 0 = none; the sandbox caps it at 30 s) aborts the call; a 2xx answer `{"op":"exception"}` or a
 *   failed call (non-2xx, network error, timeout) stops the request only when the hook is `required` (400 with the
 *   answer's `message`, else `fallback_error_message`); optional failures are logged and ignored;
 * - every attempt goes to the delivery log (`GET /_sandbox/webhook-deliveries`, cursor like the request log).
 * Webhook faults (core/faults.ts, `scope` = the webhook_method or a prefix): `drop-webhook` never sends (logged,
 * counted as success), `duplicate-webhook` sends twice, `delay-webhook`/`reorder-webhook` send later, after the
 * answer (logged `delayed`, then the real attempt).
 */
import { createSign, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SeqLog, type FaultInjector, type FaultKind } from '../core';
import { phpJsonEncode, type SavedEvent } from './rest-server';
import type { AdobeCommerceState, Json, WebhookSubscription } from './state';
import { filterPayload, rulesPass } from './webhook-payload';

export type AdobeCommerceWebhookDeliveryOutcome = 'delivered' | 'failed' | 'dropped' | 'delayed' | 'skipped';

export type AdobeCommerceWebhookDelivery = {
  seq: number;
  webhookMethod: string;
  batchName: string;
  hookName: string;
  eventName: string;
  url: string;
  required: boolean;
  /** x-adobe-commerce-request-id of the attempt (null for drops, holds and skips). */
  requestId: string | null;
  /** The exact body sent. */
  body: string;
  /** The signature header sent, when signing is enabled. */
  signature?: string;
  status: number | null;
  outcome: AdobeCommerceWebhookDeliveryOutcome;
  error?: string;
  /** The receiver's JSON answer (`{"op":"success"}`), when it sent one. */
  response?: unknown;
  duplicate: boolean;
  fault?: FaultKind;
  delayMs?: number;
  at: string;
};

export type WebhookDispatcherOptions = {
  state: AdobeCommerceState;
  faults: FaultInjector;
  /** The private key (PEM) deliveries are signed with. */
  privateKey: () => string;
  logCapacity?: number;
};

const MAX_TIMEOUT_MS = 30_000;
const DEFAULT_FAILURE = 'Cannot perform the operation due to an error.';

type Attempt = { status: number | null; error?: string; response?: unknown };

export class AdobeCommerceWebhookDispatcher {
  private readonly log: SeqLog<Omit<AdobeCommerceWebhookDelivery, 'seq'>>;
  private readonly held = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.log = new SeqLog(options.logCapacity ?? 50_000);
  }

  /** Runs the after-hooks of one request's saves; resolves with the error answer when a required hook failed. */
  async run(events: readonly SavedEvent[]): Promise<{ status: number; body: unknown } | undefined> {
    for (const event of events) {
      const hooks = this.options.state.webhooks.filter((h) => h.webhook_method === `observer.${event.eventName}` && h.webhook_type === 'after');
      const batches = [...new Set(hooks.map((h) => h.batch_order))].sort((a, b) => a - b);
      for (const order of batches) {
        const batch = hooks.filter((h) => h.batch_order === order).sort((a, b) => b.priority - a.priority);
        const failures = await Promise.all(batch.map((hook) => this.deliver(hook, event)));
        const failure = failures.find((f) => f !== undefined);
        if (failure !== undefined) return { status: 400, body: { message: failure } };
      }
    }
    return undefined;
  }

  /** One hook for one event; resolves with the failure message when a required hook failed. */
  private async deliver(hook: WebhookSubscription, event: SavedEvent): Promise<string | undefined> {
    const payload: Json = { eventName: event.eventName, data: event.data };
    const body = phpJsonEncode(filterPayload(payload, hook.fields));
    const base = { webhookMethod: hook.webhook_method, batchName: hook.batch_name, hookName: hook.hook_name, eventName: event.eventName, url: hook.url, required: hook.required, body, duplicate: false };
    if (!rulesPass(payload, hook.rules)) {
      this.record({ ...base, requestId: null, status: null, outcome: 'skipped', error: 'a hook rule did not match' });
      return undefined;
    }
    const { fate, timing } = this.options.faults.takeWebhookFaults(hook.webhook_method);
    if (fate?.kind === 'drop-webhook') {
      this.record({ ...base, requestId: null, status: null, outcome: 'dropped', fault: 'drop-webhook', error: 'dropped by drop-webhook fault' });
      return undefined;
    }
    const sends = fate?.kind === 'duplicate-webhook' ? [false, true] : [false];
    if (timing) {
      this.record({ ...base, requestId: null, status: null, outcome: 'delayed', fault: timing.rule.kind, delayMs: timing.holdMs });
      const later = new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void (async () => {
            for (const duplicate of sends) if (!this.closed) await this.attempt(hook, body, { ...base, duplicate });
          })().finally(resolve);
        }, timing.holdMs);
        timer.unref();
        this.timers.add(timer);
      });
      this.held.add(later);
      void later.finally(() => this.held.delete(later));
      return undefined;
    }
    let failure: string | undefined;
    for (const duplicate of sends) failure = (await this.attempt(hook, body, { ...base, duplicate })) ?? failure;
    return failure;
  }

  private async attempt(hook: WebhookSubscription, body: string, base: Omit<AdobeCommerceWebhookDelivery, 'seq' | 'at' | 'requestId' | 'status' | 'outcome'>): Promise<string | undefined> {
    const requestId = randomUUID();
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'x-adobe-commerce-request-id': requestId };
    for (const h of hook.headers) headers[h.name] = h.value;
    let signature: string | undefined;
    if (this.options.state.settings.isWebhookSignatureEnabled) {
      // signature-verification.md: the signature is checked against "the base64 encoded request body" (both of its
      // node samples feed base64(body) to crypto.createVerify('SHA256')), so that is what is signed.
      signature = createSign('RSA-SHA256').update(Buffer.from(body, 'utf8').toString('base64')).sign(this.options.privateKey()).toString('base64');
      headers['x-adobe-commerce-webhook-signature'] = signature;
    }
    const timeout = hook.timeout > 0 ? Math.min(hook.timeout, MAX_TIMEOUT_MS) : MAX_TIMEOUT_MS;
    const result = await post(hook.url, (hook.method || 'POST').toUpperCase(), body, headers, timeout);
    const op = operationOf(result.response);
    const ok = result.status !== null && result.status >= 200 && result.status < 300 && op?.['op'] !== 'exception';
    this.record({
      ...base, requestId, ...(signature !== undefined ? { signature } : {}), status: result.status, outcome: ok ? 'delivered' : 'failed',
      ...(result.error !== undefined ? { error: result.error } : !ok ? { error: op?.['op'] === 'exception' ? 'the hook answered op "exception"' : `the hook answered HTTP ${result.status ?? 0}` } : {}),
      ...(result.response !== undefined ? { response: result.response } : {}), ...(base.duplicate ? { fault: 'duplicate-webhook' as const } : {}),
    });
    if (ok || !hook.required) return undefined;
    const message = op?.['op'] === 'exception' && typeof op['message'] === 'string' ? op['message'] : hook.fallback_error_message || DEFAULT_FAILURE;
    return message;
  }

  /** Entries with `seq > after`, optionally of one webhook_method (exact or prefix) or outcome. */
  readDeliveries(options: { after?: number; limit?: number; webhookMethod?: string; outcome?: AdobeCommerceWebhookDeliveryOutcome } = {}): { deliveries: AdobeCommerceWebhookDelivery[]; next: number; truncated: boolean } {
    const prefix = options.webhookMethod?.replace(/\*$/, '');
    const page = this.log.read(options.after ?? 0, options.limit, (e) => (!prefix || e.webhookMethod.startsWith(prefix)) && (!options.outcome || e.outcome === options.outcome));
    return { deliveries: page.items, next: page.next, truncated: page.truncated };
  }

  deliveries(): readonly AdobeCommerceWebhookDelivery[] {
    return this.log.all();
  }

  /** Resolves once every held (delayed) delivery was sent; rejects after `timeoutMs` (default 10 s). */
  async flush(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.held.size > 0) {
      if (Date.now() > deadline) throw new Error(`webhook deliveries still held after ${timeoutMs} ms (${this.held.size})`);
      await Promise.race([Promise.all([...this.held]), new Promise((r) => setTimeout(r, 50).unref())]);
    }
  }

  reset(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.held.clear();
    this.log.clear();
  }

  close(): void {
    this.closed = true;
    this.reset();
  }

  private record(entry: Omit<AdobeCommerceWebhookDelivery, 'seq' | 'at'>): void {
    this.log.push({ ...entry, at: new Date().toISOString() });
  }
}

function operationOf(response: unknown): Json | undefined {
  if (Array.isArray(response)) return (response as Json[]).find((o) => o !== null && typeof o === 'object' && o['op'] === 'exception') ?? (response[0] as Json | undefined);
  return response !== null && typeof response === 'object' ? (response as Json) : undefined;
}

/** One HTTP call; resolves with the status and parsed JSON answer, or null and the error. */
function post(target: string, method: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      resolve({ status: null, error: `invalid hook URL ${target}` });
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let response: unknown;
        try {
          response = text === '' ? undefined : (JSON.parse(text) as unknown);
        } catch {
          response = text;
        }
        resolve({ status: res.statusCode ?? null, ...(response !== undefined ? { response } : {}) });
      });
      res.on('error', (err) => resolve({ status: null, error: err.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`the hook did not answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ status: null, error: err.message }));
    req.end(body);
  });
}
