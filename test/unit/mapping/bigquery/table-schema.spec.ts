/**
 * Table schemas derived from the committed Visma DTO schemas (visma-export-schemas.json), plus synthetic schemas for
 * the rules the Visma DTOs do not exercise (recursion, allOf, free-form objects, odd names).
 */
import fc from 'fast-check';
import {
  EXPORT_ENTITIES, PROVENANCE_FIELDS, assignColumnNames, deriveExportTable, deriveTableFields, isValidColumnName,
  sanitizeColumnName, type SchemaDocument, type TableFieldSchema,
} from '@mlc/mapping';

function field(fields: readonly TableFieldSchema[], path: string): TableFieldSchema {
  const [head, ...rest] = path.split('.');
  const found = fields.find((f) => f.name === head);
  if (!found) throw new Error(`no column ${path} among ${fields.map((f) => f.name).join(', ')}`);
  return rest.length === 0 ? found : field(found.fields ?? [], rest.join('.'));
}

function walk(fields: readonly TableFieldSchema[], visit: (f: TableFieldSchema, path: string) => void, prefix = ''): void {
  for (const f of fields) {
    visit(f, prefix + f.name);
    walk(f.fields ?? [], visit, `${prefix}${f.name}.`);
  }
}

const tables = EXPORT_ENTITIES.map((e) => [e.id, deriveExportTable(e)] as const);

