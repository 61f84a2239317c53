/**
 * Store, module and webhook-subscription routes:
 * - `GET /V1/store/storeViews` (Magento_Store etc/webapi.xml, Magento_Backend::store): every store view including the
 *   admin store 0, as `store-data-store-interface`;
 * - `GET /V1/store/storeConfigs` (Magento_Backend::store): each store view's configuration with its base currency;
 * - `GET /V1/modules` (Magento_Backend::admin): the enabled module names; `Magento_AdobeCommerceWebhooks` and
 *   `Magento_AdobeCommerceWebhooksSubscriber` only while the webhook module is enabled (sandbox setting);
 * - with the webhook module enabled (else these paths match no route), AdobeDocs/commerce-extensibility
 *   src/pages/webhooks/api.md: `GET /V1/webhooks/list` (Magento_AdobeCommerceWebhooks::webhooks_list),
 *   `POST /V1/webhooks/subscribe` / `unsubscribe` `{webhook}` (adobe-commerce-webhooks-data-webhook-data-interface;
 *   the sandbox names their ACL resource Magento_AdobeCommerceWebhooks::webhooks_subscribe — the docs do not), and on
 *   SaaS `GET /V1/webhooks/supportedList` (`[{name}]`). Subscribe validates as api.md lists (required attributes,
 *   names of `[A-Za-z0-9_]`, fields with a name, rules with field and a known operator, headers with name and value,
 *   non-negative timeouts) and replaces a subscription with the same method, type, batch and hook name; both answer
 *   `[]` (a void service method). The 400 phrases of these checks are the sandbox's own: the docs give none.
 */
import { ADOBE_COMMERCE_DEMO } from './demo.constants';
import type { AdobeCommerceStoreView } from './demo.constants';
import { magentoError, requiredField } from './errors';
import type { CommerceRestServer } from './rest-server';
import { clone, snakeKeys, type AdobeCommerceState, type Json, type WebhookSubscription, str } from './state';
import { WEBHOOK_RULE_OPERATORS } from './webhook-payload';

/** The after-events the sandbox fires (and SaaS's supportedList includes). */
export const ADOBE_COMMERCE_WEBHOOK_EVENTS = [
  'observer.sales_order_save_after',
  'observer.sales_order_invoice_save_after',
  'observer.sales_order_creditmemo_save_after',
  'observer.customer_save_after_data_object',
  'observer.customer_save_after',
] as const;

const SUPPORTED_SAAS = [...ADOBE_COMMERCE_WEBHOOK_EVENTS, 'observer.sales_quote_add_item', 'observer.checkout_cart_product_add_before', 'observer.catalog_product_save_after', 'observer.sales_order_place_before'];

const MODULES = [
  'Magento_Store', 'Magento_Directory', 'Magento_Theme', 'Magento_Eav', 'Magento_Customer', 'Magento_Backend', 'Magento_Catalog', 'Magento_Quote', 'Magento_Sales', 'Magento_Checkout',
  'Magento_ConfigurableProduct', 'Magento_Tax', 'Magento_Integration', 'Magento_Webapi', 'Magento_Payment', 'Magento_OfflinePayments', 'Magento_AdobeIoEventsClient', 'Magento_AdobeCommerceEventsClient',
];

const NAME = /^[A-Za-z0-9_]+$/;

function nonNegativeInt(value: unknown, field: string): number {
  if (value === undefined || value === null || value === '') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw magentoError(400, 'The "%1" value must be a non-negative integer.', [field]);
  return n;
}

