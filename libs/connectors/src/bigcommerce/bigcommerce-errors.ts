/**
 * Maps BigCommerce error answers to typed connector errors. Bodies:
 * - V2: an array `[{status, message, details?}]` (orders.v2.oas2.yml `404_Resp` and error examples);
 * - V3 and the API gateway: `{status, title, type, errors?: {field: message}}` (webhooks.v3.yml `error_Full`,
 *   `errorDetailed_Full`; customers.v3.yml / orders.v3.yml `ErrorResponse`).
 * 403 means the token lacks an OAuth scope; the message names the scope the path needs (scopes per spec:
 * `securitySchemes.X-Auth-Token` of orders.v2.oas2.yml, orders.v3.yml, customers.v3.yml, store_information.v2.yml;
 * webhooks.v3.yml: "None required").
 */
import { z } from 'zod';
import { ConnectorAuthError, errorForStatus, type ErrorMapper, type FieldError } from '../core';

export const BIGCOMMERCE_SYSTEM = 'bigcommerce';

const V2_BODY = z.array(z.object({ status: z.number().optional(), message: z.string().optional(), details: z.unknown().optional() }).passthrough()).min(1);
const V3_BODY = z.object({ status: z.number().optional(), title: z.string().optional(), errors: z.record(z.unknown()).optional() }).passthrough();

/** Whitelisted parts of an error body. */
export type BigCommerceErrorDetail = { message: string | undefined; fieldErrors: FieldError[] };

/** Extracts message and field errors from a V2 or V3 error body. */
export function readBigCommerceErrorBody(body: unknown): BigCommerceErrorDetail {
  const v2 = V2_BODY.safeParse(body);
  if (v2.success) {
    const messages = v2.data.map((e) => e.message).filter((m): m is string => !!m);
    return { message: messages.join('; ') || undefined, fieldErrors: messages.map((m) => ({ field: /'([A-Za-z_][\w.]*)'/.exec(m)?.[1], message: m })) };
  }
  const v3 = V3_BODY.safeParse(body);
  if (v3.success && (v3.data.title || v3.data.errors)) {
    const fieldErrors = Object.entries(v3.data.errors ?? {}).map(([field, m]) => ({ field, message: typeof m === 'string' ? m : JSON.stringify(m) }));
    return { message: v3.data.title, fieldErrors };
  }
  return { message: typeof body === 'string' && body.length < 300 ? body : undefined, fieldErrors: [] };
}

/** The read-only OAuth scope a path needs (the smallest grant that allows a GET), or undefined when none is needed. */
export function requiredScopeFor(path: string): string | undefined {
  const p = path.replace(/^\/stores\/[^/]+/, '');
  if (/^\/v3\/hooks/.test(p)) return undefined;
  if (/^\/v3\/orders\/[^/]+\/transactions/.test(p)) return 'store_v2_transactions_read_only';
  if (/^\/v3\/orders\/(.+\/)?payment_actions/.test(p)) return 'store_v2_orders_read_only';
  if (/^\/v2\/(orders|order_statuses)/.test(p)) return 'store_v2_orders_read_only';
  if (/^\/v3\/customers/.test(p)) return 'store_v2_customers_read_only';
  if (/^\/v2\/(store|time)/.test(p)) return 'store_v2_information_read_only';
  return undefined;
}

/**
 * The BigCommerce `ErrorMapper`: 403 → ConnectorAuthError `forbidden` naming the missing scope; 400/422 →
 * validation errors with V3 `errors` as field errors; everything else through `errorForStatus`.
 */
export const bigCommerceErrorMapper: ErrorMapper = (ctx) => {
  const d = readBigCommerceErrorBody(ctx.body);
  if (ctx.status === 403) {
    const scope = requiredScopeFor(ctx.path);
    return new ConnectorAuthError({
      system: ctx.system,
      code: 'forbidden',
      status: 403,
      requestId: ctx.requestId,
      providerMessage: d.message,
      message: `${ctx.method} ${ctx.path} answered 403${scope ? ` (the API account needs OAuth scope ${scope} or its modify variant)` : ''}${d.message ? `: ${d.message}` : ''}`,
    });
  }
  return errorForStatus(ctx, { providerMessage: d.message, fieldErrors: d.fieldErrors });
};