describe('deriveExportTable', () => {
  it.each(tables)('should derive %s with its key columns and the three provenance columns last', (_id, table) => {
    table.entity.key.forEach((k) => expect(field(table.fields, k)).toMatchObject({ type: 'STRING', mode: 'NULLABLE' }));
    expect(table.fields.slice(-3)).toEqual(PROVENANCE_FIELDS);
    expect(field(table.fields, '_export_batch_id')).toMatchObject({ type: 'STRING', mode: 'REQUIRED' });
    expect(field(table.fields, '_extracted_at')).toMatchObject({ type: 'TIMESTAMP', mode: 'REQUIRED' });
    expect(field(table.fields, '_source_last_modified')).toMatchObject({ type: 'TIMESTAMP', mode: 'NULLABLE' });
  });

  it.each(tables)('should never use FLOAT64 (or FLOAT) anywhere in %s, and keep every other column NULLABLE or REPEATED', (_id, table) => {
    let numerics = 0;
    walk(table.fields, (f, path) => {
      expect(['FLOAT64', 'FLOAT']).not.toContain(f.type);
      if (f.type === 'NUMERIC') numerics += 1;
      if (!path.startsWith('_export_batch_id') && !path.startsWith('_extracted_at')) expect(['NULLABLE', 'REPEATED']).toContain(f.mode);
    });
    // Master data without amounts (employees, GL accounts, dimensions) has no number fields at all.
    expect(numerics > 0).toBe(!['employees', 'gl_accounts', 'dimensions'].includes(table.entity.id));
  });

  it.each(tables)('should give %s legal column names, unique ignoring case at every level, and no page metadata', (_id, table) => {
    const check = (fields: readonly TableFieldSchema[]): void => {
      fields.forEach((f) => expect(isValidColumnName(f.name)).toBe(true));
      expect(new Set(fields.map((f) => f.name.toLowerCase())).size).toBe(fields.length);
      expect(fields.map((f) => f.name)).not.toContain('metadata');
      fields.forEach((f) => check(f.fields ?? []));
    };
    check(table.fields);
  });

  it('should make journal transaction lines a REPEATED RECORD with NUMERIC debit and credit amounts', () => {
    const { fields } = deriveExportTable('journal_transactions');
    expect(field(fields, 'journalTransactionLines')).toMatchObject({ type: 'RECORD', mode: 'REPEATED' });
    for (const amount of ['debitAmount', 'debitAmountInCurrency', 'creditAmount', 'creditAmountInCurrency', 'quantity']) {
      expect(field(fields, `journalTransactionLines.${amount}`)).toMatchObject({ type: 'NUMERIC', mode: 'NULLABLE' });
    }
    expect(field(fields, 'journalTransactionLines.lineNumber').type).toBe('INT64');
    expect(field(fields, 'journalTransactionLines.subaccount')).toMatchObject({ type: 'RECORD', mode: 'NULLABLE' });
    expect(field(fields, 'journalTransactionLines.subaccount.segments')).toMatchObject({ type: 'RECORD', mode: 'REPEATED' });
    expect(field(fields, 'journalTransactionLines.vatCode.id').type).toBe('STRING');
    expect(field(fields, 'transactionDate').type).toBe('TIMESTAMP');
    expect(field(fields, 'lastModifiedDateTime').type).toBe('TIMESTAMP');
    expect(field(fields, 'debitTotal').type).toBe('NUMERIC');
    expect(field(fields, 'hold').type).toBe('BOOL');
    expect(field(fields, 'module')).toMatchObject({ type: 'STRING', description: expect.stringContaining('workspace') });
    expect(() => field(fields, 'journalTransactionLines.subaccount.metadata')).toThrow(/no column/);
  });

  it.each([
    ['supplier_invoices', 'invoiceLines', 'RECORD', 'REPEATED'],
    ['supplier_invoices', 'amount', 'NUMERIC', 'NULLABLE'],
    ['supplier_invoices', 'documentVersionNumber', 'INT64', 'NULLABLE'],
    ['supplier_invoices', 'timeStamp', 'STRING', 'NULLABLE'],
    ['supplier_invoices', 'supplier', 'RECORD', 'NULLABLE'],
    ['supplier_invoices', 'date', 'TIMESTAMP', 'NULLABLE'],
    ['customer_invoices', 'invoiceLines', 'RECORD', 'REPEATED'],
    ['customer_invoices', 'amountInCurrency', 'NUMERIC', 'NULLABLE'],
    ['customer_invoices', 'documentDate', 'TIMESTAMP', 'NULLABLE'],
    ['customer_invoices', 'status', 'STRING', 'NULLABLE'],
    ['customer_credit_notes', 'lines', 'RECORD', 'REPEATED'],
    ['customer_payments', 'paymentLines', 'RECORD', 'REPEATED'],
    ['customer_payments', 'paymentAmount', 'NUMERIC', 'NULLABLE'],
    ['supplier_payments', 'paymentLines', 'RECORD', 'REPEATED'],
    ['purchase_orders', 'lines', 'RECORD', 'REPEATED'],
    ['purchase_orders', 'orderTotal', 'NUMERIC', 'NULLABLE'],
    ['purchase_receipts', 'lines', 'RECORD', 'REPEATED'],
    ['purchase_receipts', 'totalQty', 'NUMERIC', 'NULLABLE'],
    ['customers', 'creditLimit', 'NUMERIC', 'NULLABLE'],
    ['customers', 'mainAddress', 'RECORD', 'NULLABLE'],
    ['customers', 'attributes', 'RECORD', 'REPEATED'],
    ['suppliers', 'retainagePct', 'NUMERIC', 'NULLABLE'],
    ['gl_accounts', 'accountID', 'INT64', 'NULLABLE'],
    ['gl_accounts', 'active', 'BOOL', 'NULLABLE'],
    ['employees', 'workGroupDescription', 'STRING', 'REPEATED'],
    ['employees', 'employeeUserId', 'STRING', 'NULLABLE'],
    ['dimensions', 'segments', 'RECORD', 'REPEATED'],
    ['dimensions', 'segments.segmentValues', 'RECORD', 'REPEATED'],
    ['dimensions', 'segments.lastModified', 'TIMESTAMP', 'NULLABLE'],
    ['dimensions', 'segments.segmentValues.active', 'BOOL', 'NULLABLE'],
  ] as const)('should derive %s column %s as %s %s', (id, path, type, mode) => {
    expect(field(deriveExportTable(id).fields, path)).toMatchObject({ type, mode });
  });

  it('should decode the HTML entities of Visma descriptions', () => {
    const description = field(deriveExportTable('supplier_invoices').fields, 'documentType').description ?? '';
    expect(description).toContain('>');
    expect(description).not.toContain('&gt;');
  });
});

