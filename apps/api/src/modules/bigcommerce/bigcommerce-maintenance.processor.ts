import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ConnectionsService } from '../credentials/connections.service';
import { BigCommerceHooksService } from './bigcommerce-hooks.service';
import { BigCommerceReconciler } from './bigcommerce-reconciler.service';
import { CHECK_WEBHOOKS_JOB, MAINTENANCE_QUEUE, type MaintenanceJobData, RECONCILE_ORDERS_JOB } from './bigcommerce.constants';

/** Runs the upkeep jobs the scheduler enqueues (worker role only). BullMQ gives each job to one worker. */
@Processor(MAINTENANCE_QUEUE)
export class BigCommerceMaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(BigCommerceMaintenanceProcessor.name);

  constructor(
    private readonly connections: ConnectionsService,
    private readonly hooks: BigCommerceHooksService,
    private readonly reconciler: BigCommerceReconciler,
  ) {
    super();
  }

  async process(job: Job<MaintenanceJobData>): Promise<unknown> {
    const conn = await this.connections.get(job.data.connectionId);
    if (conn.system !== 'bigcommerce' || conn.status === 'paused') return { skipped: true };
    switch (job.name) {
      case CHECK_WEBHOOKS_JOB:
        return this.hooks.ensure(conn);
      case RECONCILE_ORDERS_JOB: {
        const result = await this.reconciler.run(conn, job.data.correlationId);
        if (result.enqueued) this.logger.log({ connectionId: conn.id, ...result }, 'reconciliation found orders to process');
        return result;
      }
      default:
        this.logger.warn({ name: job.name }, 'unknown maintenance job');
        return undefined;
    }
  }
}
