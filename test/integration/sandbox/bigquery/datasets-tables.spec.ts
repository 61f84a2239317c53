import type { BigQuery } from '@google-cloud/bigquery';
import { startBigQuerySandbox, type RunningBigQuerySandbox } from '../../../../apps/sandbox/src/bigquery';
import { bigQueryFor, rejection, schemaErrors } from './support';

jest.setTimeout(30_000);

describe('BigQuery sandbox: datasets and tables through @google-cloud/bigquery', () => {
  let sandbox: RunningBigQuerySandbox;
  let bq: BigQuery;

  beforeAll(async () => {
    sandbox = await startBigQuerySandbox();
    bq = bigQueryFor(sandbox);
  });
  afterAll(async () => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('should create and get a dataset, and answer 404 notFound / 409 duplicate as BigQuery does', async () => {
    const [dataset, created] = await bq.createDataset('analytics', { description: 'exports' });
    expect(schemaErrors('Dataset', created)).toBe('');
    expect(created).toMatchObject({ kind: 'bigquery#dataset', id: `${sandbox.projectId}:analytics`, location: 'US', datasetReference: { datasetId: 'analytics', projectId: sandbox.projectId } });
    const [metadata] = await dataset.getMetadata();
    expect(schemaErrors('Dataset', metadata)).toBe('');

    const missing = await rejection(bq.dataset('nope').getMetadata());
    expect(missing.code).toBe(404);
    expect(missing.errors[0]).toMatchObject({ reason: 'notFound', domain: 'global', message: `Not found: Dataset ${sandbox.projectId}:nope` });
    const dup = await rejection(bq.createDataset('analytics'));
    expect(dup.code).toBe(409);
    expect(dup.errors[0].reason).toBe('duplicate');
    const [exists] = await bq.dataset('nope').exists();
    expect(exists).toBe(false);
  });

  it('should create a table with the schema answered in legacy type names, list it and refuse a duplicate', async () => {
    const [dataset] = await bq.createDataset('analytics');
    const schema = [
      { name: 'id', type: 'STRING', mode: 'REQUIRED' },
      { name: 'qty', type: 'INT64' },
      { name: 'amount', type: 'NUMERIC' },
      { name: 'paid', type: 'BOOL' },
      { name: 'lines', type: 'RECORD', mode: 'REPEATED', fields: [{ name: 'sku', type: 'STRING' }, { name: 'price', type: 'BIGNUMERIC' }] },
    ];
    const [table, created] = await dataset.createTable('orders', { schema });
    expect(schemaErrors('Table', created)).toBe('');
    expect(created.schema?.fields?.map((f) => f.type)).toEqual(['STRING', 'INTEGER', 'NUMERIC', 'BOOLEAN', 'RECORD']);
    expect(created).toMatchObject({ numRows: '0', type: 'TABLE', tableReference: { tableId: 'orders' } });
    const [got] = await table.getMetadata();
    expect(schemaErrors('Table', got)).toBe('');
    const [tables] = await dataset.getTables();
    expect(tables.map((t) => t.id)).toEqual(['orders']);
    const dup = await rejection(dataset.createTable('orders', { schema }));
    expect(dup.code).toBe(409);
    expect(dup.errors[0].reason).toBe('duplicate');
    expect(dup.message).toBe(`Already Exists: Table ${sandbox.projectId}:analytics.orders`);
  });

  it('should allow adding a column by patch, and refuse dropping one or changing its type with 400 invalid', async () => {
    const [dataset] = await bq.createDataset('analytics');
    const [table] = await dataset.createTable('orders', { schema: [{ name: 'id', type: 'STRING' }, { name: 'qty', type: 'INTEGER' }] });
    const [patched] = await table.setMetadata({ schema: { fields: [{ name: 'id', type: 'STRING' }, { name: 'qty', type: 'INTEGER' }, { name: 'note', type: 'STRING' }] } });
    expect(schemaErrors('Table', patched)).toBe('');
    expect(sandbox.table('analytics', 'orders')?.schema.fields.map((f) => f.name)).toEqual(['id', 'qty', 'note']);

    const dropped = await rejection(table.setMetadata({ schema: { fields: [{ name: 'id', type: 'STRING' }] } }));
    expect(dropped.code).toBe(400);
    expect(dropped.errors[0].reason).toBe('invalid');
    expect(dropped.message).toContain('Field qty is missing in new schema');
    const retyped = await rejection(table.setMetadata({ schema: { fields: [{ name: 'id', type: 'STRING' }, { name: 'qty', type: 'STRING' }, { name: 'note', type: 'STRING' }] } }));
    expect(retyped.code).toBe(400);
    expect(retyped.message).toContain('Field qty has changed type from INTEGER to STRING');
    const required = await rejection(table.setMetadata({ schema: { fields: [{ name: 'id', type: 'STRING' }, { name: 'qty', type: 'INTEGER' }, { name: 'note', type: 'STRING' }, { name: 'x', type: 'STRING', mode: 'REQUIRED' }] } }));
    expect(required.message).toContain('Cannot add required fields');
  });

  it('should refuse a bad schema with BigQuery wording', async () => {
    const [dataset] = await bq.createDataset('analytics');
    const err = await rejection(dataset.createTable('bad', { schema: [{ name: 'a-b', type: 'STRING' }] }));
    expect(err.code).toBe(400);
    expect(err.message).toContain('Invalid field name "a-b"');
  });
});