describe('deriveTableFields on synthetic schemas', () => {
  const doc: SchemaDocument = {
    components: {
      schemas: {
        Node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/components/schemas/Node' } } },
        Base: { type: 'object', properties: { id: { type: 'string' }, at: { type: 'string', format: 'date' } } },
        Extended: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { extra: { type: 'integer' } } }] },
        Odd: {
          type: 'object',
          properties: {
            'line no': { type: 'number' }, 'Line_no': { type: 'string' }, '1st': { type: 'boolean' }, _export_batch_id: { type: 'string' },
            free: { type: 'object' }, map: { type: 'object', additionalProperties: { type: 'string' } }, matrix: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
            either: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, kind: { type: 'string', enum: ['A', 'B'] }, tags: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  };

  it('should stop a recursive schema at the depth limit and store the rest as JSON', () => {
    const fields = deriveTableFields('Node', doc, { maxRecordDepth: 3 });
    expect(field(fields, 'child.child.child')).toMatchObject({ type: 'RECORD' });
    expect(field(fields, 'child.child.child.child')).toMatchObject({ type: 'JSON', mode: 'NULLABLE', description: expect.stringContaining('deeper than 3') });
    const deep = deriveTableFields('Node', doc);
    let depth = 0;
    walk(deep, (f, path) => { if (f.type === 'RECORD') depth = Math.max(depth, path.split('.').length); });
    expect(depth).toBe(15);
  });

  it('should merge allOf parts and map format date to DATE', () => {
    const fields = deriveTableFields('Extended', doc);
    expect(fields.slice(0, 3).map((f) => [f.name, f.type])).toEqual([['id', 'STRING'], ['at', 'DATE'], ['extra', 'INT64']]);
  });

  it('should sanitise names, keep them unique ignoring case, avoid provenance names and use JSON where no RECORD fits', () => {
    const fields = deriveTableFields('Odd', doc);
    expect(fields.map((f) => f.name)).toEqual([
      'line_no', 'Line_no_2', '_1st', '_export_batch_id_2', 'free', 'map', 'matrix', 'either', 'kind', 'tags',
      '_export_batch_id', '_extracted_at', '_source_last_modified',
    ]);
    expect(fields.map((f) => `${f.type}/${f.mode}`).slice(0, 10)).toEqual([
      'NUMERIC/NULLABLE', 'STRING/NULLABLE', 'BOOL/NULLABLE', 'STRING/NULLABLE', 'JSON/NULLABLE', 'JSON/NULLABLE', 'JSON/NULLABLE', 'JSON/NULLABLE', 'STRING/NULLABLE', 'STRING/REPEATED',
    ]);
  });
});

describe('column names', () => {
  it.each([
    ['lastModifiedDateTime', 'lastModifiedDateTime'],
    ['line no', 'line_no'],
    ['9lives', '_9lives'],
    ['', '_'],
    ['_TABLE_x', 'x_TABLE_x'],
    ['_partitiontime', 'x_partitiontime'],
    ['ø', '_'],
    ['a'.repeat(400), 'a'.repeat(300)],
  ])('should sanitise %j to %j', (source, expected) => {
    expect(sanitizeColumnName(source)).toBe(expected);
  });

  it('should turn any list of names into legal names, unique ignoring case, deterministically and without renaming earlier ones', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('a', 'A', 'a_2', '_TABLE', 'x'.repeat(305))), { maxLength: 30 }), fc.array(fc.string({ maxLength: 5 })), (names, more) => {
      const out = assignColumnNames(names);
      expect(out).toHaveLength(names.length);
      out.forEach((n) => expect(isValidColumnName(n)).toBe(true));
      expect(new Set(out.map((n) => n.toLowerCase())).size).toBe(out.length);
      expect(assignColumnNames(names)).toEqual(out);
      expect(assignColumnNames([...names, ...more]).slice(0, names.length)).toEqual(out);
    }));
  });

  it('should never hand out a reserved name', () => {
    expect(assignColumnNames(['_export_batch_id', '_export_batch_id'], ['_export_batch_id'])).toEqual(['_export_batch_id_2', '_export_batch_id_3']);
    expect(assignColumnNames(['_TABLE', '_TABLE'])).toEqual(['_TABLE', 'x_TABLE_2']);
  });
});
