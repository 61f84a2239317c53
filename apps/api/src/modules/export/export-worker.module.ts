import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SystemsModule } from '../systems/systems.module';
import { ExportModule } from './export.module';
import { ExportProcessor } from './export.processor';
import { ExportRunner } from './export-runner.service';
import { ExportScheduler } from './export.scheduler';

/** The export runs' worker, runner and schedule (worker and all roles only). */
@Module({
  imports: [ExportModule, AuditModule, SystemsModule],
  providers: [ExportRunner, ExportProcessor, ExportScheduler],
  exports: [ExportRunner],
})
export class ExportWorkerModule {}
