import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FlowEntity, SyncRecordEntity } from '../../database/entities';
import { CustomerLinkEntity, MappingConfigEntity } from '../../database/pipeline.entities';
import { CredentialsModule } from '../credentials/credentials.module';
import { FlowsService } from './flows.service';
import { MappingController } from './mapping.controller';
import { MappingPreviewService } from './mapping-preview.service';
import { OrderPostingService } from './order-posting.service';

/** Flows, mapping rules (validated against live Visma reference data), coverage and preview. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([FlowEntity, MappingConfigEntity, SyncRecordEntity, CustomerLinkEntity]), CredentialsModule],
  controllers: [MappingController],
  providers: [FlowsService, OrderPostingService, MappingPreviewService],
  exports: [FlowsService, OrderPostingService],
})
export class MappingModule {}
