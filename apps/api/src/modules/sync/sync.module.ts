import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { SyncCursorEntity, SyncRecordEntity } from '../../database/entities';
import { RecordProcessor } from './record.processor';
import { RecordHandlerRegistry } from './record-handler.registry';
import { RecordsService } from './records.service';
import { RECORDS_QUEUE } from './sync.constants';

/**
 * Queues, record intake and processing. `forRole` registers the BullMQ worker only in the `worker` and
 * `all` roles, so API-only processes never take jobs and extra worker processes scale out on any host.
 */
@Global()
@Module({})
export class SyncModule {
  static forRole(role: AppConfig['ROLE']): DynamicModule {
    const isWorker = role === 'worker' || role === 'all';
    return {
      module: SyncModule,
      imports: [
        TypeOrmModule.forFeature([SyncRecordEntity, SyncCursorEntity]),
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
            prefix: config.QUEUE_PREFIX,
            defaultJobOptions: {
              attempts: config.JOB_ATTEMPTS,
              backoff: { type: 'exponential', delay: config.JOB_BACKOFF_BASE_MS, jitter: 0.5 },
              // The record and its audit trail keep the outcome; a completed job is deleted at once (no trimming on every completion).
              removeOnComplete: true,
              removeOnFail: false,
            },
          }),
        }),
        BullModule.registerQueue({ name: RECORDS_QUEUE }),
      ],
      providers: [RecordsService, RecordHandlerRegistry, ...(isWorker ? [RecordProcessor] : [])],
      exports: [RecordsService, RecordHandlerRegistry, BullModule],
    };
  }
}
