import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity } from '../../database/entities';
import { CredentialsModule } from '../credentials/credentials.module';
import { AuditService } from './audit.service';
import { OverviewController } from './overview.controller';
import { RecordsController } from './records.controller';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity]), CredentialsModule],
  controllers: [RecordsController, OverviewController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
