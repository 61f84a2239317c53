/** BullMQ queue for scheduled upkeep (webhook health checks, reconciliation polls). */
export const MAINTENANCE_QUEUE = 'maintenance';
/** Job: list, re-activate and recreate one connection's hooks. Data: `{ connectionId }`. */
export const CHECK_WEBHOOKS_JOB = 'bigcommerce.check-webhooks';
/** Job: one reconciliation poll of one connection's orders. Data: `{ connectionId }`. */
export const RECONCILE_ORDERS_JOB = 'bigcommerce.reconcile-orders';

export type MaintenanceJobData = { connectionId: string; correlationId?: string | undefined };
