import { FaultInjector, RequestLog, SandboxRouter, controlBadRequest, readCursorQuery, startSandboxServer, type RunningSandbox } from '../core';
import { createAuthGuard } from './auth.guard';
import { registerCustomerRoutes } from './customers.routes';
import {
  BIGCOMMERCE_ACCOUNTS,
  BIGCOMMERCE_DEFAULT_QUOTA,
  BIGCOMMERCE_DEMO,
  BIGCOMMERCE_WEBHOOK_RETRY_SCHEDULE_MS,
} from './demo.constants';
import { bigCommerceFaultBody } from './fault-body';
import { registerHookRoutes } from './hooks.routes';
import { registerStoreRoutes } from './store.routes';
import { registerOrderRoutes } from './orders.routes';
import { StoreRateLimiter, type RateLimitQuota } from './rate-limit.guard';
import { registerRefundRoutes } from './refunds.routes';
import { loadSeed } from './seed.loader';
import { BigCommerceState } from './state';
import { WebhookDispatcher, type WebhookDeliveryLogEntry, type WebhookDeliveryOutcome } from './webhook-dispatcher.service';

const DELIVERY_OUTCOMES: readonly WebhookDeliveryOutcome[] = ['delivered', 'failed', 'dropped', 'delayed'];

export type BigCommerceSandboxOptions = {
  /** Port to listen on (0, the default, picks a free one). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Per-store request quota (positive integers); default the Standard plan, 150 requests per 30 000 ms. */
  quota?: RateLimitQuota;
  /**
   * Delays before each webhook retry in ms (each ≥ 0; `[]` = no retries, the first failure deactivates the hook);
   * default BigCommerce's 60 s … 86 400 s schedule.
   */
  webhookRetryScheduleMs?: readonly number[];
  /** How long a webhook destination may take to answer (default 10 000 ms; BigCommerce does not document its value). */
  webhookTimeoutMs?: number;
  /** Load the official examples and our demo data (default true). Order statuses are always loaded. */
  seed?: boolean;
  /** Clock for record dates, webhook `created_at` and the rate-limit window (default Date.now). Signing always uses the real clock. */
  now?: () => number;
};

export type RunningBigCommerceSandbox = RunningSandbox & {
  storeHash: string;
  /** `${url}/stores/${storeHash}`: append `/v2/orders`, `/v3/customers`, … */
  storeUrl: string;
  /** Every webhook delivery attempt so far (oldest first; also drops and holds, see WebhookDeliveryOutcome). */
  deliveries(): readonly WebhookDeliveryLogEntry[];
  /** Resolves when no webhook delivery is in flight or scheduled for retry; rejects after `timeoutMs` (default 10 s). */
  flushWebhooks(options?: { timeoutMs?: number }): Promise<void>;
  /** Back to the seeded state: data, hooks, deliveries, quota, faults and request log. */
  reset(): void;
};

/**
 * Starts the BigCommerce sandbox: the store `BIGCOMMERCE_DEMO.storeHash` at the same paths as
 * `https://api.bigcommerce.com/stores/{store_hash}/v2|v3/...`, with X-Auth-Token auth and scopes, the
 * per-store rate limit, Orders V2, Customers V3, refunds and transactions V3, Webhooks V3 with signed
 * deliveries and retries, plus the shared control API (`/_sandbox/faults|requests|reset`), injected faults in
 * BigCommerce's error shapes (fault-body.ts) and `GET /_sandbox/webhook-deliveries?after=&limit=&scope=&outcome=` →
 * `{deliveries: [{seq, ...WebhookDeliveryLogEntry}], next, truncated?}` (a cursor like `GET /_sandbox/requests`).
 * Contract: bigcommerce/docs@24f580ca6d2981728b7ed70a2049e00fc602c335 `reference/*.yml` and
 * `docs/webhooks/callbacks`. Timers are unref'd and cleared by `close()`.
 */
export async function startBigCommerceSandbox(options: BigCommerceSandboxOptions = {}): Promise<RunningBigCommerceSandbox> {
  const nowMs = options.now ?? (() => Date.now());
  const quota = options.quota ?? BIGCOMMERCE_DEFAULT_QUOTA;
  if (!Number.isInteger(quota.requests) || quota.requests < 1) throw new RangeError('quota.requests must be a positive integer');
  if (!Number.isInteger(quota.windowMs) || quota.windowMs < 1) throw new RangeError('quota.windowMs must be a positive integer (milliseconds)');
  const retryScheduleMs = options.webhookRetryScheduleMs ?? BIGCOMMERCE_WEBHOOK_RETRY_SCHEDULE_MS;
  if (retryScheduleMs.some((ms) => !Number.isInteger(ms) || ms < 0)) throw new RangeError('webhookRetryScheduleMs must hold integers ≥ 0 (milliseconds)');
  const storeHash = BIGCOMMERCE_DEMO.storeHash;
  const state = new BigCommerceState(nowMs);
  const faults = new FaultInjector();
  const log = new RequestLog();
  const limiter = new StoreRateLimiter(quota, nowMs);
  const guard = createAuthGuard({ storeHash, limiter });
  const secrets = new Map(Object.values(BIGCOMMERCE_ACCOUNTS).map((a) => [a.clientId, a.clientSecret]));
  const dispatcher = new WebhookDispatcher({
    state,
    storeHash,
    storeId: BIGCOMMERCE_DEMO.storeId,
    retryScheduleMs,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    faults,
    secretFor: (clientId) => secrets.get(clientId),
  });
  let baseUrl = '';
  const apiBase = (): string => `${baseUrl}/stores/${storeHash}/v2`;

  const router = new SandboxRouter();
  registerOrderRoutes(router, { state, guard, events: dispatcher, apiBase });
  registerCustomerRoutes(router, { state, guard, events: dispatcher });
  registerRefundRoutes(router, { state, guard, events: dispatcher });
  registerHookRoutes(router, { state, guard });
  registerStoreRoutes(router, { guard });

  const controlRoutes = new SandboxRouter().add('GET', '/_sandbox/webhook-deliveries', (req) => {
    const cursor = readCursorQuery(req.query);
    const scope = req.query.get('scope');
    const outcome = req.query.get('outcome');
    const wanted = DELIVERY_OUTCOMES.find((o) => o === outcome);
    if (outcome && !wanted) throw controlBadRequest('outcome', `outcome must be one of ${DELIVERY_OUTCOMES.join(', ')}`);
    const page = dispatcher.readDeliveries({ ...cursor, ...(scope ? { scope } : {}), ...(wanted ? { outcome: wanted } : {}) });
    return { status: 200, body: { deliveries: page.deliveries, next: page.next, ...(page.truncated ? { truncated: true } : {}) } };
  });

  const seed = (): void => {
    state.reset();
    limiter.reset();
    dispatcher.reset();
    loadSeed(state, apiBase(), options.seed ?? true);
  };
  const server = await startSandboxServer({
    name: 'bigcommerce',
    router,
    faults,
    log,
    faultBody: bigCommerceFaultBody,
    controlRoutes,
    onReset: seed,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  });
  baseUrl = server.url;
  seed();

  return {
    ...server,
    storeHash,
    storeUrl: `${server.url}/stores/${storeHash}`,
    deliveries: () => dispatcher.deliveries(),
    flushWebhooks: (flushOptions) => dispatcher.flush(flushOptions?.timeoutMs),
    reset: () => {
      faults.clear();
      log.clear();
      seed();
    },
    close: async () => {
      dispatcher.close();
      await server.close();
    },
  };
}
