import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookSubscriptionEntity } from '../../database/pipeline.entities';
import { AuditModule } from '../audit/audit.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { SystemsModule } from '../systems/systems.module';
import { AdobeCommerceClients } from './adobe-commerce-clients.service';
import { AdobeCommerceHooksService } from './adobe-commerce-hooks.service';
import { AdobeCommerceSystemRegistration } from './adobe-commerce-system.registration';

/**
 * Adobe Commerce as a plug-in: clients per store and its registration in the system registry (facts, ping, fetch +
 * read, webhook verification, catch-up listings, webhook upkeep, and its catalog as the target of Visma supplier
 * invoices). The pipeline never imports this module; it asks the registry.
 */
@Module({
  imports: [CredentialsModule, AuditModule, SystemsModule, TypeOrmModule.forFeature([WebhookSubscriptionEntity])],
  providers: [AdobeCommerceClients, AdobeCommerceHooksService, AdobeCommerceSystemRegistration],
})
export class AdobeCommerceModule {}
