import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../config/config.schema';
import { WebhookSubscriptionEntity } from '../../database/pipeline.entities';
import { AuditModule } from '../audit/audit.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { SystemsModule } from '../systems/systems.module';
import { BIGCOMMERCE_UPKEEP_QUEUE } from './bigcommerce.constants';
import { BigCommerceClients } from './bigcommerce-clients.service';
import { BigCommerceHooksService } from './bigcommerce-hooks.service';
import { BigCommerceMaintenanceProcessor } from './bigcommerce-maintenance.processor';
import { BigCommerceScheduler } from './bigcommerce-scheduler.service';
import { BigCommerceSystemRegistration } from './bigcommerce-system.registration';

/**
 * BigCommerce as a plug-in: clients per store (Redis pacing), its registration in the system registry (facts, ping,
 * fetch + read, webhook verification, catch-up listings, hook upkeep) and the 5-minute hook health check. The
 * pipeline never imports this module; it asks the registry.
 */
@Module({})
export class BigCommerceModule {
  /** The upkeep worker and its cron run only in the worker roles. */
  static forRole(role: AppConfig['ROLE']): DynamicModule {
    const isWorker = role !== 'api';
    return {
      module: BigCommerceModule,
      imports: [
        CredentialsModule,
        AuditModule,
        SystemsModule,
        TypeOrmModule.forFeature([WebhookSubscriptionEntity]),
        BullModule.registerQueue({ name: BIGCOMMERCE_UPKEEP_QUEUE, defaultJobOptions: { removeOnComplete: { count: 200 }, removeOnFail: { count: 1_000 } } }),
      ],
      providers: [BigCommerceClients, BigCommerceHooksService, BigCommerceSystemRegistration, ...(isWorker ? [BigCommerceMaintenanceProcessor, BigCommerceScheduler] : [])],
    };
  }
}
