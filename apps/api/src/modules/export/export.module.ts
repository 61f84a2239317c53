import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SystemsModule } from '../systems/systems.module';
import { EXPORT_QUEUE } from './export.constants';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** Export flows, runs and progress over HTTP, and the queue runs go to (every role). */
@Module({
  imports: [BullModule.registerQueue({ name: EXPORT_QUEUE }), AuditModule, SystemsModule],
  controllers: [ExportsController],
  providers: [ExportsService],
  exports: [ExportsService],
})
export class ExportModule {}
