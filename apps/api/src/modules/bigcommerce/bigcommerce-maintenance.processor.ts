import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ConnectionsService } from '../credentials/connections.service';
import { BigCommerceHooksService } from './bigcommerce-hooks.service';
import { BIGCOMMERCE_UPKEEP_QUEUE, CHECK_WEBHOOKS_JOB, type UpkeepJobData } from './bigcommerce.constants';

/** Runs the upkeep jobs the scheduler enqueues (worker role only). BullMQ gives each job to one worker. */
@Processor(BIGCOMMERCE_UPKEEP_QUEUE)
export class BigCommerceMaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(BigCommerceMaintenanceProcessor.name);

  constructor(
    private readonly connections: ConnectionsService,
    private readonly hooks: BigCommerceHooksService,
  ) {
    super();
  }

  async process(job: Job<UpkeepJobData>): Promise<unknown> {
    const conn = await this.connections.get(job.data.connectionId);
    if (conn.system !== 'bigcommerce' || conn.status === 'paused') return { skipped: true };
    if (job.name === CHECK_WEBHOOKS_JOB) return this.hooks.ensure(conn);
    this.logger.warn({ name: job.name }, 'unknown upkeep job');
    return undefined;
  }
}
