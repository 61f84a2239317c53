import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FlowEntity, SyncRecordEntity } from '../../database/entities';
import { CustomerLinkEntity, MappingConfigEntity } from '../../database/pipeline.entities';
import { AuditModule } from '../audit/audit.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { SystemsModule } from '../systems/systems.module';
import { FlowsService } from './flows.service';
import { MappingController } from './mapping.controller';
import { MappingPreviewService } from './mapping-preview.service';

/**
 * Flows (routing, catch-up schedule) and the mapping rules of each Visma company (validated against its live
 * reference data), with coverage and preview. Reads shop records through the system registry only.
 */
@Module({
  imports: [TypeOrmModule.forFeature([FlowEntity, MappingConfigEntity, SyncRecordEntity, CustomerLinkEntity]), AuditModule, CredentialsModule, SystemsModule],
  controllers: [MappingController],
  providers: [FlowsService, MappingPreviewService],
  exports: [FlowsService],
})
export class MappingModule {}
