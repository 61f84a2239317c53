/**
 * Fixed demo facts of the WooCommerce sandbox: API keys, the store's settings and versions. The keys are fake values,
 * valid only against the sandbox; they have the real format (`ck_`/`cs_` + 40 hex digits: WooCommerce generates
 * `'ck_' . wc_rand_hash()`, a SHA-1 hex string; includes/admin/class-wc-admin-api-keys.php).
 */

/** Key permissions as stored in `woocommerce_api_keys.permissions` (WC_REST_Authentication::check_permissions). */
export type WooCommerceKeyPermission = 'read' | 'write' | 'read_write';

/** One REST API key: the consumer key/secret pair, its permission and the WordPress user it acts as. */
export type WooCommerceApiKey = {
  keyId: number;
  consumerKey: string;
  consumerSecret: string;
  permissions: WooCommerceKeyPermission;
  /** The WordPress user the key belongs to (user 1, the shop administrator). */
  userId: number;
  description: string;
};

/** Versions the sandbox reports (`GET /system_status` → environment.version / wp_version, webhook User-Agent). */
export const WOOCOMMERCE_VERSIONS = { woocommerce: '10.2.1', wordpress: '6.8.2', php: '8.3.14', mysql: '8.0.39' } as const;

export const WOOCOMMERCE_DEMO = {
  /** The blog name (`get_option('blogname')`). */
  siteName: 'Nordlys Demo Shop (WooCommerce sandbox)',
  /** Default port of `npm run sandbox` (SANDBOX_DEFAULT_PORTS.woocommerce). */
  defaultPort: 4030,
  /** Read/write key of the administrator: everything the API allows. */
  consumerKey: 'ck_0866a0ae8bf5d11bc4ccbba428e2880d4cdfae1d',
  consumerSecret: 'cs_89b80b267b8fe4de2459c9190c5098943be84078',
  /** Read-only key of the same user: every POST/PUT/PATCH/DELETE answers 401 woocommerce_rest_authentication_error. */
  readOnlyConsumerKey: 'ck_16e3f73c9364ec881c0e85db9ee375c9f5493b7c',
  readOnlyConsumerSecret: 'cs_0b9e8a9bab228dd0801dd50fb0e096a5053b980e',
  /** Write-only key (WooCommerce offers it too): GET answers 401 "does not have read permissions". */
  writeOnlyConsumerKey: 'ck_bddc494cc98661ec353d2f52c6d0def3df62859c',
  writeOnlyConsumerSecret: 'cs_bd5bd4cf104b7ab146745985858adc4aa49b79b6',
  /**
   * Store currency. The official order examples (docs @ 13d6196) are all in USD, so the store is a USD store and
   * the seeded examples stay consistent with it; orders may still be created in another currency (`currency`).
   */
  currency: 'USD',
  currencySymbol: '&#36;',
  /** `woocommerce_price_num_decimals`: amounts are strings with this many decimals. */
  priceDecimals: 2,
  /** Store base address (the official examples tax San Francisco orders with rate 75 "US-CA-STATE TAX"). */
  baseLocation: { country: 'US', state: 'CA', postcode: '94103', city: 'San Francisco' },
  /** `timezone_string`: local dates (`date_created` without `_gmt`) are rendered in this zone. */
  timezone: 'America/Los_Angeles',
  /** `woocommerce_prices_include_tax` (orders store it as `prices_include_tax`; the REST field is read-only). */
  pricesIncludeTax: false,
  /**
   * `woocommerce_tax_round_at_subtotal`. WooCommerce's default is 'no'; the sandbox defaults to 'yes' because that is
   * what reproduces the official examples exactly (order 728: three 7.5 % lines of 1.125 + 0.225 + 0.9 give tax_total
   * "2.25", not the 2.26 per-line rounding would give). Option `taxRoundAtSubtotal` switches it.
   */
  taxRoundAtSubtotal: true,
  /** `woocommerce_tax_based_on`: 'shipping' (WooCommerce default), falling back to billing, then the base address. */
  taxBasedOn: 'shipping',
  /** `woocommerce_shipping_tax_class`: 'inherit' (WooCommerce default) takes the class of the cart items. */
  shippingTaxClass: 'inherit',
  /** The WordPress `auth` salt `wp_hash()` uses (webhook delivery ids). */
  authSalt: 'mlc-demo-woocommerce-auth-salt-not-secret',
} as const;

/** The keys the sandbox accepts (user 1 owns them all). */
export const WOOCOMMERCE_API_KEYS: readonly WooCommerceApiKey[] = [
  { keyId: 1, consumerKey: WOOCOMMERCE_DEMO.consumerKey, consumerSecret: WOOCOMMERCE_DEMO.consumerSecret, permissions: 'read_write', userId: 1, description: 'ml-connector (read/write)' },
  { keyId: 2, consumerKey: WOOCOMMERCE_DEMO.readOnlyConsumerKey, consumerSecret: WOOCOMMERCE_DEMO.readOnlyConsumerSecret, permissions: 'read', userId: 1, description: 'reporting (read)' },
  { keyId: 3, consumerKey: WOOCOMMERCE_DEMO.writeOnlyConsumerKey, consumerSecret: WOOCOMMERCE_DEMO.writeOnlyConsumerSecret, permissions: 'write', userId: 1, description: 'importer (write)' },
];

/**
 * Payment gateways registered in the demo store: WooCommerce core's offline gateways, none of which supports
 * `refunds` (includes/gateways/{bacs,cheque,cod}). A refund with `api_refund: true` on an order paid with one of them
 * (or with a method the store does not have) fails like wc_refund_payment() does.
 */
export const WOOCOMMERCE_GATEWAYS: Readonly<Record<string, { title: string; supportsRefunds: boolean }>> = {
  bacs: { title: 'Direct bank transfer', supportsRefunds: false },
  cheque: { title: 'Check payments', supportsRefunds: false },
  cod: { title: 'Cash on delivery', supportsRefunds: false },
};

/** `woocommerce_max_webhook_delivery_failures` default (class-wc-webhook.php failed_delivery()). */
export const WOOCOMMERCE_MAX_WEBHOOK_DELIVERY_FAILURES = 5;

/** Webhook delivery timeout: `MINUTE_IN_SECONDS` (class-wc-webhook.php deliver()). */
export const WOOCOMMERCE_WEBHOOK_TIMEOUT_MS = 60_000;

/** The ping's timeout: wp_safe_remote_post()'s default of 5 s (WP_Http::request `timeout`). */
export const WOOCOMMERCE_PING_TIMEOUT_MS = 5_000;
