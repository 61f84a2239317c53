import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectionEntity, VaultSecretEntity } from '../../database/entities';
import { VaultService } from './vault.service';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';

/** Connections, the credential vault (write-only API, encrypted at rest) and ping diagnostics. */
@Module({
  imports: [TypeOrmModule.forFeature([ConnectionEntity, VaultSecretEntity])],
  controllers: [ConnectionsController],
  providers: [ConnectionsService, VaultService],
  exports: [ConnectionsService, VaultService],
})
export class CredentialsModule {}
