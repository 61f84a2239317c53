import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { SyncModule } from '../sync/sync.module';
import { SystemsModule } from '../systems/systems.module';
import { AuditModule } from './audit.module';
import { OverviewController } from './overview.controller';
import { RecordsController } from './records.controller';

/** What support staff read and do: records with their timelines, replay (single and bulk), and the overview. */
@Module({
  imports: [AuditModule, SyncModule, CredentialsModule, SystemsModule],
  controllers: [RecordsController, OverviewController],
})
export class RecordsReviewModule {}
