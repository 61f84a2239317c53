import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SystemRegistry } from '../systems/system-registry.service';
import { VismaClients } from './visma-clients.service';
import { VismaReferenceService } from './visma-reference.service';
import { VISMA_SYSTEM } from './visma.system';

/** Registers Visma.net ERP (the target every document is posted into) with the system registry. */
@Injectable()
export class VismaSystemRegistration implements OnModuleInit {
  constructor(
    private readonly registry: SystemRegistry,
    private readonly clients: VismaClients,
    private readonly reference: VismaReferenceService,
  ) {}

  onModuleInit(): void {
    this.registry.register(VISMA_SYSTEM, {
      ping: { ping: async (conn) => (await this.clients.forConnection(conn)).ping() },
      documentTarget: { clientFor: (conn) => this.clients.forConnection(conn) },
      referenceData: this.reference,
      rateBudget: { usage: (conn) => this.clients.budgetUsage(conn) },
    });
  }
}
