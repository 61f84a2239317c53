/** BullMQ queue for BigCommerce upkeep (webhook health checks). */
export const BIGCOMMERCE_UPKEEP_QUEUE = 'bigcommerce-upkeep';
/** Job: list, re-activate and recreate one connection's hooks. Data: `{ connectionId }`. */
export const CHECK_WEBHOOKS_JOB = 'bigcommerce.check-webhooks';

export type UpkeepJobData = { connectionId: string; correlationId?: string | undefined };
