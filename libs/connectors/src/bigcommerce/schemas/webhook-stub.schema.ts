/**
 * The "light" webhook payload BigCommerce POSTs to a hook's destination:
 * `{scope, store_id, producer: "stores/{hash}", data: {type, id, …}, hash, created_at}`.
 * Source: the callback schemas `docs/webhooks/callbacks/store_*.yml` (bigcommerce/docs@24f580c; every one declares
 * `producer`, `hash`, `created_at: integer`, `store_id: string`, `scope: string` and `data {type, id, …}`), and
 * https://developer.bigcommerce.com/docs/integrations/webhooks (https-webhook-overview.mdx "Callback payload",
 * whose example omits `created_at`, so it is optional here). `data.id` is an integer for orders, customers,
 * products…, a string (UUID) for carts, and absent for `store/information/updated`.
 */
import { z } from 'zod';

/** `data` of a callback; extra per-scope fields (`status`, `refund`, `orderId`, `inventory`, …) are kept. */
export const BC_WEBHOOK_DATA = z
  .object({
    type: z.string(),
    id: z.union([z.number().int(), z.string()]).optional(),
    /** store/order/statusUpdated */
    status: z.object({ previous_status_id: z.number().int(), new_status_id: z.number().int() }).passthrough().optional(),
    /** store/order/refund/created */
    refund: z.object({ refund_id: z.number().int() }).passthrough().optional(),
    /** store/order/message/created */
    message: z.object({ order_message_id: z.number().int() }).passthrough().optional(),
    /** store/cart/converted */
    orderId: z.number().int().optional(),
  })
  .passthrough();

/** The stub; order and customer scopes must carry an integer `data.id` (store_order_*.yml, store_customer_*.yml). */
export const BC_WEBHOOK_STUB = z
  .object({
    scope: z.string().regex(/^store\//, 'scope must start with store/'),
    store_id: z.union([z.string(), z.number()]).transform(String),
    producer: z.string(),
    data: BC_WEBHOOK_DATA,
    hash: z.string().min(1),
    created_at: z.number().int().optional(),
  })
  .passthrough()
  .superRefine((stub, ctx) => {
    if (/^store\/(order|customer)\//.test(stub.scope) && typeof stub.data.id !== 'number') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['data', 'id'], message: `${stub.scope} needs an integer data.id` });
    }
  });
export type BigCommerceWebhookStub = z.infer<typeof BC_WEBHOOK_STUB>;
