import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Repository } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { WebhookSubscriptionEntity } from '../../database/pipeline.entities';
import { BIGCOMMERCE_UPKEEP_QUEUE, CHECK_WEBHOOKS_JOB, type UpkeepJobData } from './bigcommerce.constants';

/**
 * Cron only enqueues (every worker process runs it; the job id per time slot makes the enqueue happen once): webhook
 * health every 5 minutes for connections with registered hooks. Without PUBLIC_BASE_URL there is no destination to
 * check hooks against, so nothing is enqueued (the catch-up poll still finds every change).
 */
@Injectable()
export class BigCommerceScheduler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(BIGCOMMERCE_UPKEEP_QUEUE) private readonly queue: Queue<UpkeepJobData>,
    @InjectRepository(WebhookSubscriptionEntity) private readonly subscriptions: Repository<WebhookSubscriptionEntity>,
  ) {}

  @Cron('*/5 * * * *')
  async enqueueWebhookChecks(): Promise<void> {
    if (!this.config.PUBLIC_BASE_URL) return;
    const slot = Math.floor(Date.now() / 300_000);
    const ids: { connection_id: string }[] = await this.subscriptions.createQueryBuilder('s').select('DISTINCT s.connection_id', 'connection_id').getRawMany();
    for (const { connection_id: connectionId } of ids) {
      await this.queue.add(CHECK_WEBHOOKS_JOB, { connectionId }, { jobId: `${CHECK_WEBHOOKS_JOB}:${connectionId}:${slot}`, attempts: 1 });
    }
  }
}
