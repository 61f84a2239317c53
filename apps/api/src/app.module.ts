import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppExceptionFilter } from './common/app-exception.filter';
import { loggerParams } from './common/logger';
import { AppConfigModule } from './config/config.module';
import type { AppConfig } from './config/config.schema';
import { databaseModule } from './database/data-source';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG } from './config/config.module';
import { RecordsReviewModule } from './modules/audit/records-review.module';
import { AuthModule } from './modules/auth/auth.module';
import { CredentialsModule } from './modules/credentials/credentials.module';
import { HealthModule } from './modules/health/health.module';
import { SyncModule } from './modules/sync/sync.module';
import { SyncWorkerModule } from './modules/sync/sync-worker.module';
import { SystemsModule } from './modules/systems/systems.module';
import { RedisModule } from './common/redis.module';
import { BigCommerceModule } from './modules/bigcommerce/bigcommerce.module';
import { WooCommerceModule } from './modules/woocommerce/woocommerce.module';
import { AdobeCommerceModule } from './modules/adobe-commerce/adobe-commerce.module';
import { CommercetoolsModule } from './modules/commercetools/commercetools.module';
import { MappingModule } from './modules/mapping/mapping.module';
import { PostingModule } from './modules/posting/posting.module';
import { VismaModule } from './modules/visma/visma.module';
import { BigQueryModule } from './modules/bigquery/bigquery.module';
import { ExportModule } from './modules/export/export.module';
import { ExportWorkerModule } from './modules/export/export-worker.module';
import { AdminAuditModule } from './modules/admin-audit/admin-audit.module';

/** Process-level options that are not configuration (tests capture logs through `logDestination`). */
export type AppModuleOptions = { logDestination?: DestinationStream };

/**
 * The modular monolith. The same build runs as `api`, `worker` or `all` (ROLE): the worker role adds
 * BullMQ workers and scheduled jobs; HTTP is served by the api and all roles (see main.ts).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    const isWorker = config.ROLE !== 'api';
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, options.logDestination)),
        databaseModule(config.DATABASE_URL, config.DATABASE_POOL_MAX, { retryAttempts: 2, retryDelay: 500 }),
        RedisModule,
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({
            connection: { url: c.REDIS_URL, maxRetriesPerRequest: null },
            prefix: c.QUEUE_PREFIX,
            defaultJobOptions: {
              attempts: c.JOB_ATTEMPTS,
              backoff: { type: 'exponential', delay: c.JOB_BACKOFF_BASE_MS, jitter: 0.5 },
              // The record and its audit trail keep the outcome; a completed job is deleted at once (no trimming on every completion).
              removeOnComplete: true,
              removeOnFail: false,
            },
          }),
        }),
        ...(isWorker ? [ScheduleModule.forRoot()] : []),
        HealthModule,
        AuthModule,
        SystemsModule,
        CredentialsModule,
        VismaModule,
        BigCommerceModule,
        WooCommerceModule,
        AdobeCommerceModule,
        CommercetoolsModule,
        BigQueryModule,
        MappingModule,
        ExportModule,
        SyncModule,
        RecordsReviewModule,
        AdminAuditModule,
        ...(isWorker ? [SyncWorkerModule, PostingModule, ExportWorkerModule] : []),
      ],
      providers: [{ provide: APP_FILTER, useClass: AppExceptionFilter }],
    };
  }
}
