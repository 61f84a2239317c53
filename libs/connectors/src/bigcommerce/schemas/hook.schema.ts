/**
 * Webhooks V3 management schemas (webhooks.v3.yml `webhook_Full`, `webhook_Base`, `webhook_Put`, responses
 * `webhooks_Resp`, `webhook_Resp`). `created_at`/`updated_at` are UNIX epoch seconds.
 */
import { z } from 'zod';
import { bcV3Envelope } from './common.schema';

/** `webhook_Full`. */
export const BC_HOOK = z
  .object({
    id: z.number().int(),
    client_id: z.string().optional(),
    store_hash: z.string().optional(),
    scope: z.string(),
    destination: z.string(),
    is_active: z.boolean(),
    headers: z.record(z.string()).nullish(),
    created_at: z.number().int().optional(),
    updated_at: z.number().int().optional(),
  })
  .passthrough();
export type BigCommerceHook = z.infer<typeof BC_HOOK>;

/** `webhook_Base` (POST body): `scope` and `destination` are required; `headers` are echoed on every delivery. */
export const BC_HOOK_CREATE = z
  .object({
    scope: z.string().min(1),
    destination: z.string().url(),
    is_active: z.boolean().optional(),
    headers: z.record(z.string()).nullable().optional(),
  })
  .strict();
export type BigCommerceHookCreate = z.input<typeof BC_HOOK_CREATE>;

/** `webhook_Put` (PUT body): every field optional, at least one expected by the API. */
export const BC_HOOK_UPDATE = BC_HOOK_CREATE.partial().refine((v) => Object.values(v).some((x) => x !== undefined), 'at least one field is required');
export type BigCommerceHookUpdate = z.input<typeof BC_HOOK_UPDATE>;

export const BC_HOOK_LIST = bcV3Envelope(z.array(BC_HOOK));
export const BC_HOOK_ONE = bcV3Envelope(BC_HOOK);
