import { Global, Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { VismaClients } from './visma-clients.service';
import { VismaReferenceService } from './visma-reference.service';

/** Visma.net ERP: clients per connection (shared rate budget per company) and cached reference data. */
@Global()
@Module({
  imports: [CredentialsModule],
  providers: [VismaClients, VismaReferenceService],
  exports: [VismaClients, VismaReferenceService],
})
export class VismaModule {}
