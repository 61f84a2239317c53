/**
 * Orders V3 refund and transaction schemas (orders.v3.yml `Refund`, `RefundPayment`, `RefundItem`, `Transaction`,
 * responses `RefundCollection_Resp`, `Refund_Resp` / `RefundID_Get`, `TransactionCollection_Resp`). Amounts are JSON
 * numbers on the wire (`Amount`: number/float) and become decimal strings here (common.schema.ts `BC_MONEY`).
 */
import { z } from 'zod';
import { BC_MONEY, bcV3Envelope } from './common.schema';

const str = z.string().nullish();

/** `RefundItem`. */
export const BC_REFUND_ITEM = z
  .object({ item_type: z.string(), item_id: z.number().int().nullish(), reason: str, quantity: z.number().int().nullish(), requested_amount: BC_MONEY.nullish() })
  .passthrough();

/** `RefundPayment`. */
export const BC_REFUND_PAYMENT = z
  .object({ id: z.number().int().optional(), provider_id: str, amount: BC_MONEY.nullish(), offline: z.boolean().nullish(), is_declined: z.boolean().nullish(), declined_message: str, transaction_id: str })
  .passthrough();

/** `Refund`. */
export const BC_REFUND = z
  .object({
    id: z.number().int(),
    order_id: z.number().int(),
    user_id: z.number().int().nullish(),
    created: z.string().optional(),
    reason: str,
    total_amount: BC_MONEY.nullish(),
    total_tax: BC_MONEY.nullish(),
    uses_merchant_override_values: z.boolean().nullish(),
    items: z.array(BC_REFUND_ITEM).optional(),
    payments: z.array(BC_REFUND_PAYMENT).optional(),
  })
  .passthrough();
export type BigCommerceRefund = z.infer<typeof BC_REFUND>;

export const BC_REFUND_LIST = bcV3Envelope(z.array(BC_REFUND));
export const BC_REFUND_ONE = bcV3Envelope(BC_REFUND);

/** `Transaction` (`order_id` is a string in the spec). */
export const BC_TRANSACTION = z
  .object({
    id: z.number().int(),
    order_id: z.union([z.string(), z.number()]).transform(String),
    event: z.string(),
    method: z.string(),
    amount: BC_MONEY,
    currency: z.string(),
    gateway: z.string(),
    gateway_transaction_id: str,
    status: z.string(),
    test: z.boolean().nullish(),
    date_created: z.string().optional(),
    reference_transaction_id: z.number().int().nullish(),
  })
  .passthrough();
export type BigCommerceTransaction = z.infer<typeof BC_TRANSACTION>;

/** `TransactionCollection_Resp`; an empty list may come back as 204 (read as no data). */
export const BC_TRANSACTION_LIST = z.union([bcV3Envelope(z.array(BC_TRANSACTION)), z.undefined()]);
