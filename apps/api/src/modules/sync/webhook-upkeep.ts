import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { ConnectionsService } from '../credentials/connections.service';
import { FlowsService } from '../mapping/flows.service';
import { SystemRegistry } from '../systems/system-registry.service';
import { CatchUpService } from './catch-up.service';
import { CHECK_WEBHOOKS_JOB, WEBHOOK_CHECK_INTERVAL_MS, WEBHOOK_UPKEEP_QUEUE, type WebhookUpkeepJobData } from './sync.constants';

/**
 * The webhook health check of every system whose hooks we manage (worker roles): every 5 minutes each worker's cron
 * enqueues one job per connection with registered hooks (`webhook_subscription` rows), the job id per time slot making
 * the enqueue happen once across processes. Without PUBLIC_BASE_URL there is no destination to check hooks against,
 * so nothing is enqueued (the catch-up poll still finds every change).
 */
@Injectable()
export class WebhookUpkeepScheduler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(WEBHOOK_UPKEEP_QUEUE) private readonly queue: Queue<WebhookUpkeepJobData>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Cron('*/5 * * * *')
  async enqueueWebhookChecks(now = Date.now()): Promise<void> {
    if (!this.config.PUBLIC_BASE_URL) return;
    const slot = Math.floor(now / WEBHOOK_CHECK_INTERVAL_MS);
    const rows: { connection_id: string }[] = await this.db.query(`SELECT DISTINCT connection_id FROM webhook_subscription`);
    for (const { connection_id: connectionId } of rows) {
      await this.queue.add(CHECK_WEBHOOKS_JOB, { connectionId }, { jobId: `${CHECK_WEBHOOKS_JOB}:${connectionId}:${slot}`, attempts: 1, removeOnComplete: { count: 200 }, removeOnFail: { count: 1_000 } });
    }
  }
}

/**
 * Runs the checks the scheduler enqueues (worker roles; BullMQ gives each job to one worker): the connection's system
 * repairs its hooks through its `webhookUpkeep` capability (BigCommerce re-activates, WooCommerce recreates disabled
 * ones), and a repair asks the connection's flows for a catch-up run at once. A paused connection, or one whose system
 * manages no hooks, is skipped.
 */
@Processor(WEBHOOK_UPKEEP_QUEUE)
export class WebhookUpkeepProcessor extends WorkerHost {
  private readonly logger = new Logger(WebhookUpkeepProcessor.name);

  constructor(
    private readonly connections: ConnectionsService,
    private readonly systems: SystemRegistry,
    private readonly flows: FlowsService,
    private readonly catchUp: CatchUpService,
  ) {
    super();
  }

  async process(job: Job<WebhookUpkeepJobData>): Promise<unknown> {
    if (job.name !== CHECK_WEBHOOKS_JOB) {
      this.logger.warn({ name: job.name }, 'unknown webhook upkeep job');
      return undefined;
    }
    const conn = await this.connections.get(job.data.connectionId);
    const upkeep = this.systems.capability(conn.system, 'webhookUpkeep');
    if (!upkeep || conn.status === 'paused') return { skipped: true };
    const report = await upkeep.ensure(conn);
    if (report.repaired.length) await this.catchUpAfterRepair(conn.id, report.repaired);
    return report;
  }

  /**
   * A repaired hook missed deliveries (WooCommerce never retries one; BigCommerce gave up after 48 h): every enabled
   * flow of the connection catches up now instead of at its next scheduled slot.
   */
  private async catchUpAfterRepair(connectionId: string, repaired: readonly string[]): Promise<void> {
    for (const flow of await this.flows.list()) {
      if (flow.sourceConnectionId !== connectionId || !flow.isEnabled) continue;
      await this.catchUp.request(flow, { requestedBy: `webhook repair (${repaired.join(', ')})` }).catch((err: unknown) => {
        this.logger.warn({ flowId: flow.id, err: err instanceof Error ? err.message : String(err) }, 'catch-up after a webhook repair not queued');
      });
    }
  }
}
