import { FaultInjector, mulberry32, RequestLog, SandboxRouter, controlBadRequest, readCursorQuery, startSandboxServer, type RunningSandbox } from '../core';
import { WooCommerceAuthenticator } from './auth';
import { registerCustomerRoutes, renderCustomer } from './customers.routes';
import {
  WOOCOMMERCE_API_KEYS,
  WOOCOMMERCE_DEMO,
  WOOCOMMERCE_MAX_WEBHOOK_DELIVERY_FAILURES,
  WOOCOMMERCE_PING_TIMEOUT_MS,
  WOOCOMMERCE_VERSIONS,
  WOOCOMMERCE_WEBHOOK_TIMEOUT_MS,
} from './demo.constants';
import { wooCommerceFaultBody } from './fault-body';
import type { StoreSettings } from './order-builder';
import { OrderService } from './order-service';
import { orderBody, registerOrderRoutes } from './orders.routes';
import { registerRefundRoutes } from './refunds.routes';
import { WordPressRestServer } from './rest-server';
import { loadSeed } from './seed.loader';
import { WooCommerceState } from './state';
import { registerSystemStatusRoutes, siteIndex } from './system-status.routes';
import { WOOCOMMERCE_TAX_RATES } from './tax-rates';
import { WOOCOMMERCE_SANDBOX_TLS } from './tls/self-signed';
import { WooCommerceWebhookDispatcher, type WooCommerceWebhookDelivery, type WooCommerceWebhookDeliveryOutcome } from './webhook-dispatcher.service';
import { registerWebhookRoutes } from './webhooks.routes';

const OUTCOMES: readonly WooCommerceWebhookDeliveryOutcome[] = ['delivered', 'failed', 'dropped', 'delayed'];

export type WooCommerceSandboxOptions = {
  /** HTTP port (0, the default, picks a free one). The HTTP listener always runs. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /**
   * Also serve HTTPS (a second listener, `tlsPort`): `true` uses the bundled self-signed certificate for
   * 127.0.0.1/localhost/::1 (WOOCOMMERCE_SANDBOX_TLS, test only), or give your own PEM `{key, cert}`. WordPress'
   * is_ssl() is the listener's protocol: HTTP Basic and query-string keys only work on the HTTPS one.
   */
  tls?: true | { key: string | Buffer; cert: string | Buffer };
  /** HTTPS port when `tls` is set (default 0). */
  tlsPort?: number;
  /** Load the official examples and our demo data (default true). User 1 and the API keys always exist. */
  seed?: boolean;
  /** Clock for record dates and webhook delivery ids (default Date.now). OAuth timestamps are checked against the real clock. */
  now?: () => number;
  /** Seed of the PRNG behind order keys, generated secrets and usernames (default 1). */
  randomSeed?: number;
  /** Webhook delivery timeout in ms (default 60 000, WooCommerce's MINUTE_IN_SECONDS). */
  webhookTimeoutMs?: number;
  /** Webhook ping timeout in ms (default 5 000, wp_safe_remote_post()'s default). */
  pingTimeoutMs?: number;
  /** `woocommerce_max_webhook_delivery_failures` (default 5; the hook is disabled on failure max + 2). */
  maxWebhookFailures?: number;
  /** `woocommerce_tax_round_at_subtotal` (default true, which reproduces the official examples; WooCommerce's own default is false). */
  taxRoundAtSubtotal?: boolean;
};

export type RunningWooCommerceSandbox = RunningSandbox & {
  /** `${url}/wp-json/wc/v3` (plain HTTP: OAuth 1.0a). */
  apiUrl: string;
  /** The HTTPS base URL when `tls` is set (Basic auth or query-string keys). */
  httpsUrl?: string;
  /** `${httpsUrl}/wp-json/wc/v3` when `tls` is set. */
  httpsApiUrl?: string;
  /** The certificate the HTTPS listener presents (PEM), to trust in a client. */
  tlsCert?: string;
  /** The site URL webhooks name as their source (`home_url()`): the HTTPS URL when `tls` is set, else `url`. */
  siteUrl: string;
  /** Every webhook delivery, ping, drop and hold so far (oldest first). */
  deliveries(): readonly WooCommerceWebhookDelivery[];
  /** Resolves when nothing is queued, held or being delivered; rejects after `timeoutMs` (default 10 s). */
  flushWebhooks(options?: { timeoutMs?: number }): Promise<void>;
  /** Back to the seeded state: data, webhooks, deliveries, used nonces, faults and request log. */
  reset(): void;
};

