import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SystemRegistry } from '../systems/system-registry.service';
import { AdobeCommerceCatalog } from './adobe-commerce-catalog';
import { AdobeCommerceCatchUp } from './adobe-commerce-catch-up';
import { AdobeCommerceClients } from './adobe-commerce-clients.service';
import { AdobeCommerceHooksService } from './adobe-commerce-hooks.service';
import { AdobeCommerceRecordSource } from './adobe-commerce-records.adapter';
import { ADOBE_COMMERCE_SYSTEM } from './adobe-commerce.system';
import { adobeCommerceWebhookVerifier } from './adobe-commerce-webhook.verifier';

/** Registers Adobe Commerce with the system registry: its facts and every capability its REST API has. */
@Injectable()
export class AdobeCommerceSystemRegistration implements OnModuleInit {
  constructor(
    private readonly registry: SystemRegistry,
    private readonly clients: AdobeCommerceClients,
    private readonly hooks: AdobeCommerceHooksService,
  ) {}

  onModuleInit(): void {
    this.registry.register(ADOBE_COMMERCE_SYSTEM, {
      ping: { ping: async (conn) => (await this.clients.forConnection(conn)).ping() },
      fetch: new AdobeCommerceRecordSource(this.clients),
      webhook: adobeCommerceWebhookVerifier,
      catchUp: new AdobeCommerceCatchUp(this.clients),
      webhookUpkeep: { ensure: (conn, actor, publicBaseUrl) => this.hooks.ensure(conn, actor, publicBaseUrl) },
      catalogTarget: new AdobeCommerceCatalog(this.clients),
    });
  }
}
