import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SyncCursorEntity, SyncRecordEntity } from '../../database/entities';
import { AuditModule } from '../audit/audit.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { MappingModule } from '../mapping/mapping.module';
import { SystemsModule } from '../systems/systems.module';
import { CatchUpController } from './catch-up.controller';
import { CatchUpService } from './catch-up.service';
import { RecordHandlerRegistry } from './record-handler.registry';
import { RecordsService } from './records.service';
import { CATCH_UP_QUEUE, RECORDS_QUEUE } from './sync.constants';
import { WebhookIntakeService } from './webhook-intake.service';

/**
 * Record intake (one webhook route for every system, catch-up polls), the records queue and the record lifecycle. The
 * workers that take jobs and the catch-up schedule live in SyncWorkerModule (worker roles only), so API-only processes
 * never take jobs and extra worker processes scale out on any host.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([SyncRecordEntity, SyncCursorEntity]),
    BullModule.registerQueue({ name: RECORDS_QUEUE }, { name: CATCH_UP_QUEUE }),
    AuditModule,
    CredentialsModule,
    MappingModule,
    SystemsModule,
  ],
  controllers: [CatchUpController],
  providers: [RecordsService, RecordHandlerRegistry, WebhookIntakeService, CatchUpService],
  exports: [RecordsService, RecordHandlerRegistry, WebhookIntakeService, CatchUpService],
})
export class SyncModule {}
