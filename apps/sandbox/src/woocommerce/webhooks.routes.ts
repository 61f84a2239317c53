/**
 * `/wc/v3/webhooks[/{id}]` (WC_REST_Webhooks_Controller v3 → v2 → v1 @ 3e93c838, WC_Webhook_Data_Store @ 0379e4ee):
 * - POST: `topic` and `delivery_url` are required; an invalid topic is 400
 *   `woocommerce_rest_shop_webhook_invalid_topic`, a URL not starting with http:// or https:// (or not a valid URL)
 *   400 `woocommerce_rest_shop_webhook_invalid_delivery_url`. The webhook is always created `active` — the v1
 *   controller sets the status from the post status it forces to 'publish', so a posted `status` is ignored (PUT it
 *   afterwards). Without `secret` a 50-character one is generated; without `name` it is "Webhook created on <date>".
 *   The answer (201, Location) is prepared before the ping, so it shows `date_modified: null`; the ping follows
 *   (deliver_ping(): form-encoded `webhook_id=<id>`), and a 200 clears pending_delivery and saves the hook;
 * - GET one: an unknown id is 400 `woocommerce_rest_shop_webhook_invalid_id` "ID is invalid." (not 404);
 * - PUT: topic, delivery_url, secret, status and name when non-empty; saving sets date_modified and pings an
 *   active hook whose URL changed or that is still pending. Setting `active` again does not reset failure_count;
 * - DELETE: `force=true` required (501 `woocommerce_rest_trash_not_supported` "Webhooks do not support trashing.");
 *   unknown id 404 "Invalid ID.";
 * - GET list: status (all|active|paused|disabled), search (name), include/exclude, after/before (date created,
 *   inclusive), orderby date|id|title, order; an `offset` is ignored (get_items() only sets the query offset when
 *   none was given) and with per_page=1 X-WP-TotalPages is 1 (search_webhooks() only divides when the limit > 1).
 * Responses have the examples' fields (`id, name, status, topic, resource, event, hooks, delivery_url, date_*`,
 * `_links`); the secret is never returned.
 * RELAXATION: WooCommerce delivers with wp_safe_remote_request(), which refuses loopback and private addresses;
 * the sandbox delivers to any address so tests can receive on 127.0.0.1.
 */
import type { WooCommerceWebhookDispatcher } from './webhook-dispatcher.service';
import { pagingHeaders } from './paging';
import type { RestContext, WordPressRestServer } from './rest-server';
import { WEBHOOK_LIST_ARGS, webhookBodyArgs } from './route-args';
import type { Json, WebhookRecord, WebhookStatus, WooCommerceState } from './state';
import { hooksOf, isValidTopic, topicParts } from './webhook-topics';
import { filterWallMs, formatGmt, formatLocal, offsetMinutesAt, wpDateAt } from './wp-dates';
import { wpError } from './wp-json';
import { phpString } from './wp-schema';

export type WebhookRoutesDeps = { state: WooCommerceState; dispatcher: WooCommerceWebhookDispatcher; nowMs: () => number; timeZone: string; random: () => number };