/** Validates a `webhook` object of subscribe as api.md describes; returns the stored subscription. */
export function toSubscription(input: Json, isSaas: boolean): WebhookSubscription {
  for (const field of ['webhook_method', 'webhook_type', 'batch_name', 'hook_name', 'url']) {
    if (typeof input[field] !== 'string' || input[field] === '') throw requiredField(field);
  }
  const method = String(input['webhook_method']);
  if (!/^(observer|plugin)\.[a-z0-9_.]+$/.test(method)) throw magentoError(400, 'The webhook method "%1" is invalid: it must have the form <type>.<webhook_name> with type observer or plugin.', [method]);
  if (isSaas && !SUPPORTED_SAAS.includes(method)) throw magentoError(400, 'The webhook method "%1" is not supported.', [method]);
  const type = String(input['webhook_type']);
  if (type !== 'before' && type !== 'after') throw magentoError(400, 'The webhook type "%1" is invalid: use before or after.', [type]);
  for (const field of ['batch_name', 'hook_name']) if (!NAME.test(String(input[field]))) throw magentoError(400, 'The "%1" value may contain only English alphanumeric characters and underscores.', [field]);
  const list = (field: string): Json[] => (Array.isArray(input[field]) ? (input[field] as Json[]) : []);
  const fields = list('fields').map((f) => {
    if (typeof f['name'] !== 'string' || f['name'] === '') throw requiredField('fields.name');
    return { name: f['name'], source: typeof f['source'] === 'string' ? f['source'] : '' };
  });
  const rules = list('rules').map((r) => {
    if (typeof r['field'] !== 'string' || r['field'] === '') throw requiredField('rules.field');
    const operator = str(r['operator'], '');
    if (!(WEBHOOK_RULE_OPERATORS as readonly string[]).includes(operator)) throw magentoError(400, 'The rule operator "%1" is not supported.', [operator]);
    return { field: r['field'], operator, value: str(r['value'], '') };
  });
  const headers = list('headers').map((h) => {
    if (typeof h['name'] !== 'string' || h['name'] === '') throw requiredField('headers.name');
    if (h['value'] === undefined || h['value'] === null) throw requiredField('headers.value');
    return { name: h['name'], value: str(h['value'], JSON.stringify(h['value'])) };
  });
  const oauth = input['developer_console_oauth'] as Json | undefined;
  return {
    webhook_method: method, webhook_type: type, batch_name: String(input['batch_name']), batch_order: nonNegativeInt(input['batch_order'], 'batch_order'), hook_name: String(input['hook_name']),
    url: String(input['url']), priority: nonNegativeInt(input['priority'], 'priority'), required: input['required'] === true, soft_timeout: nonNegativeInt(input['soft_timeout'], 'soft_timeout'),
    timeout: nonNegativeInt(input['timeout'], 'timeout'), method: typeof input['method'] === 'string' ? input['method'] : '', fallback_error_message: typeof input['fallback_error_message'] === 'string' ? input['fallback_error_message'] : '',
    ttl: nonNegativeInt(input['ttl'], 'ttl'), fields, rules, headers,
    ...(oauth ? { developer_console_oauth: { client_id: str(oauth['client_id'], ''), client_secret: str(oauth['client_secret'], ''), org_id: str(oauth['org_id'], ''), environment: str(oauth['environment'], 'production') } } : {}),
  };
}

const sameHook = (a: Pick<WebhookSubscription, 'webhook_method' | 'webhook_type' | 'batch_name' | 'hook_name'>, b: Json): boolean =>
  a.webhook_method === b['webhook_method'] && a.webhook_type === b['webhook_type'] && a.batch_name === b['batch_name'] && a.hook_name === b['hook_name'];

export function registerSystemRoutes(rest: CommerceRestServer, deps: { state: AdobeCommerceState; stores: readonly AdobeCommerceStoreView[] }): void {
  const { state } = deps;
  rest
    .add('GET', '/V1/store/storeViews', ['Magento_Backend::store'], () => deps.stores.map((s) => ({ ...s })))
    // `GET /V1/store/storeConfigs` (Magento_Backend::store): each store view's configuration (store-data-store-config-interface).
    .add('GET', '/V1/store/storeConfigs', ['Magento_Backend::store'], () =>
      deps.stores
        .filter((s) => s.id !== 0)
        .map((s) => ({ id: s.id, code: s.code, website_id: s.website_id, locale: s.code === 'se_sv' ? 'sv_SE' : 'nb_NO', base_currency_code: ADOBE_COMMERCE_DEMO.baseCurrency, default_display_currency_code: s.code === 'se_sv' ? 'SEK' : ADOBE_COMMERCE_DEMO.baseCurrency, timezone: 'Europe/Oslo', weight_unit: 'kgs' })),
    )
    .add('GET', '/V1/modules', ['Magento_Backend::admin'], () => [...MODULES, ...(state.settings.isWebhookModuleEnabled ? ['Magento_AdobeCommerceWebhooks', 'Magento_AdobeCommerceWebhooksSubscriber'] : [])].sort())
    .add('GET', '/V1/webhooks/list', ['Magento_AdobeCommerceWebhooks::webhooks_list'], () => state.webhooks.map(clone))
    .add('GET', '/V1/webhooks/supportedList', ['Magento_AdobeCommerceWebhooks::webhooks_list'], () => SUPPORTED_SAAS.map((name) => ({ name })), { flavours: ['saas'] })
    .add('POST', '/V1/webhooks/subscribe', ['Magento_AdobeCommerceWebhooks::webhooks_subscribe'], (ctx) => {
      const input = snakeKeys((ctx.body as Json | undefined)?.['webhook']) as Json | undefined;
      if (!input || typeof input !== 'object') throw requiredField('webhook');
      const subscription = toSubscription(input, ctx.flavour === 'saas');
      state.webhooks = [...state.webhooks.filter((w) => !sameHook(subscription, w as unknown as Json)), subscription];
      return [];
    })
    .add('POST', '/V1/webhooks/unsubscribe', ['Magento_AdobeCommerceWebhooks::webhooks_subscribe'], (ctx) => {
      const input = snakeKeys((ctx.body as Json | undefined)?.['webhook']) as Json | undefined;
      if (!input || typeof input !== 'object') throw requiredField('webhook');
      for (const field of ['webhook_method', 'webhook_type', 'batch_name', 'hook_name']) if (typeof input[field] !== 'string' || input[field] === '') throw requiredField(field);
      const match = state.webhooks.find((w) => sameHook(w, input));
      if (!match) throw magentoError(404, 'The hook "%1" of batch "%2" for webhook "%3" does not exist.', [String(input['hook_name']), String(input['batch_name']), String(input['webhook_method'])]);
      state.webhooks = state.webhooks.filter((w) => w !== match);
      return [];
    });
}
