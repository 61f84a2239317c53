/**
 * Row conversion of Visma DTOs. The spec (visma-net-erp-api.v1_20250424.openapi.json) has no response examples (its
 * only `example` values are all-zero uuids), so the samples below are hand-built from the committed DTO schemas'
 * property names and types; values are invented.
 */
import { MappingError, deriveExportTable, joinSplitRecords, lastModified, recordKey, toExportRow } from '@mlc/mapping';

const PROVENANCE = { batchId: 'run-7/batch-3', extractedAt: '2025-04-01T06:00:00.000Z' };

function journalTransaction(batchNumber: string, lines: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    module: 'ModuleGL', batchNumber, status: 'Posted', hold: false, transactionDate: '2025-03-31T00:00:00', postPeriod: '202503',
    financialPeriod: '202503', ledger: 'L', currencyId: 'NOK', exchangeRate: 1, debitTotal: 0.1 + 0.2, creditTotal: 0.3,
    lastModifiedDateTime: '2025-03-31T14:05:09.123', branch: '1', journalTransactionLines: lines,
    metadata: { totalCount: 2, maxPageSize: 1000 }, ...extra,
  };
}

const LINE_1 = {
  lineNumber: 1, accountNumber: '1920', description: 'Bank', debitAmount: 0.1 + 0.2, creditAmount: 0, debitAmountInCurrency: 1e-7,
  subaccount: { subaccountNumber: '00-00', subaccountId: 1, segments: [{ segmentId: 1, segmentValue: '00' }], metadata: { totalCount: 1, maxPageSize: 1 } },
  vatCode: null, attachments: null,
};
const LINE_2 = { lineNumber: 2, accountNumber: '3000', creditAmount: 12345678901234.56, debitAmount: 0, quantity: 2.5, project: { id: 'P1', description: 'Project' } };

