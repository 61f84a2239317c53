import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { SystemsModule } from '../systems/systems.module';
import { CommercetoolsClients } from './commercetools-clients.service';
import { CommercetoolsSystemRegistration } from './commercetools-system.registration';

/**
 * commercetools as a plug-in: one client per project connection and its registration in the system registry (facts,
 * ping, fetch + read of orders, payment events and customers, catch-up listings). The pipeline never imports this
 * module; it asks the registry.
 */
@Module({
  imports: [CredentialsModule, SystemsModule],
  providers: [CommercetoolsClients, CommercetoolsSystemRegistration],
})
export class CommercetoolsModule {}
