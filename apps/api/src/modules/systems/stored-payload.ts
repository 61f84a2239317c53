import { MappingError } from '@mlc/mapping';
import type { z, ZodType } from 'zod';

/**
 * Parses a stored source payload with the connector's zod schema, for a system's pure `read`.
 * @throws MappingError `missing-field` / `invalid-field` naming the first bad path, prefixed with `what` (e.g.
 *   `order.line_items[2].subtotal`), so the record fails visibly with the field named.
 */
export function parseStoredPayload<T>(schema: ZodType<T, z.ZodTypeDef, unknown>, raw: unknown, what: string): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${part}`), what);
  throw new MappingError(issue?.code === 'invalid_type' && issue.received === 'undefined' ? 'missing-field' : 'invalid-field', path, issue?.message ?? 'is not valid');
}

/** `<orderId>:<refundId>`, the record id every shop gives a refund (its order id first, so its parent is known). */
export function refundRecordId(orderId: number | string, refundId: number | string): string {
  return `${orderId}:${refundId}`;
}

/** The two numeric ids of a refund record id. @throws MappingError `invalid-field` on `externalId` for any other shape. */
export function splitRefundRecordId(externalId: string): { orderId: string; refundId: string } {
  const [orderId, refundId, extra] = externalId.split(':');
  if (!orderId || !refundId || extra !== undefined || !/^\d+$/.test(orderId) || !/^\d+$/.test(refundId)) {
    throw new MappingError('invalid-field', 'externalId', `refund record id "${externalId}" is not <orderId>:<refundId>`);
  }
  return { orderId, refundId };
}
