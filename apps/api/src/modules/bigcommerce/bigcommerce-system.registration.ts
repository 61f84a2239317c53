import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SystemRegistry } from '../systems/system-registry.service';
import { BigCommerceCatchUp } from './bigcommerce-catch-up';
import { BigCommerceClients } from './bigcommerce-clients.service';
import { BigCommerceHooksService } from './bigcommerce-hooks.service';
import { BigCommerceRecordSource } from './bigcommerce-records.adapter';
import { BIGCOMMERCE_SYSTEM } from './bigcommerce.system';
import { bigCommerceWebhookVerifier } from './bigcommerce-webhook.verifier';

/** Registers BigCommerce with the system registry: its facts and every capability its API has. */
@Injectable()
export class BigCommerceSystemRegistration implements OnModuleInit {
  constructor(
    private readonly registry: SystemRegistry,
    private readonly clients: BigCommerceClients,
    private readonly hooks: BigCommerceHooksService,
  ) {}

  onModuleInit(): void {
    this.registry.register(BIGCOMMERCE_SYSTEM, {
      ping: { ping: async (conn) => (await this.clients.forConnection(conn)).ping() },
      fetch: new BigCommerceRecordSource(this.clients),
      webhook: bigCommerceWebhookVerifier,
      catchUp: new BigCommerceCatchUp(this.clients),
      webhookUpkeep: { ensure: (conn, actor, publicBaseUrl) => this.hooks.ensure(conn, actor, publicBaseUrl) },
    });
  }
}
