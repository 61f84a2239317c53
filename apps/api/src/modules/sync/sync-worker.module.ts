import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HealthModule } from '../health/health.module';
import { MappingModule } from '../mapping/mapping.module';
import { CatchUpProcessor } from './catch-up.processor';
import { CatchUpScheduler } from './catch-up.scheduler';
import { RecordProcessor } from './record.processor';
import { RecordSweeper } from './record-sweeper.service';
import { SyncModule } from './sync.module';

/** The BullMQ workers of the records and catch-up queues, the record sweeper and the catch-up schedule (worker and all roles only). */
@Module({
  imports: [SyncModule, AuditModule, MappingModule, HealthModule],
  providers: [RecordProcessor, RecordSweeper, CatchUpProcessor, CatchUpScheduler],
})
export class SyncWorkerModule {}
