import { compileRowReader } from '../../../../apps/sandbox/src/bigquery/row-reader';
import { coerceRow, compileSchema, storedBytes, type Column, type Row } from '../../../../apps/sandbox/src/bigquery/schema';
import type { JsonInput } from '../../../../apps/sandbox/src/bigquery/json-lossless';

const columns: Column[] = compileSchema([
  { name: 'id', type: 'STRING', mode: 'REQUIRED' },
  { name: 'amount', type: 'NUMERIC' },
  { name: 'count', type: 'INT64' },
  { name: 'ok', type: 'BOOL' },
  { name: 'at', type: 'TIMESTAMP' },
  { name: 'day', type: 'DATE' },
  { name: 'tags', type: 'STRING', mode: 'REPEATED' },
  { name: 'lines', type: 'RECORD', mode: 'REPEATED', fields: [{ name: 'n', type: 'INT64' }, { name: 'text', type: 'STRING' }] },
]);
const bytesOf = (row: Row): number => columns.reduce((n, c) => n + storedBytes(c, row[c.index]), 0);

describe(compileRowReader.name, () => {
  const read = compileRowReader(columns);

  it('should give the generic row and bytes for the inputs it takes', () => {
    const inputs: JsonInput[] = [
      { id: 'a long enough text to intern', amount: '12.5', count: '-7', ok: true, at: '2025-12-04T18:47:57.965Z', day: '2024-02-29', tags: ['x'], lines: [{ n: '1', text: 'one' }] },
      { id: 'b', amount: null, at: '2024-01-01T00:00:00Z', lines: null },
      { id: 'c', at: '2400-12-31T23:59:59.123456Z' },
    ];
    for (const input of inputs) {
      const generic = coerceRow(columns, input, false);
      if (!('row' in generic)) throw new Error('the generic coercion refused a valid row');
      expect(read(input)).toEqual({ row: generic.row, bytes: bytesOf(generic.row) });
    }
  });

  it('should leave every other form to the generic coercion', () => {
    const inputs: JsonInput[] = [
      { id: 'a', amount: 12.5 },
      { id: 'a', amount: '12.50' },
      { id: 'a', amount: '-0' },
      { id: 'a', count: '+1' },
      { id: 'a', at: '2024-02-30T00:00:00Z' },
      { id: 'a', at: '2024-01-01 00:00:00' },
      { id: 'a', day: '2023-02-29' },
      { id: 'a', tags: [null] },
      { ID: 'a' },
      { id: 'a', unknown: 1 },
      { amount: '1' },
      [],
    ];
    for (const input of inputs) expect(read(input)).toBeUndefined();
  });
});
