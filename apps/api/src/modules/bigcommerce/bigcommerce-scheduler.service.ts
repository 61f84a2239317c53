import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Repository } from 'typeorm';
import { ConnectionEntity } from '../../database/entities';
import { WebhookSubscriptionEntity } from '../../database/pipeline.entities';
import { CHECK_WEBHOOKS_JOB, MAINTENANCE_QUEUE, type MaintenanceJobData, RECONCILE_ORDERS_JOB } from './bigcommerce.constants';

/**
 * Cron only enqueues (every worker process runs it; the job id per time slot makes the enqueue happen once):
 * webhook health every 5 minutes for connections with registered hooks, reconciliation every 10 minutes for
 * every BigCommerce connection.
 */
@Injectable()
export class BigCommerceScheduler {
  constructor(
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue<MaintenanceJobData>,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    @InjectRepository(WebhookSubscriptionEntity) private readonly subscriptions: Repository<WebhookSubscriptionEntity>,
  ) {}

  @Cron('*/5 * * * *')
  async enqueueWebhookChecks(): Promise<void> {
    const slot = Math.floor(Date.now() / 300_000);
    const ids: { connection_id: string }[] = await this.subscriptions.createQueryBuilder('s').select('DISTINCT s.connection_id', 'connection_id').getRawMany();
    for (const { connection_id: connectionId } of ids) {
      await this.queue.add(CHECK_WEBHOOKS_JOB, { connectionId }, { jobId: `${CHECK_WEBHOOKS_JOB}:${connectionId}:${slot}`, attempts: 1 });
    }
  }

  @Cron('*/10 * * * *')
  async enqueueReconciliation(): Promise<void> {
    const slot = Math.floor(Date.now() / 600_000);
    const conns = await this.connections.find({ where: { system: 'bigcommerce' }, select: { id: true } });
    for (const { id } of conns) {
      await this.queue.add(RECONCILE_ORDERS_JOB, { connectionId: id }, { jobId: `${RECONCILE_ORDERS_JOB}:${id}:${slot}`, attempts: 3 });
    }
  }
}
