import fc from 'fast-check';
import { deriveExportTable, evolveTableSchema, normalizeFieldMode, normalizeFieldType, type TableFieldSchema } from '@mlc/mapping';

type Flat = Map<string, { type: string; mode: string }>;

/** Every column path (lower-cased, as BigQuery compares) → normalised type and mode. */
function flatten(fields: readonly TableFieldSchema[], prefix = '', out: Flat = new Map()): Flat {
  for (const f of fields) {
    const path = prefix + f.name.toLowerCase();
    out.set(path, { type: normalizeFieldType(f.type), mode: normalizeFieldMode(f.mode) });
    flatten(f.fields ?? [], `${path}.`, out);
  }
  return out;
}

const NAMES = ['a', 'A', 'b', 'lines', 'amount', 'Amount', 'x'];
const SCALARS = ['STRING', 'INT64', 'INTEGER', 'NUMERIC', 'BOOL', 'BOOLEAN', 'TIMESTAMP'];
const MODES = [undefined, 'NULLABLE', 'REQUIRED', 'REPEATED'];

/** Random BigQuery schemas: names unique ignoring case per level, legacy type names and absent modes included. */
const schemaArb: fc.Arbitrary<TableFieldSchema[]> = fc.letrec<{ fields: TableFieldSchema[]; field: TableFieldSchema }>((tie) => ({
  field: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ name: fc.constantFrom(...NAMES), type: fc.constantFrom(...SCALARS), mode: fc.constantFrom(...MODES) }).map(({ mode, ...f }) => (mode === undefined ? f : { ...f, mode })),
    fc.record({ name: fc.constantFrom(...NAMES), type: fc.constantFrom('RECORD', 'STRUCT'), mode: fc.constantFrom('NULLABLE', 'REPEATED'), fields: tie('fields') }),
  ),
  fields: fc.uniqueArray(tie('field'), { maxLength: 5, selector: (f) => f.name.toLowerCase() }),
})).fields;

describe('evolveTableSchema', () => {
  it('should keep every existing column with its type and mode (REQUIRED may only relax), in place', () => {
    fc.assert(fc.property(schemaArb, schemaArb, (existing, desired) => {
      const result = evolveTableSchema(existing, desired);
      const before = flatten(existing);
      const after = flatten(result.fields);
      for (const [path, old] of before) {
        const now = after.get(path);
        expect(now?.type).toBe(old.type);
        expect(now?.mode === old.mode || (old.mode === 'REQUIRED' && now?.mode === 'NULLABLE')).toBe(true);
      }
      expect(result.fields.slice(0, existing.length).map((f) => f.name)).toEqual(existing.map((f) => f.name));
    }));
  });

  it('should contain every desired column unless a conflict above it was reported, and never add a REQUIRED column', () => {
    fc.assert(fc.property(schemaArb, schemaArb, (existing, desired) => {
      const result = evolveTableSchema(existing, desired);
      const after = flatten(result.fields);
      const before = flatten(existing);
      const conflicts = result.problems.filter((p) => p.code !== 'required-added-as-nullable').map((p) => p.path.toLowerCase());
      for (const path of flatten(desired).keys()) {
        if (conflicts.some((c) => path === c || path.startsWith(`${c}.`))) continue;
        expect(after.has(path)).toBe(true);
      }
      for (const change of result.changes) {
        if (change.kind === 'add-column') {
          expect(before.has(change.path.toLowerCase())).toBe(false);
          expect(normalizeFieldMode(change.field.mode)).not.toBe('REQUIRED');
        }
      }
      expect(result.isChanged).toBe(result.changes.length > 0);
    }));
  });

  it('should be idempotent: evolving the merged schema again changes nothing', () => {
    fc.assert(fc.property(schemaArb, schemaArb, (existing, desired) => {
      const once = evolveTableSchema(existing, desired);
      const twice = evolveTableSchema(once.fields, desired);
      expect(twice.changes).toEqual([]);
      expect(twice.fields).toEqual(once.fields);
    }));
  });

  it('should append a new nested field and a new column, and report both', () => {
    const existing: TableFieldSchema[] = [
      { name: 'referenceNumber', type: 'STRING', mode: 'NULLABLE' },
      { name: 'invoiceLines', type: 'RECORD', mode: 'REPEATED', fields: [{ name: 'amount', type: 'NUMERIC' }] },
    ];
    const desired: TableFieldSchema[] = [
      { name: 'referenceNumber', type: 'STRING', mode: 'NULLABLE' },
      { name: 'note', type: 'STRING', mode: 'NULLABLE' },
      { name: 'invoiceLines', type: 'RECORD', mode: 'REPEATED', fields: [{ name: 'amount', type: 'NUMERIC', mode: 'NULLABLE' }, { name: 'vatCode', type: 'RECORD', mode: 'NULLABLE', fields: [{ name: 'id', type: 'STRING', mode: 'NULLABLE' }] }] },
      { name: '_extracted_at', type: 'TIMESTAMP', mode: 'REQUIRED' },
    ];
    const result = evolveTableSchema(existing, desired);
    expect(result.fields.map((f) => f.name)).toEqual(['referenceNumber', 'invoiceLines', 'note', '_extracted_at']);
    expect(result.fields[1]?.fields?.map((f) => f.name)).toEqual(['amount', 'vatCode']);
    expect(result.changes.map((c) => `${c.kind} ${c.path}`)).toEqual(['add-column invoiceLines.vatCode', 'add-column note', 'add-column _extracted_at']);
    expect(result.fields[3]).toMatchObject({ name: '_extracted_at', mode: 'NULLABLE' });
    expect(result.problems.map((p) => p.code)).toEqual(['required-added-as-nullable']);
  });

  it('should keep a retyped or re-moded column as it was and report the conflict', () => {
    const existing: TableFieldSchema[] = [{ name: 'amount', type: 'FLOAT' }, { name: 'tags', type: 'STRING', mode: 'NULLABLE' }, { name: 'id', type: 'INTEGER', mode: 'REQUIRED' }];
    const desired: TableFieldSchema[] = [{ name: 'Amount', type: 'NUMERIC', mode: 'NULLABLE' }, { name: 'tags', type: 'STRING', mode: 'REPEATED' }, { name: 'id', type: 'INT64', mode: 'NULLABLE' }];
    const result = evolveTableSchema(existing, desired);
    expect(result.fields).toEqual([{ name: 'amount', type: 'FLOAT' }, { name: 'tags', type: 'STRING', mode: 'NULLABLE' }, { name: 'id', type: 'INTEGER', mode: 'NULLABLE' }]);
    expect(result.problems.map((p) => `${p.code} ${p.path} ${p.existing}→${p.desired}`)).toEqual(['type-conflict amount FLOAT64→NUMERIC', 'mode-conflict tags NULLABLE→REPEATED']);
    expect(result.changes).toEqual([{ kind: 'relax-mode', path: 'id', from: 'REQUIRED', to: 'NULLABLE' }]);
  });

  it('should create a table from nothing and change nothing when the table already matches the derived schema', () => {
    const { fields } = deriveExportTable('journal_transactions');
    const created = evolveTableSchema([], fields);
    expect(created.changes).toHaveLength(fields.length);
    expect(evolveTableSchema(fields, fields)).toEqual({ fields, changes: [], problems: [], isChanged: false });
  });
});
