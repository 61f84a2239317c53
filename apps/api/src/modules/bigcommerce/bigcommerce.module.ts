import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../config/config.schema';
import { ConnectionEntity, SyncCursorEntity } from '../../database/entities';
import { WebhookSubscriptionEntity } from '../../database/pipeline.entities';
import { BigCommerceController } from './bigcommerce.controller';
import { MAINTENANCE_QUEUE } from './bigcommerce.constants';
import { BigCommerceHooksService } from './bigcommerce-hooks.service';
import { BigCommerceMaintenanceProcessor } from './bigcommerce-maintenance.processor';
import { BigCommerceReconciler } from './bigcommerce-reconciler.service';
import { BigCommerceScheduler } from './bigcommerce-scheduler.service';
import { CredentialsModule } from '../credentials/credentials.module';
import { BigCommerceClients } from './bigcommerce-clients.service';
import { BigCommerceIntakeService } from './bigcommerce-intake.service';

/**
 * BigCommerce: clients per store (Redis pacing), signed webhook intake (mounted as a plain route, see
 * bigcommerce-webhook.route.ts), webhook lifecycle, reconciliation.
 */
@Global()
@Module({})
export class BigCommerceModule {
  /** The maintenance worker and its cron run only in the worker roles. */
  static forRole(role: AppConfig['ROLE']): DynamicModule {
    const isWorker = role !== 'api';
    return {
      module: BigCommerceModule,
      imports: [
        CredentialsModule,
        TypeOrmModule.forFeature([ConnectionEntity, SyncCursorEntity, WebhookSubscriptionEntity]),
        BullModule.registerQueue({ name: MAINTENANCE_QUEUE, defaultJobOptions: { removeOnComplete: { count: 200 }, removeOnFail: { count: 1_000 } } }),
      ],
      controllers: [BigCommerceController],
      providers: [
        BigCommerceClients,
        BigCommerceIntakeService,
        BigCommerceHooksService,
        BigCommerceReconciler,
        ...(isWorker ? [BigCommerceMaintenanceProcessor, BigCommerceScheduler] : []),
      ],
      exports: [BigCommerceClients, BigCommerceIntakeService, BigCommerceHooksService, BigCommerceReconciler],
    };
  }
}
