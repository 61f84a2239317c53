import { SystemsModule } from '../systems/systems.module';
import { AuditModule } from '../audit/audit.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectionEntity, VaultSecretEntity } from '../../database/entities';
import { VaultService } from './vault.service';
import { ConnectionsController } from './connections.controller';
import { ConnectionPingService } from './connection-ping.service';
import { ConnectionsService } from './connections.service';

/** Connections, the credential vault (write-only API, encrypted at rest) and ping diagnostics. */
@Module({
  imports: [TypeOrmModule.forFeature([ConnectionEntity, VaultSecretEntity]), SystemsModule, AuditModule],
  controllers: [ConnectionsController],
  providers: [ConnectionsService, VaultService, ConnectionPingService],
  exports: [ConnectionsService, VaultService],
})
export class CredentialsModule {}