const STATUSES: readonly WebhookStatus[] = ['active', 'paused', 'disabled'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** wc_is_valid_url(): starts with http:// or https:// and passes FILTER_VALIDATE_URL. */
export function isValidDeliveryUrl(url: string): boolean {
  if (!url.startsWith('http://') && !url.startsWith('https://')) return false;
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
}

/** A webhook as the v2/v3 controller answers it. */
export function renderWebhook(hook: WebhookRecord, restUrl: (path: string) => string): Json {
  const { resource, event } = topicParts(hook.topic);
  return {
    id: hook.id,
    name: hook.name,
    status: hook.status,
    topic: hook.topic,
    resource,
    event,
    hooks: hooksOf(hook.topic),
    delivery_url: hook.deliveryUrl,
    date_created: formatLocal(hook.dateCreated),
    date_created_gmt: formatGmt(hook.dateCreated),
    date_modified: hook.dateModified ? formatLocal(hook.dateModified) : null,
    date_modified_gmt: hook.dateModified ? formatGmt(hook.dateModified) : null,
    _links: { self: [{ href: restUrl(`/wc/v3/webhooks/${hook.id}`) }], collection: [{ href: restUrl('/wc/v3/webhooks') }] },
  };
}

/** Registers the webhook routes. */
export function registerWebhookRoutes(rest: WordPressRestServer, deps: WebhookRoutesDeps): void {
  const { state, dispatcher } = deps;
  const invalidUrl = () => wpError('woocommerce_rest_shop_webhook_invalid_delivery_url', 'Webhook delivery URL must be a valid URL starting with http:// or https://.', 400);

  rest.add({
    pattern: '/wc/v3/webhooks',
    method: 'GET',
    args: WEBHOOK_LIST_ARGS,
    permission: 'list',
    handler: (ctx) => {
      const limit = Number(ctx.param('per_page'));
      const offset = ctx.param('offset') ? 0 : Number(ctx.param('page')) > 1 ? (Number(ctx.param('page')) - 1) * limit : 0;
      const matches = listWebhooks([...state.webhooks.values()], ctx, deps.timeZone);
      const page = Math.ceil(offset / limit + 1);
      const maxPages = limit > 1 ? Math.ceil(matches.length / limit) : 1;
      return { body: matches.slice(offset, offset + limit).map((h) => renderWebhook(h, ctx.restUrl)), headers: pagingHeaders(ctx, '/wc/v3/webhooks', page, matches.length, maxPages) };
    },
  });

  rest.add({
    pattern: '/wc/v3/webhooks',
    method: 'POST',
    args: webhookBodyArgs(true),
    permission: 'create',
    handler: async (ctx) => {
      if (ctx.param('id')) throw wpError('woocommerce_rest_shop_webhook_exists', 'Cannot create existing shop_webhook.', 400);
      const topic = phpString(ctx.param('topic'));
      if (!topic || !isValidTopic(topic.toLowerCase())) throw wpError('woocommerce_rest_shop_webhook_invalid_topic', 'Webhook topic is required and must be valid.', 400);
      const deliveryUrl = phpString(ctx.param('delivery_url'));
      if (!deliveryUrl || !isValidDeliveryUrl(deliveryUrl)) throw invalidUrl();
      const nowMs = deps.nowMs();
      const name = typeof ctx.param('name') === 'string' && ctx.param('name') !== '' ? String(ctx.param('name')) : `Webhook created on ${strftime(nowMs, deps.timeZone)}`;
      const secret = typeof ctx.param('secret') === 'string' && ctx.param('secret') !== '' ? String(ctx.param('secret')) : generatePassword(50, deps.random);
      const hook: WebhookRecord = {
        id: state.nextId('webhook'), name, status: 'active', topic: isValidTopic(topic) ? topic : '', deliveryUrl, secret,
        dateCreated: wpDateAt(nowMs, deps.timeZone), dateModified: null, failureCount: 0, pendingDelivery: true, userId: ctx.key.userId, apiVersion: 3,
      };
      state.webhooks.set(hook.id, hook);
      const body = renderWebhook(hook, ctx.restUrl);
      await dispatcher.ping(hook);
      return { status: 201, body, headers: { location: ctx.restUrl(`/wc/v3/webhooks/${hook.id}`) } };
    },
  });

  rest.add({
    pattern: '/wc/v3/webhooks/(?<id>\\d+)',
    method: 'GET',
    args: { context: { type: 'string', enum: ['view', 'edit'], default: 'view' } },
    permission: 'view',
    handler: (ctx) => {
      if (Number(ctx.param('id')) === 0) throw wpError('woocommerce_rest_shop_webhook_invalid_id', 'Invalid ID.', 404);
      const hook = state.webhooks.get(Number(ctx.param('id')));
      if (!hook) throw wpError('woocommerce_rest_shop_webhook_invalid_id', 'ID is invalid.', 400);
      return { body: renderWebhook(hook, ctx.restUrl) };
    },
  });

  for (const method of ['PUT', 'PATCH', 'POST']) {
    rest.add({
      pattern: '/wc/v3/webhooks/(?<id>\\d+)',
      method,
      args: webhookBodyArgs(false),
      permission: 'edit',
      handler: async (ctx) => update(ctx),
    });
  }

  const update = async (ctx: RestContext) => {
    const hook = state.webhooks.get(Number(ctx.param('id')));
    if (!hook) throw wpError('woocommerce_rest_shop_webhook_invalid_id', 'ID is invalid.', 400);
    const text = (name: string): string => (typeof ctx.param(name) === 'string' ? String(ctx.param(name)) : '');
    const topic = text('topic');
    if (topic) {
      if (!isValidTopic(topic.toLowerCase())) throw wpError('woocommerce_rest_shop_webhook_invalid_topic', 'Webhook topic must be valid.', 400);
      hook.topic = isValidTopic(topic) ? topic : '';
    }
    const before = hook.deliveryUrl;
    const url = text('delivery_url');
    if (url) {
      if (!isValidDeliveryUrl(url)) throw invalidUrl();
      hook.deliveryUrl = url;
    }
    if (text('secret')) hook.secret = text('secret');
    const status = text('status');
    if (status) {
      if (!STATUSES.includes(status.toLowerCase() as WebhookStatus)) throw wpError('woocommerce_rest_shop_webhook_invalid_status', 'Webhook status must be valid.', 400);
      hook.status = STATUSES.includes(status as WebhookStatus) ? (status as WebhookStatus) : 'disabled';
    }
    if (text('name')) hook.name = text('name');
    await dispatcher.saved(hook, hook.deliveryUrl !== before);
    return { body: renderWebhook(hook, ctx.restUrl) };
  };

  rest.add({
    pattern: '/wc/v3/webhooks/(?<id>\\d+)',
    method: 'DELETE',
    args: { force: { type: 'boolean', default: false } },
    permission: 'delete',
    handler: (ctx) => {
      if (ctx.param('force') !== true) throw wpError('woocommerce_rest_trash_not_supported', 'Webhooks do not support trashing.', 501);
      const hook = state.webhooks.get(Number(ctx.param('id')));
      if (!hook) throw wpError('woocommerce_rest_shop_webhook_invalid_id', 'Invalid ID.', 404);
      const body = renderWebhook(hook, ctx.restUrl);
      state.webhooks.delete(hook.id);
      return { body };
    },
  });
}

function listWebhooks(all: WebhookRecord[], ctx: RestContext, timeZone: string): WebhookRecord[] {
  const status = String(ctx.param('status'));
  const include = (ctx.param('include') as number[] | undefined) ?? [];
  const exclude = (ctx.param('exclude') as number[] | undefined) ?? [];
  const search = typeof ctx.param('search') === 'string' ? String(ctx.param('search')).toLowerCase() : '';
  const instant = (name: string): number | undefined => {
    const value = ctx.param(name);
    if (typeof value !== 'string') return undefined;
    const wall = filterWallMs(value, timeZone);
    return wall === undefined ? undefined : wall - offsetMinutesAt(wall, timeZone) * 60_000;
  };
  const after = instant('after');
  const before = instant('before');
  const matches = all.filter(
    (h) =>
      (status === 'all' || h.status === status) &&
      (include.length === 0 || include.includes(h.id)) &&
      !exclude.includes(h.id) &&
      (!search || h.name.toLowerCase().includes(search)) &&
      (after === undefined || h.dateCreated.ms >= after) &&
      (before === undefined || h.dateCreated.ms <= before),
  );
  const orderby = String(ctx.param('orderby'));
  const direction = String(ctx.param('order')).toUpperCase() === 'ASC' ? 1 : -1;
  const key = (h: WebhookRecord): string | number => (orderby === 'title' ? h.name.toLowerCase() : orderby === 'id' ? h.id : h.dateCreated.ms);
  return matches.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return direction * (ka < kb ? -1 : ka > kb ? 1 : 0);
  });
}

/** strftime('%b %d, %Y @ %I:%M %p') in the site timezone (the default webhook name). */
function strftime(ms: number, timeZone: string): string {
  const d = new Date(ms + offsetMinutesAt(ms, timeZone) * 60_000);
  const hours = d.getUTCHours();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()] ?? ''} ${pad(d.getUTCDate())}, ${d.getUTCFullYear()} @ ${pad(hours % 12 || 12)}:${pad(d.getUTCMinutes())} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** wp_generate_password($length, true, true): letters, digits, special and extra special characters. */
function generatePassword(length: number, random: () => number): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|';
  let out = '';
  for (let i = 0; i < length; i += 1) out += chars[Math.floor(random() * chars.length)] ?? 'a';
  return out;
}
