import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { SystemsModule } from '../systems/systems.module';
import { BigQueryClients } from './bigquery-clients.service';
import { BigQuerySystemRegistration } from './bigquery-system.registration';

/** Google BigQuery as a plug-in: one client per connection and its registration (facts, ping, export target). */
@Module({
  imports: [CredentialsModule, SystemsModule],
  providers: [BigQueryClients, BigQuerySystemRegistration],
})
export class BigQueryModule {}
