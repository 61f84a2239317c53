import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SystemRegistry } from '../systems/system-registry.service';
import { BigQueryClients } from './bigquery-clients.service';
import { BigQueryWarehouse } from './bigquery-warehouse';
import { BIGQUERY_SYSTEM } from './bigquery.system';

/** Registers BigQuery with the system registry: its facts, ping (key, token, project, dataset, roles) and the export target. */
@Injectable()
export class BigQuerySystemRegistration implements OnModuleInit {
  constructor(
    private readonly registry: SystemRegistry,
    private readonly clients: BigQueryClients,
  ) {}

  onModuleInit(): void {
    this.registry.register(BIGQUERY_SYSTEM, {
      ping: {
        ping: async (conn) => {
          const settings = this.clients.settingsOf(conn);
          return (await this.clients.forConnection(conn)).ping(settings.datasetId, { location: settings.location });
        },
      },
      exportTarget: { warehouseFor: async (conn) => new BigQueryWarehouse(await this.clients.forConnection(conn), this.clients.settingsOf(conn).location) },
    });
  }
}
