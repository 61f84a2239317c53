import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity } from '../../database/entities';
import { AuditService } from './audit.service';
import { RecordsController } from './records.controller';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  controllers: [RecordsController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
