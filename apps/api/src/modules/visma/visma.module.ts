import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { SystemsModule } from '../systems/systems.module';
import { VismaClients } from './visma-clients.service';
import { VismaReferenceService } from './visma-reference.service';
import { VismaSystemRegistration } from './visma-system.registration';

/**
 * Visma.net ERP, the hub: clients per connection (shared rate budget per company), cached reference data, and its
 * registration in the system registry. The posting skeleton and the mapping module import it directly: every
 * document goes into Visma, so it is the one system the pipeline names.
 */
@Module({
  imports: [CredentialsModule, SystemsModule],
  providers: [VismaClients, VismaReferenceService, VismaSystemRegistration],
  exports: [VismaClients, VismaReferenceService],
})
export class VismaModule {}
