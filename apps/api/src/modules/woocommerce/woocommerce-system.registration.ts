import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SystemRegistry } from '../systems/system-registry.service';
import { WooCommerceCatchUp } from './woocommerce-catch-up';
import { WooCommerceClients } from './woocommerce-clients.service';
import { WooCommerceHooksService } from './woocommerce-hooks.service';
import { WooCommerceRecordSource } from './woocommerce-records.adapter';
import { WOOCOMMERCE_SYSTEM } from './woocommerce.system';
import { wooCommerceWebhookVerifier } from './woocommerce-webhook.verifier';

/** Registers WooCommerce with the system registry: its facts and every capability its REST API has. */
@Injectable()
export class WooCommerceSystemRegistration implements OnModuleInit {
  constructor(
    private readonly registry: SystemRegistry,
    private readonly clients: WooCommerceClients,
    private readonly hooks: WooCommerceHooksService,
  ) {}

  onModuleInit(): void {
    this.registry.register(WOOCOMMERCE_SYSTEM, {
      ping: { ping: async (conn) => (await this.clients.forConnection(conn)).ping() },
      fetch: new WooCommerceRecordSource(this.clients),
      webhook: wooCommerceWebhookVerifier,
      catchUp: new WooCommerceCatchUp(this.clients),
      webhookUpkeep: { ensure: (conn, actor, publicBaseUrl) => this.hooks.ensure(conn, actor, publicBaseUrl) },
    });
  }
}
