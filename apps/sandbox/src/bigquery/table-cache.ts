/**
 * Derived facts of a table kept between statements, so that a batch's MERGE or a `tables.get` costs O(batch), not
 * O(table): the table's logical bytes (`Table.numBytes`, a MERGE's `totalBytesProcessed`) and the MERGE ON key index
 * (key text → row positions). Each entry is stamped with the table's `version` (bumped by `BigQueryState.touch` on
 * every change) and its `rows` array: a change made elsewhere (a load, insertAll, a schema patch, a reset) makes the
 * entry stale, and it is rebuilt by a full scan the next time; the writer that knows what it changed (a load, the
 * MERGE) updates the entry instead and stamps it with the new version.
 */
import { storedBytes, type Column, type Row } from './schema';
import type { TableState } from './state';

type Stamp = { version: number; rows: Row[] };
type BytesEntry = Stamp & { columns: readonly Column[]; bytes: number };
type IndexEntry = Stamp & { spec: string; index: Map<string, number[]> };

const BYTES = new WeakMap<TableState, BytesEntry>();
const INDEXES = new WeakMap<TableState, IndexEntry>();

const fresh = (t: TableState, e: Stamp | undefined): boolean => e !== undefined && e.version === t.version && e.rows === t.rows;

/** Logical bytes of one stored row (sum of `storedBytes` over `columns`). */
export function rowBytes(columns: readonly Column[], row: Row): number {
  let n = 0;
  for (const c of columns) n += storedBytes(c, row[c.index]);
  return n;
}

/** Logical bytes of every row of `t` over all its columns (cached; see the file header). */
export function tableBytes(t: TableState): number {
  const e = BYTES.get(t);
  if (e && fresh(t, e) && e.columns === t.columns) return e.bytes;
  let bytes = 0;
  for (const row of t.rows) bytes += rowBytes(t.columns, row);
  BYTES.set(t, { version: t.version, rows: t.rows, columns: t.columns, bytes });
  return bytes;
}

/** Records `bytes` as the table's logical bytes at its current version (after a writer that counted them). */
export function setTableBytes(t: TableState, bytes: number): void {
  BYTES.set(t, { version: t.version, rows: t.rows, columns: t.columns, bytes });
}

/**
 * The key index of `t` for the key function `keyOf` named `spec` (row position lists per key; NULL keys left out),
 * from the cache when it is fresh, else built by one scan.
 */
export function keyIndex(t: TableState, spec: string, keyOf: (row: Row) => string | undefined): Map<string, number[]> {
  const e = INDEXES.get(t);
  if (e && fresh(t, e) && e.spec === spec) return e.index;
  const index = new Map<string, number[]>();
  t.rows.forEach((row, i) => {
    const key = keyOf(row);
    if (key === undefined) return;
    const list = index.get(key);
    if (list) list.push(i);
    else index.set(key, [i]);
  });
  INDEXES.set(t, { version: t.version, rows: t.rows, spec, index });
  return index;
}

/** Stamps an index the caller kept up to date through its own change with the table's current version. */
export function keepKeyIndex(t: TableState, spec: string, index: Map<string, number[]>): void {
  INDEXES.set(t, { version: t.version, rows: t.rows, spec, index });
}
