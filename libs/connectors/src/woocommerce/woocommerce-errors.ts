/**
 * Maps WooCommerce/WordPress REST error answers to typed connector errors. The body is a WP_Error rendered by
 * WP_REST_Server::error_to_response(): `{code, message, data: {status}}`, e.g.
 * `{"code":"woocommerce_rest_authentication_error","message":"Consumer secret is invalid.","data":{"status":401}}`.
 * The provider message is `<code>: <message>` so callers (ping) can tell a rejected key
 * (`woocommerce_rest_authentication_error`, class-wc-rest-authentication.php) from a missing capability
 * (`woocommerce_rest_cannot_*`, the controllers' permission callbacks).
 */
import { errorForStatus, type ErrorMapper } from '../core';
import { WP_ERROR_BODY } from './woocommerce.schema';

export const WOOCOMMERCE_SYSTEM = 'woocommerce';

/** The WP_Error `code` and `message` of an error body, when it is one. */
export function readWooCommerceErrorBody(body: unknown): { code: string | undefined; message: string | undefined } {
  const parsed = WP_ERROR_BODY.safeParse(body);
  if (!parsed.success) return { code: undefined, message: typeof body === 'string' && body.length < 300 ? body : undefined };
  return { code: parsed.data.code, message: parsed.data.message };
}

/** The WooCommerce `ErrorMapper`: status → typed error (core `errorForStatus`), provider message `<code>: <message>`. */
export const wooCommerceErrorMapper: ErrorMapper = (ctx) => {
  const { code, message } = readWooCommerceErrorBody(ctx.body);
  const providerMessage = code ? `${code}: ${message ?? ''}`.trim() : message;
  return errorForStatus(ctx, { providerMessage });
};

/** The WP_Error code carried by a connector error built by `wooCommerceErrorMapper`, if any. */
export function wooCommerceErrorCode(providerMessage: string | undefined): string | undefined {
  return providerMessage === undefined ? undefined : /^([a-z0-9_]+):/.exec(providerMessage)?.[1];
}
