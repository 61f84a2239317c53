import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { SystemsModule } from '../systems/systems.module';
import { AuditModule } from '../audit/audit.module';
import { HealthModule } from '../health/health.module';
import { MappingModule } from '../mapping/mapping.module';
import { CatchUpProcessor } from './catch-up.processor';
import { CatchUpScheduler } from './catch-up.scheduler';
import { ChangeSignalScheduler } from './change-signal.scheduler';
import { RecordProcessor } from './record.processor';
import { RecordSweeper } from './record-sweeper.service';
import { SyncModule } from './sync.module';
import { WEBHOOK_UPKEEP_QUEUE } from './sync.constants';
import { WebhookUpkeepProcessor, WebhookUpkeepScheduler } from './webhook-upkeep';

/**
 * The BullMQ workers of the records, catch-up and webhook-upkeep queues, the record sweeper, the catch-up schedule and
 * the webhook health check (worker and all roles only).
 */
@Module({
  imports: [SyncModule, AuditModule, MappingModule, HealthModule, CredentialsModule, SystemsModule, BullModule.registerQueue({ name: WEBHOOK_UPKEEP_QUEUE })],
  providers: [RecordProcessor, RecordSweeper, CatchUpProcessor, CatchUpScheduler, ChangeSignalScheduler, WebhookUpkeepScheduler, WebhookUpkeepProcessor],
})
export class SyncWorkerModule {}
