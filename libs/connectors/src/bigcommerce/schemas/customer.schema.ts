/**
 * Customers V3 schemas (customers.v3.yml `customer_Full`, responses `CustomerCollectionResponse`). Dates are
 * ISO-8601 date-times. Unknown fields are kept.
 */
import { z } from 'zod';
import { BC_META } from './common.schema';

const str = z.string().nullish();

/** `customer_Full` (addresses only with `include=addresses`). */
export const BC_CUSTOMER = z
  .object({
    id: z.number().int(),
    email: z.string(),
    first_name: str,
    last_name: str,
    company: str,
    phone: str,
    notes: str,
    tax_exempt_category: str,
    customer_group_id: z.number().int().nullish(),
    date_created: z.string().optional(),
    date_modified: z.string().optional(),
    address_count: z.number().int().optional(),
    addresses: z.array(z.record(z.unknown())).optional(),
    origin_channel_id: z.number().int().nullish(),
    channel_ids: z.array(z.number().int()).nullish(),
  })
  .passthrough();
export type BigCommerceCustomer = z.infer<typeof BC_CUSTOMER>;

/** `CustomerCollectionResponse`: `{data: customer_Full[], meta: {pagination}}`. */
export const BC_CUSTOMER_LIST = z.object({ data: z.array(BC_CUSTOMER), meta: BC_META.optional() }).passthrough();