/**
 * Starts the WooCommerce sandbox: a WordPress + WooCommerce store at `/wp-json/wc/v3/...` as on
 * `https://<shop>/wp-json/wc/v3/...` — orders, refunds, customers, webhooks (signed, asynchronous deliveries,
 * pings, auto-disable), system_status, WooCommerce's authentication (OAuth 1.0a over HTTP, Basic or query-string
 * keys over HTTPS), WordPress' REST conventions (errors, paging headers, `\/`-escaped JSON) — plus the shared
 * control API (`/_sandbox/faults|requests|reset`), `GET /_sandbox/webhook-deliveries?after=&limit=&topic=&outcome=`
 * (cursor like `/_sandbox/requests`) and `GET /_sandbox/woocommerce/webhooks` (each hook's failure_count,
 * pending_delivery and secret). Contract: docs examples @ 13d6196 (seed/README.md), behaviour from WooCommerce and
 * WordPress source as each module cites. Timers are unref'd and cleared by `close()`.
 */
export async function startWooCommerceSandbox(options: WooCommerceSandboxOptions = {}): Promise<RunningWooCommerceSandbox> {
  const nowMs = options.now ?? (() => Date.now());
  const maxFailures = options.maxWebhookFailures ?? WOOCOMMERCE_MAX_WEBHOOK_DELIVERY_FAILURES;
  if (!Number.isInteger(maxFailures) || maxFailures < 0) throw new RangeError('maxWebhookFailures must be an integer ≥ 0');
  for (const [name, value] of [['webhookTimeoutMs', options.webhookTimeoutMs], ['pingTimeoutMs', options.pingTimeoutMs]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new RangeError(`${name} must be a positive integer (milliseconds)`);
  }
  const settings: StoreSettings = {
    currency: WOOCOMMERCE_DEMO.currency,
    decimals: WOOCOMMERCE_DEMO.priceDecimals,
    pricesIncludeTax: WOOCOMMERCE_DEMO.pricesIncludeTax,
    roundAtSubtotal: options.taxRoundAtSubtotal ?? WOOCOMMERCE_DEMO.taxRoundAtSubtotal,
    taxBasedOn: WOOCOMMERCE_DEMO.taxBasedOn,
    shippingTaxClass: WOOCOMMERCE_DEMO.shippingTaxClass,
    base: { ...WOOCOMMERCE_DEMO.baseLocation },
    timeZone: WOOCOMMERCE_DEMO.timezone,
    version: WOOCOMMERCE_VERSIONS.woocommerce,
    rates: WOOCOMMERCE_TAX_RATES,
  };
  let random = mulberry32(options.randomSeed ?? 1);
  const state = new WooCommerceState();
  const faults = new FaultInjector();
  const log = new RequestLog(undefined, /^consumer_secret$/);
  const auth = new WooCommerceAuthenticator(WOOCOMMERCE_API_KEYS);
  const orders = new OrderService(state, settings, nowMs, () => random());
  let siteUrl = '';
  const restUrl = (path: string): string => `${siteUrl}/wp-json${path}`;

  const dispatcher = new WooCommerceWebhookDispatcher({
    state,
    faults,
    timeoutMs: options.webhookTimeoutMs ?? WOOCOMMERCE_WEBHOOK_TIMEOUT_MS,
    pingTimeoutMs: options.pingTimeoutMs ?? WOOCOMMERCE_PING_TIMEOUT_MS,
    maxFailures,
    nowMs,
    timeZone: settings.timeZone,
    siteUrl: () => siteUrl,
    userAgent: `WooCommerce/${WOOCOMMERCE_VERSIONS.woocommerce} Hookshot (WordPress/${WOOCOMMERCE_VERSIONS.wordpress})`,
    authSalt: WOOCOMMERCE_DEMO.authSalt,
    buildPayload: (resource, id) => {
      if (resource === 'order') {
        const order = state.orders.get(id);
        return order ? orderBody(order, state, { restUrl, dp: settings.decimals }) : { code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } };
      }
      if (resource === 'customer') {
        const customer = state.customers.get(id);
        return customer ? renderCustomer(customer, restUrl) : { code: 'wc_user_invalid_id', message: 'Invalid user ID.', data: { status: 404 } };
      }
      return { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } };
    },
    isValidResource: (resource, id) => {
      if (resource !== 'order') return true;
      const order = state.orders.get(id);
      return order !== undefined && !['draft', 'auto-draft', 'new'].includes(order.status);
    },
  });

  const rest = new WordPressRestServer(auth, (fired) => dispatcher.process(fired), (url) => siteIndex(url, nowMs()));
  registerOrderRoutes(rest, { state, orders, decimals: settings.decimals, timeZone: settings.timeZone });
  registerRefundRoutes(rest, { state, orders, decimals: settings.decimals });
  registerCustomerRoutes(rest, { state, nowMs, timeZone: settings.timeZone, random: () => random() });
  registerWebhookRoutes(rest, { state, dispatcher, nowMs, timeZone: settings.timeZone, random: () => random() });
  registerSystemStatusRoutes(rest, { state, nowMs });

  const controlRoutes = new SandboxRouter()
    .add('GET', '/_sandbox/webhook-deliveries', (req) => {
      const cursor = readCursorQuery(req.query);
      const topic = req.query.get('topic') ?? req.query.get('scope');
      const outcome = req.query.get('outcome');
      const wanted = OUTCOMES.find((o) => o === outcome);
      if (outcome && !wanted) throw controlBadRequest('outcome', `outcome must be one of ${OUTCOMES.join(', ')}`);
      const page = dispatcher.readDeliveries({ ...cursor, ...(topic ? { topic } : {}), ...(wanted ? { outcome: wanted } : {}) });
      return { status: 200, body: { deliveries: page.deliveries, next: page.next, ...(page.truncated ? { truncated: true } : {}) } };
    })
    .add('GET', '/_sandbox/woocommerce/webhooks', () => ({
      status: 200,
      body: {
        webhooks: [...state.webhooks.values()].map((h) => ({ id: h.id, topic: h.topic, status: h.status, deliveryUrl: h.deliveryUrl, failureCount: h.failureCount, pendingDelivery: h.pendingDelivery, secret: h.secret })),
      },
    }));

  const seed = (): void => {
    state.reset();
    auth.reset();
    dispatcher.reset();
    random = mulberry32(options.randomSeed ?? 1);
    loadSeed(state, orders, options.seed ?? true);
  };
  const common = {
    name: 'woocommerce',
    router: new SandboxRouter(),
    faults,
    log,
    faultBody: wooCommerceFaultBody,
    controlRoutes,
    onReset: seed,
    notFound: (req: Parameters<WordPressRestServer['handle']>[0]) => rest.handle(req),
    ...(options.host !== undefined ? { host: options.host } : {}),
  };
  const http = await startSandboxServer({ ...common, ...(options.port !== undefined ? { port: options.port } : {}) });
  const tls = options.tls === true ? WOOCOMMERCE_SANDBOX_TLS : options.tls;
  const https = tls
    ? await startSandboxServer({ ...common, tls, ...(options.tlsPort !== undefined ? { port: options.tlsPort } : {}) }).catch(async (err: unknown) => {
        await http.close();
        throw err;
      })
    : undefined;
  siteUrl = https?.url ?? http.url;
  seed();

  return {
    ...http,
    apiUrl: `${http.url}/wp-json/wc/v3`,
    ...(https && tls ? { httpsUrl: https.url, httpsApiUrl: `${https.url}/wp-json/wc/v3`, tlsCert: tls.cert.toString() } : {}),
    siteUrl,
    deliveries: () => dispatcher.deliveries(),
    flushWebhooks: (flush) => dispatcher.flush(flush?.timeoutMs),
    reset: () => {
      faults.clear();
      log.clear();
      seed();
    },
    close: async () => {
      dispatcher.close();
      await Promise.all([http.close(), https?.close()]);
    },
  };
}
