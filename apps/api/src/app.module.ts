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
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CredentialsModule } from './modules/credentials/credentials.module';
import { HealthModule } from './modules/health/health.module';
import { SyncModule } from './modules/sync/sync.module';
import { RedisModule } from './common/redis.module';
import { BigCommerceModule } from './modules/bigcommerce/bigcommerce.module';
import { MappingModule } from './modules/mapping/mapping.module';
import { PostingModule } from './modules/posting/posting.module';
import { VismaModule } from './modules/visma/visma.module';

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
        ...(isWorker ? [ScheduleModule.forRoot()] : []),
        HealthModule,
        AuditModule,
        AuthModule,
        CredentialsModule,
        SyncModule.forRole(config.ROLE),
        RedisModule,
        VismaModule,
        BigCommerceModule.forRole(config.ROLE),
        MappingModule,
        ...(isWorker ? [PostingModule] : []),
      ],
      providers: [{ provide: APP_FILTER, useClass: AppExceptionFilter }],
    };
  }
}
