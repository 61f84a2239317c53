/**
 * Webhooks V3 management (webhooks.v3.yml `/hooks`, `/hooks/{webhook_id}`; no OAuth scope needed: "Create and manage
 * webhooks with the default scope of an API account"). Rules from https-webhook-overview.mdx (bigcommerce/docs): the
 * destination must be HTTPS on port 443, one hook per store + client + scope + destination, custom `headers` are sent
 * back on every delivery (use them for a per-connection secret), and a new hook may take a minute to fire.
 */
import { collectAll, type PageIterator } from '../../core';
import { BC_HOOK_CREATE, BC_HOOK_LIST, BC_HOOK_ONE, BC_HOOK_UPDATE, type BigCommerceHook, type BigCommerceHookCreate, type BigCommerceHookUpdate } from '../schemas/hook.schema';
import { BigCommerceResource, isLastV3Page, bcSegment } from './bigcommerce-resource';

export type BigCommerceHookFilter = { scope?: string | undefined; destination?: string | undefined; isActive?: boolean | undefined };

const LIMIT = 250;

/** Webhook subscriptions of this app on one store. */
export class BigCommerceHookClient extends BigCommerceResource {
  /** Every hook of this app (all pages of GET /v3/hooks), optionally filtered by scope, destination, is_active. */
  async list(filter: BigCommerceHookFilter = {}): Promise<BigCommerceHook[]> {
    return collectAll(this.pages(filter));
  }

  /**
   * GET /v3/hooks/{id}.
   * @throws ConnectorNotFoundError when the hook does not exist (or belongs to another app)
   */
  async get(hookId: number): Promise<BigCommerceHook> {
    return (await this.read(`/v3/hooks/${bcSegment(hookId)}`, BC_HOOK_ONE)).data;
  }

  /**
   * POST /v3/hooks `{scope, destination, is_active, headers}`. Not retried by the transport (no idempotency key);
   * a repeated create of the same scope + destination answers 422, so look the hook up with `list` first.
   * @throws ZodError when `input` is malformed; ConnectorValidationError (422) when BigCommerce rejects it
   */
  async create(input: BigCommerceHookCreate): Promise<BigCommerceHook> {
    const body = BC_HOOK_CREATE.parse(input);
    const res = await this.http.request({ method: 'POST', path: '/v3/hooks', body, schema: BC_HOOK_ONE });
    return res.body.data;
  }

  /**
   * PUT /v3/hooks/{id} with the fields to change (e.g. `{is_active: true}` to reactivate a hook deactivated after
   * 48 h of failed deliveries). PUT is idempotent, so the transport may retry it.
   * @throws ConnectorNotFoundError, ConnectorValidationError
   */
  async update(hookId: number, patch: BigCommerceHookUpdate): Promise<BigCommerceHook> {
    const body = BC_HOOK_UPDATE.parse(patch);
    const res = await this.http.request({ method: 'PUT', path: `/v3/hooks/${bcSegment(hookId)}`, body, schema: BC_HOOK_ONE });
    return res.body.data;
  }

  /**
   * DELETE /v3/hooks/{id}; returns the deleted hook.
   * @throws ConnectorNotFoundError when it does not exist
   */
  async delete(hookId: number): Promise<BigCommerceHook> {
    const res = await this.http.request({ method: 'DELETE', path: `/v3/hooks/${bcSegment(hookId)}`, schema: BC_HOOK_ONE });
    return res.body.data;
  }

  private async *pages(filter: BigCommerceHookFilter): PageIterator<BigCommerceHook, number> {
    for (let page = 1; ; page += 1) {
      const query: Record<string, string | number | boolean> = { page, limit: LIMIT };
      if (filter.scope !== undefined) query['scope'] = filter.scope;
      if (filter.destination !== undefined) query['destination'] = filter.destination;
      if (filter.isActive !== undefined) query['is_active'] = filter.isActive;
      const body = await this.read('/v3/hooks', BC_HOOK_LIST, query);
      const isLast = isLastV3Page(body.meta?.pagination, body.data.length, LIMIT);
      yield { items: body.data, nextCursor: isLast ? undefined : page + 1 };
      if (isLast) return;
    }
  }
}
