import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookSubscriptionEntity } from '../../database/pipeline.entities';
import { AuditModule } from '../audit/audit.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { SystemsModule } from '../systems/systems.module';
import { BigCommerceClients } from './bigcommerce-clients.service';
import { BigCommerceHooksService } from './bigcommerce-hooks.service';
import { BigCommerceSystemRegistration } from './bigcommerce-system.registration';

/**
 * BigCommerce as a plug-in: clients per store (Redis pacing) and its registration in the system registry (facts, ping,
 * fetch + read, webhook verification, catch-up listings, hook upkeep, which the sync module's 5-minute webhook check
 * runs). The pipeline never imports this module; it asks the registry.
 */
@Module({
  imports: [CredentialsModule, AuditModule, SystemsModule, TypeOrmModule.forFeature([WebhookSubscriptionEntity])],
  providers: [BigCommerceClients, BigCommerceHooksService, BigCommerceSystemRegistration],
})
export class BigCommerceModule {}
