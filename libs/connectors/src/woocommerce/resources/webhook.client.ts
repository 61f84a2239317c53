/**
 * Webhooks (docs `_webhooks.md`; WC_REST_Webhooks_V1_Controller): list, create, update, delete. Deleting needs
 * `force=true` ("Webhooks do not support trashing", 501 otherwise), so it is always sent.
 */
import { WC_WEBHOOK, WC_WEBHOOK_CREATE, WC_WEBHOOK_LIST, WC_WEBHOOK_UPDATE, type WooCommerceWebhook, type WooCommerceWebhookCreate, type WooCommerceWebhookUpdate } from '../woocommerce.schema';
import { wcSegment, WooCommerceResource, WOOCOMMERCE_MAX_PER_PAGE } from './woocommerce-resource';

/** Webhook subscriptions of one shop (every hook of the shop, not only ours: filter on `delivery_url`). */
export class WooCommerceWebhookClient extends WooCommerceResource {
  /** Every webhook, all pages of GET /webhooks (100 per call, until `X-WP-TotalPages` or a short page). */
  async listAll(): Promise<WooCommerceWebhook[]> {
    const out: WooCommerceWebhook[] = [];
    for (let page = 1; page <= 100; page += 1) {
      const a = await this.readList('/webhooks', WC_WEBHOOK_LIST, { per_page: WOOCOMMERCE_MAX_PER_PAGE, page, orderby: 'id', order: 'asc' });
      out.push(...a.items);
      if (a.items.length < WOOCOMMERCE_MAX_PER_PAGE || (a.totalPages !== undefined && page >= a.totalPages)) break;
    }
    return out;
  }

  /**
   * POST /webhooks `{name, topic, delivery_url, secret, status}`. Never retried once it may have reached the shop (no
   * idempotency key exists; a retry could register the hook twice): look hooks up with `listAll` after a failure.
   * Creating an active hook makes the shop send its unsigned ping `webhook_id=<id>` to `delivery_url`.
   * @throws ZodError when `input` is malformed; ConnectorValidationError (400) when WooCommerce rejects it
   */
  async create(input: WooCommerceWebhookCreate): Promise<WooCommerceWebhook> {
    const body = WC_WEBHOOK_CREATE.parse(input);
    return (await this.http.request({ method: 'POST', path: '/webhooks', body, schema: WC_WEBHOOK })).body;
  }

  /**
   * PUT /webhooks/{id} with the fields to change (e.g. `{status: 'active'}`; re-enabling keeps the failure count).
   * PUT is idempotent, so the transport may retry it.
   * @throws ConnectorNotFoundError / ConnectorValidationError (an unknown id answers 400 `…_invalid_id`)
   */
  async update(id: number, patch: WooCommerceWebhookUpdate): Promise<WooCommerceWebhook> {
    const body = WC_WEBHOOK_UPDATE.parse(patch);
    return (await this.http.request({ method: 'PUT', path: `/webhooks/${wcSegment(id)}`, body, schema: WC_WEBHOOK })).body;
  }

  /**
   * DELETE /webhooks/{id}?force=true; returns the deleted hook.
   * @throws ConnectorNotFoundError when it does not exist
   */
  async delete(id: number): Promise<WooCommerceWebhook> {
    return (await this.http.request({ method: 'DELETE', path: `/webhooks/${wcSegment(id)}`, query: { force: true }, schema: WC_WEBHOOK })).body;
  }
}
