import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookSubscriptionEntity } from '../../database/pipeline.entities';
import { AuditModule } from '../audit/audit.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { SystemsModule } from '../systems/systems.module';
import { WooCommerceClients } from './woocommerce-clients.service';
import { WooCommerceHooksService } from './woocommerce-hooks.service';
import { WooCommerceSystemRegistration } from './woocommerce-system.registration';

/**
 * WooCommerce as a plug-in: clients per shop and its registration in the system registry (facts, ping, fetch + read +
 * whole payloads, webhook verification, catch-up listings, hook upkeep, which the 5-minute webhook check runs). The
 * pipeline never imports this module; it asks the registry.
 */
@Module({
  imports: [CredentialsModule, AuditModule, SystemsModule, TypeOrmModule.forFeature([WebhookSubscriptionEntity])],
  providers: [WooCommerceClients, WooCommerceHooksService, WooCommerceSystemRegistration],
})
export class WooCommerceModule {}
