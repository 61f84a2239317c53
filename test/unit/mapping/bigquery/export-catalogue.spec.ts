/**
 * The export catalogue against the committed Visma DTO schemas (libs/mapping/src/bigquery/visma-export-schemas.json,
 * extracted from visma-net-erp-api.v1_20250424.openapi.json by scripts/extract-visma-export-schemas.js). Never reads
 * /work/shared.
 */
import { EXPORT_ENTITIES, MappingError, VISMA_EXPORT_SCHEMAS, exportEntity, resolveSchema, type JsonSchemaNode } from '@mlc/mapping';

function propertiesOf(name: string): Record<string, JsonSchemaNode> {
  return { ...(resolveSchema(VISMA_EXPORT_SCHEMAS, name).properties ?? {}) };
}

describe('Visma → BigQuery export catalogue', () => {
  it('should list the thirteen entities once each with unique, legal table names', () => {
    const ids = EXPORT_ENTITIES.map((e) => e.id);
    expect(new Set(ids).size).toBe(13);
    expect(ids).toEqual(expect.arrayContaining([
      'supplier_invoices', 'purchase_orders', 'purchase_receipts', 'supplier_payments', 'customer_payments', 'customers',
      'suppliers', 'customer_invoices', 'customer_credit_notes', 'gl_accounts', 'dimensions', 'journal_transactions', 'employees',
    ]));
    const tables = EXPORT_ENTITIES.map((e) => e.tableName);
    expect(new Set(tables.map((t) => t.toLowerCase())).size).toBe(13);
    tables.forEach((t) => expect(t).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,1023}$/));
  });

  it('should commit exactly the catalogue DTOs as roots, with the source file and generation date in the header', () => {
    expect([...(VISMA_EXPORT_SCHEMAS.roots ?? [])].sort()).toEqual([...new Set(EXPORT_ENTITIES.map((e) => e.dtoSchema))].sort());
    expect(VISMA_EXPORT_SCHEMAS.source.file).toBe('visma-net/visma-net-erp-api.v1_20250424.openapi.json');
    expect(VISMA_EXPORT_SCHEMAS.source.upstream).toContain('cc958cd64d4404e2945a5d625ab4a77f968a3275');
    expect(VISMA_EXPORT_SCHEMAS.generated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('should hold the $ref closure of the roots: every reference resolves inside the committed file', () => {
    const refs = [...JSON.stringify(VISMA_EXPORT_SCHEMAS.components).matchAll(/"(#\/components\/schemas\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(100);
    refs.forEach((ref) => expect(() => resolveSchema(VISMA_EXPORT_SCHEMAS, ref)).not.toThrow());
  });

  it.each(EXPORT_ENTITIES.map((e) => [e.id, e] as const))('should name key and last-modified fields that %s\'s DTO declares', (_id, entity) => {
    const properties = propertiesOf(entity.dtoSchema);
    expect(entity.key.length).toBeGreaterThan(0);
    entity.key.forEach((field) => expect(properties[field]?.type).toBe('string'));
    const source = entity.lastModified;
    if (source?.kind === 'field') {
      expect(properties[source.field]).toMatchObject({ type: 'string', format: 'date-time' });
    } else if (source?.kind === 'latest-of-items') {
      const items = properties[source.items]?.items?.$ref ?? '';
      expect(resolveSchema(VISMA_EXPORT_SCHEMAS, items).properties?.[source.field]).toMatchObject({ type: 'string', format: 'date-time' });
    }
    if (entity.linesSplitAcrossPages) expect(properties[entity.linesSplitAcrossPages.linesField]?.type).toBe('array');
  });

  it.each([
    ['supplier_invoices', '/v1/supplierInvoice', 'SupplierInvoice_GetAllInvoices', ['documentType', 'referenceNumber']],
    ['purchase_receipts', '/v2/PurchaseReceipt', 'PurchaseReceiptV2_GetAllReceipts', ['receiptType', 'receiptNbr']],
    ['customer_payments', '/v1/customerPayment', 'CustomerPayment_GetAllPayments', ['type', 'refNbr']],
    ['journal_transactions', '/v2/journaltransaction', 'JournalTransactionV2_GetAllJournalTransactions', ['module', 'batchNumber']],
    ['gl_accounts', '/v1/account', 'Account_GetAll', ['accountCD']],
  ] as const)('should describe %s as GET %s (%s) keyed by %j', (id, path, operationId, key) => {
    const entity = exportEntity(id);
    expect(entity.list).toMatchObject({ method: 'GET', path, operationId });
    expect(entity.key).toEqual(key);
  });

  it('should record the delta and paging differences the spec states', () => {
    expect(exportEntity('journal_transactions').delta).toEqual({ since: 'lastModifiedDateTime', condition: null });
    expect(exportEntity('customers').delta).toEqual({ since: 'lastModifiedDateTime', condition: 'lastModifiedDateTimeCondition' });
    expect(exportEntity('gl_accounts').paging).toBeNull();
    expect(exportEntity('purchase_receipts').paging?.maxPageSize).toBe(500);
    expect(exportEntity('supplier_invoices').paging).toEqual({ pageNumber: 'pageNumber', pageSize: 'pageSize', maxPageSize: null });
    const dimensions = exportEntity('dimensions');
    expect(dimensions).toMatchObject({ listReturns: 'ids', delta: null, paging: null, dtoSchema: 'DtoDimension' });
    expect(dimensions.detail).toMatchObject({ path: '/v1/dimension/{dimensionId}', operationId: 'Dimension_GetDimensionBydimensionId', fixedQuery: { expandSegmentsValues: 'true' } });
    EXPORT_ENTITIES.filter((e) => e.listReturns === 'records').forEach((e) => expect(e.detail).toBeNull());
  });

  it('should throw a MappingError naming the entity when the id is unknown', () => {
    expect(() => exportEntity('invoices')).toThrow(MappingError);
    expect(() => exportEntity('invoices')).toThrow(/entity: "invoices" is not an export entity/);
  });
});
