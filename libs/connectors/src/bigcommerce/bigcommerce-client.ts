/**
 * The BigCommerce client of one store: `X-Auth-Token` auth, base `{apiBaseUrl}/stores/{store_hash}` with `/v2` and
 * `/v3` paths (servers and `securitySchemes.X-Auth-Token` of every spec in bigcommerce/docs `reference/*.yml`), the
 * shared transport with BigCommerce's rate-limit headers and error bodies, optional shared pacing, and one class per
 * resource. Clients never read env vars: credentials and options come from the caller (the registry's factory).
 */
import type { Dispatcher } from 'undici';
import { ConnectorError, HeaderTokenProvider, HttpTransport, SYSTEM_CLOCK, type Clock, type ConnectorLogger, type Pingable, type RetryPolicy } from '../core';
import { bigCommerceErrorMapper, BIGCOMMERCE_SYSTEM } from './bigcommerce-errors';
import { BIGCOMMERCE_DEFAULT_API_BASE_URL, readBigCommerceRateLimitHeaders, storePath } from './bigcommerce-http';
import type { BigCommercePacing } from './bigcommerce-pacer';
import { pingBigCommerce, type BigCommercePingReport } from './bigcommerce-ping';
import { BigCommerceCustomerClient } from './resources/customer.client';
import { BigCommerceHookClient } from './resources/hook.client';
import { BigCommerceOrderClient } from './resources/order.client';
import { BigCommerceRefundClient, BigCommerceTransactionClient } from './resources/refund.client';

/** Decrypted credentials of one store connection (API account or app install token). */
export type BigCommerceCredentials = { accessToken: string };

export type BigCommerceClientOptions = {
  /** The store hash of `https://api.bigcommerce.com/stores/{store_hash}/…`. */
  storeHash: string;
  /** Default https://api.bigcommerce.com. */
  apiBaseUrl?: string | undefined;
  /** Shared per-store pacing (RedisBigCommercePacer in workers); key `bigcommerce:<store_hash>`. */
  pacing?: BigCommercePacing | undefined;
  /** Our public base URL, checked by `ping` for webhook delivery (HTTPS on 443). */
  publicBaseUrl?: string | undefined;
  dispatcher?: Dispatcher | undefined;
  logger?: ConnectorLogger | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Per-attempt timeout (default 30 000 ms). */
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
};

/** Everything the connector does with one BigCommerce store. */
export class BigCommerceClient implements Pingable {
  readonly orders: BigCommerceOrderClient;
  readonly customers: BigCommerceCustomerClient;
  readonly refunds: BigCommerceRefundClient;
  readonly transactions: BigCommerceTransactionClient;
  readonly hooks: BigCommerceHookClient;

  constructor(
    readonly transport: HttpTransport,
    private readonly settings: { storeHash: string; publicBaseUrl: string | undefined; clock: Clock },
  ) {
    const { clock } = settings;
    this.orders = new BigCommerceOrderClient(transport, clock);
    this.customers = new BigCommerceCustomerClient(transport, clock);
    this.refunds = new BigCommerceRefundClient(transport, clock);
    this.transactions = new BigCommerceTransactionClient(transport, clock);
    this.hooks = new BigCommerceHookClient(transport, clock);
  }

  get storeHash(): string {
    return this.settings.storeHash;
  }

  /** Diagnoses the connection step by step (see bigcommerce-ping.ts). Never throws. */
  async ping(): Promise<BigCommercePingReport> {
    return pingBigCommerce({ transport: this.transport, storeHash: this.settings.storeHash, publicBaseUrl: this.settings.publicBaseUrl });
  }
}

/** Rate-budget key of a store: the quota belongs to the store, shared by all apps and processes. */
export function bigCommercePacingKey(storeHash: string): string {
  return `${BIGCOMMERCE_SYSTEM}:${storeHash}`;
}

/**
 * Builds a BigCommerceClient. No I/O happens until the first call.
 * @throws ConnectorError `configuration` when the store hash or token is empty
 */
export function createBigCommerceClient(credentials: BigCommerceCredentials, options: BigCommerceClientOptions): BigCommerceClient {
  if (!options.storeHash || !credentials.accessToken) {
    throw new ConnectorError({ system: BIGCOMMERCE_SYSTEM, code: 'configuration', retryable: false, message: 'BigCommerce needs a store hash and an access token' });
  }
  const clock = options.clock ?? SYSTEM_CLOCK;
  const baseUrl = `${(options.apiBaseUrl ?? BIGCOMMERCE_DEFAULT_API_BASE_URL).replace(/\/+$/, '')}${storePath(options.storeHash)}`;
  const transport = new HttpTransport({
    system: BIGCOMMERCE_SYSTEM,
    baseUrl,
    auth: new HeaderTokenProvider('x-auth-token', credentials.accessToken),
    retry: options.retry,
    rateBudget: options.pacing,
    rateBudgetKey: bigCommercePacingKey(options.storeHash),
    rateLimitReader: readBigCommerceRateLimitHeaders,
    errorMapper: bigCommerceErrorMapper,
    timeoutMs: options.timeoutMs,
    dispatcher: options.dispatcher,
    logger: options.logger,
    clock,
    random: options.random,
  });
  return new BigCommerceClient(transport, { storeHash: options.storeHash, publicBaseUrl: options.publicBaseUrl, clock });
}
