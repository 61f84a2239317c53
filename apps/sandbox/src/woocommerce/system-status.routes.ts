/**
 * `GET /wc/v3/system_status` (WC_REST_System_Status_V2_Controller @ 01fc3018 get_item_mappings(): environment,
 * database, active_plugins, inactive_plugins, dropins_mu_plugins, theme, settings, security, pages,
 * post_type_counts) and the WordPress index `GET /wp-json/` (WP_REST_Server::get_index(), without `routes`).
 * The values describe the demo store: versions from WOOCOMMERCE_VERSIONS, currency and number format from
 * WOOCOMMERCE_DEMO, home/site URL of the listener that answered; post counts are the store's.
 */
import { WOOCOMMERCE_DEMO, WOOCOMMERCE_VERSIONS } from './demo.constants';
import type { WordPressRestServer } from './rest-server';
import type { Json, WooCommerceState } from './state';
import { offsetMinutesAt } from './wp-dates';

export type SystemStatusDeps = { state: WooCommerceState; nowMs: () => number };

const MB = 1024 * 1024;

/** Registers `GET /wc/v3/system_status`. */
export function registerSystemStatusRoutes(rest: WordPressRestServer, deps: SystemStatusDeps): void {
  rest.add({
    pattern: '/wc/v3/system_status',
    method: 'GET',
    args: { context: { type: 'string', enum: ['view', 'edit'], default: 'view' } },
    permission: 'list',
    handler: (ctx) => ({ body: systemStatus(ctx.siteUrl, deps.state) }),
  });
}

/** The system status report of the demo store as seen through a listener at `siteUrl`. */
export function systemStatus(siteUrl: string, state: WooCommerceState): Json {
  const v = WOOCOMMERCE_VERSIONS;
  const orders = state.orders.size;
  return {
    environment: {
      home_url: siteUrl,
      site_url: siteUrl,
      version: v.woocommerce,
      log_directory: '/var/www/html/wp-content/uploads/wc-logs/',
      log_directory_writable: true,
      wp_version: v.wordpress,
      wp_multisite: false,
      wp_memory_limit: 256 * MB,
      wp_debug_mode: false,
      wp_cron: true,
      language: 'en_US',
      external_object_cache: false,
      server_info: 'nginx/1.26.2',
      php_version: v.php,
      php_post_max_size: 64 * MB,
      php_max_execution_time: 60,
      php_max_input_vars: 1000,
      curl_version: '8.5.0, OpenSSL/3.0.13',
      suhosin_installed: false,
      max_upload_size: 64 * MB,
      mysql_version: v.mysql,
      mysql_version_string: v.mysql,
      default_timezone: 'UTC',
      fsockopen_or_curl_enabled: true,
      soapclient_enabled: true,
      domdocument_enabled: true,
      gzip_enabled: true,
      mbstring_enabled: true,
      remote_post_successful: true,
      remote_post_response: 200,
      remote_get_successful: true,
      remote_get_response: 200,
    },
    database: {
      wc_database_version: v.woocommerce,
      database_prefix: 'wp_',
      maxmind_geoip_database: '',
      database_tables: { woocommerce: {}, other: {} },
      database_size: { data: 0, index: 0 },
    },
    active_plugins: [
      {
        plugin: 'woocommerce/woocommerce.php',
        name: 'WooCommerce',
        version: v.woocommerce,
        version_latest: v.woocommerce,
        url: 'https://woocommerce.com/',
        author_name: 'Automattic',
        author_url: 'https://woocommerce.com',
        network_activated: false,
      },
    ],
    inactive_plugins: [],
    dropins_mu_plugins: { dropins: [], mu_plugins: [] },
    theme: {
      name: 'Storefront',
      version: '4.6.1',
      version_latest: '4.6.1',
      author_url: 'https://woocommerce.com/',
      is_child_theme: false,
      has_woocommerce_support: true,
      has_woocommerce_file: false,
      has_outdated_templates: false,
      overrides: [],
      parent_name: '',
      parent_version: '',
      parent_version_latest: '',
      parent_author_url: '',
    },
    settings: {
      api_enabled: false,
      force_ssl: false,
      currency: WOOCOMMERCE_DEMO.currency,
      currency_symbol: WOOCOMMERCE_DEMO.currencySymbol,
      currency_position: 'left',
      thousand_separator: ',',
      decimal_separator: '.',
      number_of_decimals: WOOCOMMERCE_DEMO.priceDecimals,
      geolocation_enabled: false,
      taxonomies: { external: 'external', grouped: 'grouped', simple: 'simple', variable: 'variable' },
      product_visibility_terms: {
        'exclude-from-catalog': 'exclude-from-catalog',
        'exclude-from-search': 'exclude-from-search',
        featured: 'featured',
        outofstock: 'outofstock',
        'rated-1': 'rated-1',
        'rated-2': 'rated-2',
        'rated-3': 'rated-3',
        'rated-4': 'rated-4',
        'rated-5': 'rated-5',
      },
      woocommerce_com_connected: 'no',
    },
    security: { secure_connection: siteUrl.startsWith('https'), hide_errors: true },
    pages: [
      ['Shop base', 5, '', ''],
      ['Cart', 6, '[woocommerce_cart]', 'woocommerce/cart'],
      ['Checkout', 7, '[woocommerce_checkout]', 'woocommerce/checkout'],
      ['My account', 8, '[woocommerce_my_account]', ''],
      ['Terms and conditions', '', '', ''],
    ].map(([name, id, shortcode, block]) => ({
      page_name: name,
      page_id: id === '' ? '' : String(id),
      page_set: id !== '',
      page_exists: id !== '',
      page_visible: id !== '',
      shortcode,
      block,
      shortcode_required: shortcode !== '' && id !== '',
      shortcode_present: false,
      block_present: block !== '' && id !== '',
      block_required: block !== '' && id !== '',
    })),
    post_type_counts: [
      { type: 'page', count: '5' },
      { type: 'product', count: '12' },
      { type: 'shop_order', count: String(orders) },
      { type: 'shop_order_refund', count: String(state.refunds.size) },
    ],
  };
}

/** `GET /wp-json/`: the site index a client can use to discover WordPress and its namespaces. */
export function siteIndex(siteUrl: string, nowMs: number): Json {
  return {
    name: WOOCOMMERCE_DEMO.siteName,
    description: 'Just another WordPress site',
    url: siteUrl,
    home: siteUrl,
    gmt_offset: String(offsetMinutesAt(nowMs, WOOCOMMERCE_DEMO.timezone) / 60),
    timezone_string: WOOCOMMERCE_DEMO.timezone,
    namespaces: ['oembed/1.0', 'wc/v1', 'wc/v2', 'wc/v3', 'wc/store/v1', 'wc-analytics', 'wp/v2', 'wp-site-health/v1'],
    authentication: [],
    _links: { help: [{ href: 'https://developer.wordpress.org/rest-api/' }] },
  };
}
