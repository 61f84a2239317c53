import { canonicalFieldType, mergeTableSchema, type BigQueryTableFieldSchema } from '@mlc/connectors';

const EXISTING: BigQueryTableFieldSchema[] = [
  { name: 'id', type: 'STRING', mode: 'REQUIRED' },
  { name: 'amount', type: 'NUMERIC' },
  { name: 'address', type: 'RECORD', fields: [{ name: 'city', type: 'STRING' }] },
  { name: 'legacy', type: 'INTEGER' },
];

describe(mergeTableSchema.name, () => {
  it('should report nothing when the wanted schema is already there (legacy type names and case ignored)', () => {
    const wanted: BigQueryTableFieldSchema[] = [{ name: 'ID', type: 'STRING', mode: 'REQUIRED' }, { name: 'legacy', type: 'INT64' }];
    expect(mergeTableSchema(EXISTING, wanted)).toEqual({ fields: EXISTING, added: [], conflicts: [] });
  });

  it('should append new top-level and nested fields, keeping every existing one in place', () => {
    const wanted: BigQueryTableFieldSchema[] = [
      { name: 'id', type: 'STRING', mode: 'REQUIRED' },
      { name: 'address', type: 'RECORD', fields: [{ name: 'city', type: 'STRING' }, { name: 'zip', type: 'STRING' }] },
      { name: 'lines', type: 'RECORD', mode: 'REPEATED', fields: [{ name: 'sku', type: 'STRING', mode: 'REQUIRED' }] },
    ];
    const merged = mergeTableSchema(EXISTING, wanted);
    expect(merged.fields.map((f) => f.name)).toEqual(['id', 'amount', 'address', 'legacy', 'lines']);
    expect(merged.fields[2]?.fields?.map((f) => f.name)).toEqual(['city', 'zip']);
    expect(merged.added).toEqual([
      { path: 'address.zip', type: 'STRING', mode: 'NULLABLE', wasRequired: false },
      { path: 'lines', type: 'RECORD', mode: 'REPEATED', wasRequired: false },
    ]);
    expect(merged.fields[4]?.fields?.[0]?.mode).toBe('NULLABLE'); // a REQUIRED column cannot be added to an existing table
    expect(merged.conflicts).toEqual([]);
  });

  it('should add a new REQUIRED field as NULLABLE and say so', () => {
    const merged = mergeTableSchema(EXISTING, [{ name: 'company', type: 'STRING', mode: 'REQUIRED' }]);
    expect(merged.added).toEqual([{ path: 'company', type: 'STRING', mode: 'NULLABLE', wasRequired: true }]);
  });

  it('should never retype or drop: type and mode differences are conflicts, the table keeps its column', () => {
    const merged = mergeTableSchema(EXISTING, [{ name: 'amount', type: 'FLOAT64' }, { name: 'address', type: 'RECORD', mode: 'REPEATED', fields: [{ name: 'city', type: 'INT64' }] }]);
    expect(merged.fields).toEqual(EXISTING);
    expect(merged.conflicts).toEqual([
      { path: 'amount', kind: 'type-differs', existing: 'NUMERIC', wanted: 'FLOAT64' },
      { path: 'address', kind: 'mode-differs', existing: 'NULLABLE', wanted: 'REPEATED' },
      { path: 'address.city', kind: 'type-differs', existing: 'STRING', wanted: 'INT64' },
    ]);
  });

  it('should canonicalise legacy type names', () => {
    expect(['INTEGER', 'float', 'BOOLEAN', 'STRUCT', 'DATE'].map(canonicalFieldType)).toEqual(['INT64', 'FLOAT64', 'BOOL', 'RECORD', 'DATE']);
  });
});
