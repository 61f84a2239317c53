import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SystemRegistry } from '../systems/system-registry.service';
import { CommercetoolsCatchUp } from './commercetools-catch-up';
import { CommercetoolsChangeSignal } from './commercetools-change-signal';
import { CommercetoolsClients } from './commercetools-clients.service';
import { CommercetoolsRecordSource } from './commercetools-records.adapter';
import { CommercetoolsStockTarget } from './commercetools-stock';
import { COMMERCETOOLS_SYSTEM } from './commercetools.system';

/** Registers commercetools with the system registry: its facts and the capabilities its HTTP API has (no webhooks; its Messages as a change signal that makes the poll run at once), and its inventory as the target of ERP stock. */
@Injectable()
export class CommercetoolsSystemRegistration implements OnModuleInit {
  constructor(
    private readonly registry: SystemRegistry,
    private readonly clients: CommercetoolsClients,
  ) {}

  onModuleInit(): void {
    this.registry.register(COMMERCETOOLS_SYSTEM, {
      ping: { ping: async (conn) => (await this.clients.forConnection(conn)).ping() },
      fetch: new CommercetoolsRecordSource(this.clients),
      catchUp: new CommercetoolsCatchUp(this.clients),
      stockTarget: new CommercetoolsStockTarget(this.clients),
      changeSignal: new CommercetoolsChangeSignal(this.clients),
    });
  }
}