describe('toExportRow', () => {
  const table = deriveExportTable('journal_transactions');

  it('should convert a journal transaction with nested lines, decimals as text, UTC timestamps and provenance', () => {
    const { row, unknownFields, notes } = toExportRow(table, journalTransaction('GL000123', [LINE_1, LINE_2]), PROVENANCE);
    expect(row).toMatchObject({
      module: 'ModuleGL', batchNumber: 'GL000123', hold: false, transactionDate: '2025-03-31T00:00:00Z', exchangeRate: '1',
      debitTotal: '0.3', creditTotal: '0.3', lastModifiedDateTime: '2025-03-31T14:05:09.123Z',
      _export_batch_id: 'run-7/batch-3', _extracted_at: '2025-04-01T06:00:00.000Z', _source_last_modified: '2025-03-31T14:05:09.123Z',
    });
    expect(row['metadata']).toBeUndefined();
    expect(row['journalTransactionLines']).toEqual([
      {
        lineNumber: '1', accountNumber: '1920', description: 'Bank', debitAmount: '0.3', creditAmount: '0', debitAmountInCurrency: '0.0000001',
        subaccount: { subaccountNumber: '00-00', subaccountId: '1', segments: [{ segmentId: '1', segmentValue: '00' }] },
        vatCode: null, attachments: [],
      },
      { lineNumber: '2', accountNumber: '3000', creditAmount: '12345678901234.56', debitAmount: '0', quantity: '2.5', project: { id: 'P1', description: 'Project' }, attachments: [] },
    ]);
    expect(row['attachments']).toEqual([]);
    expect(unknownFields).toEqual([]);
    expect(notes).toEqual([
      { code: 'numeric-rounded', field: 'debitTotal' },
      { code: 'numeric-rounded', field: 'journalTransactionLines[0].debitAmount' },
    ]);
    expect(JSON.stringify(row)).not.toMatch(/\de[+-]?\d/i);
  });

  it('should keep nulls as null, leave absent fields out and never make a repeated field null', () => {
    const dto = { module: 'ModuleAR', batchNumber: 'AR1', description: null, exchangeRate: null, lastModifiedDateTime: '2025-01-01T00:00:00', journalTransactionLines: null };
    const { row } = toExportRow(table, dto, PROVENANCE);
    expect(row).toEqual({
      module: 'ModuleAR', batchNumber: 'AR1', description: null, exchangeRate: null, lastModifiedDateTime: '2025-01-01T00:00:00Z',
      journalTransactionLines: [], attachments: [],
      _export_batch_id: 'run-7/batch-3', _extracted_at: '2025-04-01T06:00:00.000Z', _source_last_modified: '2025-01-01T00:00:00Z',
    });
  });

  it('should drop unknown fields, top-level and nested, and report each generic path once', () => {
    const dto = journalTransaction('GL1', [{ ...LINE_2, costCentre: 'A' }, { ...LINE_2, costCentre: 'B' }], { newFlag: true });
    const { row, unknownFields } = toExportRow(table, dto, PROVENANCE);
    expect(unknownFields).toEqual(['journalTransactionLines[].costCentre', 'newFlag']);
    expect(row['newFlag']).toBeUndefined();
    expect(JSON.stringify(row)).not.toContain('costCentre');
  });

  it('should drop null array elements with a note', () => {
    const { row, notes } = toExportRow(table, journalTransaction('GL2', [LINE_2, null as unknown as Record<string, unknown>]), PROVENANCE);
    expect(row['journalTransactionLines']).toHaveLength(1);
    expect(notes).toContainEqual({ code: 'null-array-element-dropped', field: 'journalTransactionLines[1]' });
  });

  it('should convert a supplier invoice with big amounts, offsets, nested records and line money', () => {
    const invoiceTable = deriveExportTable('supplier_invoices');
    const dto = {
      documentType: 'Invoice', referenceNumber: '000123', status: 'Open', hold: false, amount: 987654321098.75, vatAmount: 0.07,
      documentVersionNumber: 3, date: '2025-03-31T00:00:00', dueDate: '2025-04-30T00:00:00+02:00', exchangeRate: 11.4213,
      supplier: { number: '50001', name: 'Leverandør AS' }, lastModifiedDateTime: '2025-03-31T09:15:00',
      invoiceLines: [{ lineNumber: 1, quantity: 3, unitCostInCurrency: 33.33, costInCurrency: 99.99, account: { number: '4000', description: 'Purchases' } }],
      timeStamp: 'AAAAAAAB9mM=',
    };
    const { row, unknownFields } = toExportRow(invoiceTable, dto, PROVENANCE);
    expect(row).toMatchObject({
      documentType: 'Invoice', referenceNumber: '000123', amount: '987654321098.75', vatAmount: '0.07', documentVersionNumber: '3',
      date: '2025-03-31T00:00:00Z', dueDate: '2025-04-29T22:00:00Z', exchangeRate: '11.4213', supplier: { number: '50001', name: 'Leverandør AS' },
      timeStamp: 'AAAAAAAB9mM=', taxDetailLines: [], landedCosts: [],
    });
    expect(row['invoiceLines']).toEqual([expect.objectContaining({ lineNumber: '1', quantity: '3', unitCostInCurrency: '33.33', costInCurrency: '99.99', account: { number: '4000', description: 'Purchases' } })]);
    expect(unknownFields).toEqual([]);
  });

  it('should convert a dimension with segments and segment values and take the latest segment change as last-modified', () => {
    const dimensionTable = deriveExportTable('dimensions');
    const dto = {
      id: 'SUBACCOUNT', length: 4, description: 'Subaccount',
      segments: [
        { segmentId: 1, description: 'Department', lastModified: '2025-01-02T10:00:00', segmentValues: [{ valueId: '10', description: 'Sales', active: true, lastModified: '2025-01-05T00:00:00' }] },
        { segmentId: 2, description: 'Project', lastModified: '2025-01-02T10:00:00.5', segmentValues: [] },
      ],
    };
    const { row } = toExportRow(dimensionTable, dto, PROVENANCE);
    expect(row['segments']).toEqual([
      { segmentId: '1', description: 'Department', lastModified: '2025-01-02T10:00:00Z', segmentValues: [{ valueId: '10', description: 'Sales', active: true, lastModified: '2025-01-05T00:00:00Z' }] },
      { segmentId: '2', description: 'Project', lastModified: '2025-01-02T10:00:00.5Z', segmentValues: [] },
    ]);
    expect(row['_source_last_modified']).toBe('2025-01-02T10:00:00.5Z');
    expect(lastModified('dimensions', { id: 'X', segments: [] })).toBeNull();
  });

  it('should write a list of strings as a REPEATED STRING and a number sent for a STRING column as its text', () => {
    const { row } = toExportRow(deriveExportTable('employees'), { employeeNumber: 'E1', employeeId: 17, department: 42, workGroupDescription: ['Finance', 'Ops'], lastModifiedDateTime: '2025-02-01T08:00:00' }, PROVENANCE);
    expect(row).toMatchObject({ employeeNumber: 'E1', employeeId: '17', department: '42', workGroupDescription: ['Finance', 'Ops'] });
  });

  it.each([
    [{ debitTotal: 'lots' }, /^debitTotal: /],
    [{ debitTotal: Number.NaN }, /^debitTotal: NaN is not a finite number/],
    [{ hold: 'yes' }, /^hold: expected a boolean/],
    [{ transactionDate: '31.03.2025' }, /^transactionDate: /],
    [{ journalTransactionLines: { lineNumber: 1 } }, /^journalTransactionLines: expected an array/],
    [{ journalTransactionLines: [{ lineNumber: 1.5 }] }, /^journalTransactionLines\[0\]\.lineNumber: 1\.5 is not an integer/],
    [{ journalTransactionLines: [{ creditAmount: 1e30 }] }, /^journalTransactionLines\[0\]\.creditAmount: 31 integer digits do not fit NUMERIC/],
  ])('should throw a MappingError naming the field when a value does not fit: %j', (patch, message) => {
    const dto = { ...journalTransaction('GL9', []), ...patch };
    expect(() => toExportRow(table, dto, PROVENANCE)).toThrow(MappingError);
    expect(() => toExportRow(table, dto, PROVENANCE)).toThrow(message);
  });

  it('should refuse a blank batch id and an extractedAt without an offset', () => {
    const dto = journalTransaction('GL9', []);
    expect(() => toExportRow(table, dto, { ...PROVENANCE, batchId: ' ' })).toThrow(/^batchId: /);
    expect(() => toExportRow(table, dto, { ...PROVENANCE, extractedAt: '2025-04-01T06:00:00' })).toThrow(/^extractedAt: /);
  });
});

