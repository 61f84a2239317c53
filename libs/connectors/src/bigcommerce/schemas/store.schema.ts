/** Store information V2 (store_information.v2.yml `StoreInformation`), used by ping. */
import { z } from 'zod';

export const BC_STORE_INFORMATION = z
  .object({
    id: z.string().optional(),
    name: z.string(),
    domain: z.string().nullish(),
    secure_url: z.string().nullish(),
    status: z.string().nullish(),
    currency: z.string().nullish(),
    plan_name: z.string().nullish(),
    store_id: z.number().int().nullish(),
  })
  .passthrough();
export type BigCommerceStoreInformation = z.infer<typeof BC_STORE_INFORMATION>;
