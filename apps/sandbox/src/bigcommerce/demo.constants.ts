/**
 * Fixed demo credentials and store facts of the BigCommerce sandbox. They are fake values, valid only
 * against the sandbox; tests and `npm run sandbox` users read them from here.
 *
 * Scope names come from `securitySchemes.X-Auth-Token` of the official specs
 * (bigcommerce/docs@24f580c `reference/orders.v2.oas2.yml`, `orders.v3.yml`, `customers.v3.yml`).
 */
export type BigCommerceScope =
  | 'store_v2_orders'
  | 'store_v2_orders_read_only'
  | 'store_v2_transactions'
  | 'store_v2_transactions_read_only'
  | 'store_v2_customers'
  | 'store_v2_customers_read_only'
  | 'store_v2_information_read_only';

/** One API account / app install: its token, the app's client id and client secret (webhook signing key). */
export type BigCommerceDemoAccount = {
  accessToken: string;
  clientId: string;
  clientSecret: string;
  scopes: readonly BigCommerceScope[];
};

export const BIGCOMMERCE_DEMO = {
  storeHash: 'mlcdemo1',
  /** Numeric store id sent as `store_id` in webhook payloads (a string, as in the callback schemas). */
  storeId: '1001234567',
  /** Full-access app install (orders, transactions, customers). */
  accessToken: 'mlc-demo-bc-token-full-0001',
  clientId: 'mlcdemoclientid0000000000000001',
  /** The app's client secret; webhooks are signed with base64(clientSecret) as the Standard Webhooks key. */
  clientSecret: 'mlc-demo-bc-client-secret-0001',
  /** A second API account lacking every orders/transactions scope (for ping / 403 tests). */
  limitedAccessToken: 'mlc-demo-bc-token-noorders-0002',
  limitedClientId: 'mlcdemoclientid0000000000000002',
  limitedClientSecret: 'mlc-demo-bc-client-secret-0002',
  /** Store default currency (multi-currency is enabled; see `BIGCOMMERCE_STORE_CURRENCIES`). */
  defaultCurrency: 'USD',
} as const;

/** The accounts the sandbox accepts, keyed by access token. */
export const BIGCOMMERCE_ACCOUNTS: Readonly<Record<string, BigCommerceDemoAccount>> = {
  [BIGCOMMERCE_DEMO.accessToken]: {
    accessToken: BIGCOMMERCE_DEMO.accessToken,
    clientId: BIGCOMMERCE_DEMO.clientId,
    clientSecret: BIGCOMMERCE_DEMO.clientSecret,
    scopes: ['store_v2_orders', 'store_v2_transactions', 'store_v2_customers', 'store_v2_information_read_only'],
  },
  [BIGCOMMERCE_DEMO.limitedAccessToken]: {
    accessToken: BIGCOMMERCE_DEMO.limitedAccessToken,
    clientId: BIGCOMMERCE_DEMO.limitedClientId,
    clientSecret: BIGCOMMERCE_DEMO.limitedClientSecret,
    scopes: ['store_v2_customers_read_only', 'store_v2_information_read_only'],
  },
};

/** Currencies enabled on the demo store: id, code, and the store-default → transactional rate (10 decimals). */
export const BIGCOMMERCE_STORE_CURRENCIES: Readonly<Record<string, { id: number; rate: string }>> = {
  USD: { id: 1, rate: '1.0000000000' },
  EUR: { id: 2, rate: '0.9200000000' },
  GBP: { id: 3, rate: '0.7900000000' },
  NOK: { id: 4, rate: '10.6500000000' },
  SEK: { id: 5, rate: '10.4000000000' },
  DKK: { id: 6, rate: '6.8600000000' },
};

/**
 * BigCommerce's documented webhook retry intervals in ms: 60 s, 180 s, 300 s, 600 s, 900 s, 1800 s,
 * 3600 s, 7200 s, 21600 s, 50400 s, 86400 s (cumulatively ~48 h), after which the hook is deactivated.
 * Source: bigcommerce/docs `docs/integrations/webhooks/overview.mdx` § Callback retry mechanism.
 */
export const BIGCOMMERCE_WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400,
].map((s) => s * 1000);

/**
 * Standard / Plus plan quota: 150 requests per 30 s window per store.
 * Source: bigcommerce/docs `docs/api-docs/getting-started/api-rate-limits.mdx` (see shared/specs/README §2).
 */
export const BIGCOMMERCE_DEFAULT_QUOTA = { requests: 150, windowMs: 30_000 } as const;

/** Link used in `type` of BigCommerce error bodies. */
export const BIGCOMMERCE_STATUS_CODES_URL = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