describe('recordKey and lastModified', () => {
  it('should build composite keys in catalogue order with an unambiguous id', () => {
    expect(recordKey('supplier_invoices', { documentType: 'Invoice', referenceNumber: '000123' })).toEqual({
      parts: [{ field: 'documentType', value: 'Invoice' }, { field: 'referenceNumber', value: '000123' }], id: 'Invoice/000123',
    });
    expect(recordKey('journal_transactions', { module: 'ModuleGL', batchNumber: 'A/B' }).id).toBe('ModuleGL/A%2FB');
    expect(recordKey('customers', { number: '10001' }).id).toBe('10001');
  });

  it.each([
    ['supplier_invoices', { documentType: 'Invoice' }, 'referenceNumber'],
    ['supplier_invoices', { documentType: 'Invoice', referenceNumber: '  ' }, 'referenceNumber'],
    ['journal_transactions', { batchNumber: 'GL1', module: null }, 'module'],
    ['gl_accounts', {}, 'accountCD'],
  ] as const)('should throw a MappingError naming the missing key field of %s', (entity, dto, field) => {
    let error: unknown;
    try {
      recordKey(entity, dto);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toMatchObject({ code: 'missing-field', field });
    expect((error as Error).message).toMatch(new RegExp(`^${field}: is the record key of ${entity}`));
  });

  it('should throw naming lastModifiedDateTime when it is missing, and read offset-less instants as UTC', () => {
    expect(() => lastModified('customers', { number: '1' })).toThrow(/^lastModifiedDateTime: is the last-modified field of customers/);
    expect(lastModified('customers', { number: '1', lastModifiedDateTime: '2025-03-31T14:05:09.1234567' })).toBe('2025-03-31T14:05:09.123456Z');
  });
});

describe('joinSplitRecords', () => {
  it('should join a journal batch split across pages and hold back the last batch of a page', () => {
    const page1 = [journalTransaction('GL1', [LINE_1]), journalTransaction('GL2', [LINE_1])];
    const page2 = [journalTransaction('GL2', [LINE_2]), journalTransaction('GL3', [LINE_1])];
    const first = joinSplitRecords('journal_transactions', null, page1, false);
    expect(first.complete.map((r) => r['batchNumber'])).toEqual(['GL1']);
    expect(first.carry?.['batchNumber']).toBe('GL2');
    const second = joinSplitRecords('journal_transactions', first.carry, page2, true);
    expect(second.complete.map((r) => r['batchNumber'])).toEqual(['GL2', 'GL3']);
    expect((second.complete[0]?.['journalTransactionLines'] as unknown[]).map((l) => (l as { lineNumber: number }).lineNumber)).toEqual([1, 2]);
    expect(second.carry).toBeNull();
    expect(page1[1]?.['journalTransactionLines']).toHaveLength(1); // inputs untouched
  });

  it('should pass other entities through', () => {
    const page = [{ number: '1' }, { number: '2' }];
    expect(joinSplitRecords('customers', null, page, false)).toEqual({ complete: page, carry: null });
  });
});
