import type { BigQueryExportClient } from '@mlc/connectors';
import type { ExportWarehouse, WarehouseField } from '../systems/capabilities';

/**
 * A BigQuery project as the export's warehouse (systems/capabilities.ts ExportWarehouse): the connector's exporter
 * client, whose loads and queries adopt a job id that already exists (409 duplicate) instead of running it twice.
 */
export class BigQueryWarehouse implements ExportWarehouse {
  readonly projectId: string;

  constructor(
    private readonly client: BigQueryExportClient,
    private readonly location: string,
  ) {
    this.projectId = client.projectId;
  }

  async ensureDataset(datasetId: string): Promise<void> {
    await this.client.ensureDataset(datasetId, this.location);
  }

  async ensureTable(datasetId: string, tableId: string, fields: readonly WarehouseField[]): Promise<{ created: boolean; added: string[] }> {
    const res = await this.client.ensureTable(datasetId, tableId, fields);
    return { created: res.isCreated, added: res.added.map((a) => a.path) };
  }

  async loadNdjson(args: { datasetId: string; tableId: string; jobId: string; filePath: string; fields: readonly WarehouseField[]; writeDisposition: 'WRITE_TRUNCATE' | 'WRITE_APPEND' }): Promise<{ outputRows: number }> {
    const res = await this.client.loadNdjson({ datasetId: args.datasetId, tableId: args.tableId, jobId: args.jobId, source: args.filePath, schema: args.fields, writeDisposition: args.writeDisposition });
    return { outputRows: res.outputRows };
  }

  async runStatement(args: { jobId: string; query: string; params?: Record<string, string | number> }): Promise<{ affectedRows: number }> {
    const res = await this.client.runQuery({ jobId: args.jobId, query: args.query, ...(args.params ? { params: args.params } : {}) });
    return { affectedRows: res.numDmlAffectedRows ?? 0 };
  }

  async query(query: string, params?: Record<string, string | number>): Promise<Record<string, unknown>[]> {
    return this.client.query(query, params);
  }
}
