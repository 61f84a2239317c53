/**
 * The WooCommerce client of one shop: REST API v3 at `${siteUrl}/wp-json/wc/v3` (docs `_introduction.md`), the auth
 * scheme WooCommerce accepts for the site's scheme (woocommerce-auth.ts), the shared transport and one class per
 * resource. WooCommerce sends no rate-limit headers; hosting firewalls answer 429/501/503, so GET/PUT/DELETE back off
 * and retry with the shared policy (501 added to its statuses), while a POST is never retried once it may have
 * reached the shop (only when the connection itself failed). Static keys cannot be renewed, so a 401 is not retried.
 * Clients never read env vars.
 */
import type { Dispatcher } from 'undici';
import { ConnectorError, HttpTransport, SYSTEM_CLOCK, type Clock, type ConnectorLogger, type Pingable, type RetryPolicy } from '../core';
import { createWooCommerceAuth, resolveWooCommerceAuthMode, type WooCommerceAuthMode, type WooCommerceCredentials, type WooCommerceResolvedAuthMode } from './woocommerce-auth';
import { wooCommerceErrorMapper, WOOCOMMERCE_SYSTEM } from './woocommerce-errors';
import { pingWooCommerce, type WooCommercePingReport } from './woocommerce-ping';
import { WooCommerceCustomerClient } from './resources/customer.client';
import { WooCommerceOrderClient } from './resources/order.client';
import { WooCommerceRefundClient } from './resources/refund.client';
import { WooCommerceSystemStatusClient } from './resources/system-status.client';
import { WooCommerceWebhookClient } from './resources/webhook.client';

export type WooCommerceClientOptions = {
  /** The shop's address as WordPress knows it (`home_url()`), e.g. https://shop.example.com; OAuth signs this URL. */
  siteUrl: string;
  /** Default `auto`: Basic over https, OAuth 1.0a over http. */
  authMode?: WooCommerceAuthMode | undefined;
  /** Our public base URL, checked by `ping` for webhook delivery. */
  publicBaseUrl?: string | undefined;
  dispatcher?: Dispatcher | undefined;
  logger?: ConnectorLogger | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Per-attempt timeout (default 30 000 ms). */
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
};

/** Statuses hosting firewalls (mod_security, Cloudflare, Imunify) answer when they throttle API calls. */
export const WOOCOMMERCE_EXTRA_RETRYABLE_STATUSES: readonly number[] = [501];

/** Everything the connector does with one WooCommerce shop. */
export class WooCommerceClient implements Pingable {
  readonly orders: WooCommerceOrderClient;
  readonly refunds: WooCommerceRefundClient;
  readonly customers: WooCommerceCustomerClient;
  readonly webhooks: WooCommerceWebhookClient;
  readonly systemStatus: WooCommerceSystemStatusClient;

  constructor(
    readonly transport: HttpTransport,
    private readonly settings: { siteUrl: string; authMode: WooCommerceResolvedAuthMode; publicBaseUrl: string | undefined; clock: Clock },
  ) {
    const { clock } = settings;
    this.orders = new WooCommerceOrderClient(transport, clock);
    this.refunds = new WooCommerceRefundClient(transport, clock);
    this.customers = new WooCommerceCustomerClient(transport, clock);
    this.webhooks = new WooCommerceWebhookClient(transport, clock);
    this.systemStatus = new WooCommerceSystemStatusClient(transport, clock);
  }

  /** The auth scheme in use (`auto` resolved). */
  get authMode(): WooCommerceResolvedAuthMode {
    return this.settings.authMode;
  }

  /**
   * Diagnoses the connection step by step (woocommerce-ping.ts). Never throws.
   * @param options `publicBaseUrl` to judge webhook delivery to (default: the client's `publicBaseUrl` option).
   */
  async ping(options: { publicBaseUrl?: string | undefined } = {}): Promise<WooCommercePingReport> {
    return pingWooCommerce({ transport: this.transport, siteUrl: this.settings.siteUrl, publicBaseUrl: options.publicBaseUrl ?? this.settings.publicBaseUrl });
  }
}

/**
 * Builds a WooCommerceClient. No I/O happens until the first call.
 * @throws ConnectorError `configuration` when the site URL is not http(s), a key is empty, or `basic`/`query-string`
 *   is asked for over plain http (the secret would travel in clear)
 */
export function createWooCommerceClient(credentials: WooCommerceCredentials, options: WooCommerceClientOptions): WooCommerceClient {
  const config = (message: string): ConnectorError => new ConnectorError({ system: WOOCOMMERCE_SYSTEM, code: 'configuration', retryable: false, message });
  if (!credentials.consumerKey || !credentials.consumerSecret) throw config('WooCommerce needs a consumer key and a consumer secret');
  let site: URL;
  try {
    site = new URL(options.siteUrl);
  } catch {
    throw config(`WooCommerce site URL "${options.siteUrl}" is not a URL`);
  }
  if (site.protocol !== 'https:' && site.protocol !== 'http:') throw config('WooCommerce site URL must start with https:// or http://');
  const siteUrl = `${site.origin}${site.pathname.replace(/\/+$/, '')}`;
  const clock = options.clock ?? SYSTEM_CLOCK;
  const authMode = resolveWooCommerceAuthMode(options.authMode ?? 'auto', site.protocol === 'https:');
  const transport = new HttpTransport({
    system: WOOCOMMERCE_SYSTEM,
    baseUrl: `${siteUrl}/wp-json/wc/v3`,
    auth: createWooCommerceAuth(authMode, credentials, clock),
    retry: { extraRetryableStatuses: WOOCOMMERCE_EXTRA_RETRYABLE_STATUSES, shouldRetryWritesOnConnectError: true, ...stripUndefined(options.retry ?? {}) },
    errorMapper: wooCommerceErrorMapper,
    shouldReauthOn401: false,
    timeoutMs: options.timeoutMs,
    dispatcher: options.dispatcher,
    logger: options.logger,
    clock,
    random: options.random,
  });
  return new WooCommerceClient(transport, { siteUrl, authMode, publicBaseUrl: options.publicBaseUrl, clock });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
