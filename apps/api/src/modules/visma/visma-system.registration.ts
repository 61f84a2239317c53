import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SystemRegistry } from '../systems/system-registry.service';
import { VismaClients } from './visma-clients.service';
import { VismaReferenceService } from './visma-reference.service';
import { VismaInventorySource } from './visma-inventory.source';
import { VismaSources } from './visma-sources';
import { VismaSupplierInvoiceSource } from './visma-supplier-invoices.source';
import { VISMA_SYSTEM } from './visma.system';

/** Registers Visma.net ERP (the target every document is posted into, and the source of its supplier invoices and stock) with the system registry. */
@Injectable()
export class VismaSystemRegistration implements OnModuleInit {
  constructor(
    private readonly registry: SystemRegistry,
    private readonly clients: VismaClients,
    private readonly reference: VismaReferenceService,
  ) {}

  onModuleInit(): void {
    const sources = new VismaSources([new VismaSupplierInvoiceSource(this.clients), new VismaInventorySource(this.clients)]);
    this.registry.register(VISMA_SYSTEM, {
      ping: { ping: async (conn) => (await this.clients.forConnection(conn)).ping() },
      // The reverse direction: supplier invoices (product cost) and inventory (stock) out of Visma, into a shop.
      fetch: sources,
      catchUp: sources,
      documentTarget: { clientFor: (conn) => this.clients.forConnection(conn) },
      referenceData: this.reference,
      rateBudget: { usage: (conn) => this.clients.budgetUsage(conn) },
    });
  }
}
