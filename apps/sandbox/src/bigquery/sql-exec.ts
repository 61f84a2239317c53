/**
 * Plans and runs the SQL subset (sql-parser.ts) against the sandbox state: SELECT with COUNT/SUM/MIN/MAX, WHERE
 * conjunctions, ORDER BY, LIMIT/OFFSET; and MERGE with `WHEN MATCHED [AND …] THEN UPDATE SET …` and
 * `WHEN NOT MATCHED THEN INSERT ROW | INSERT (…) VALUES (…)` (GoogleSQL DML semantics: a target row matched by
 * more than one source row fails the whole statement; INSERT ROW takes the source columns by position).
 * Planning validates names and types (also what a dry run answers); `run()` executes it at the job's DONE time.
 */
import { DECIMAL_SCALE, fitsDecimal, fromScaled, isInt64, toScaled } from './decimal';
import { invalidQuery, notFound } from './errors';
import { storedBytes, type Column, type FieldType, type Row, type Stored } from './schema';
import { parseStatement, type ConstantSelectStatement, type MergeStatement, type Predicate, type SelectStatement, type TableName } from './sql-parser';
import { assigner, compareValues, compileOperand, evalCompare, matchKey, resolveColumn, unify, type Binding, type Compiled, type QueryParams } from './sql-values';
import type { BigQueryState, QueryResult, TableState } from './state';
import { keepKeyIndex, keyIndex, rowBytes, setTableBytes, tableBytes } from './table-cache';

export type SqlContext = { state: BigQueryState; projectId: string; defaultDataset?: { projectId: string; datasetId: string }; params: QueryParams };

export type Plan = {
  statementType: 'SELECT' | 'MERGE';
  /** Result schema of a SELECT. */
  columns?: Column[];
  referencedTables: QueryResult['referencedTables'];
  /** Logical bytes the statement reads (its `totalBytesProcessed`). */
  bytes(): number;
  run(): QueryResult;
};

/** Parses and plans one statement; throws 400 invalidQuery / 404 notFound as BigQuery answers them. */
export function planQuery(sql: string, ctx: SqlContext): Plan {
  const stmt = parseStatement(sql);
  if (stmt.kind === 'constant-select') return planConstantSelect(stmt);
  return stmt.kind === 'select' ? planSelect(stmt, ctx) : planMerge(stmt, ctx);
}

/** `SELECT 1 [AS x], …`: one row of the literals, reading no table (0 bytes processed). */
function planConstantSelect(stmt: ConstantSelectStatement): Plan {
  const columns: Column[] = stmt.items.map((item, index) => ({ name: item.alias ?? `f${index}_`, type: item.value.type === 'STRING' ? 'STRING' : item.value.type === 'INT64' ? 'INT64' : 'FLOAT64', mode: 'NULLABLE', index, extra: {} }));
  const row: Row = stmt.items.map((item) => (item.value.type === 'FLOAT64' ? Number(item.value.text) : item.value.text));
  return { statementType: 'SELECT', columns, referencedTables: [], bytes: () => 0, run: () => ({ statementType: 'SELECT', columns, rows: [row], bytesProcessed: 0, referencedTables: [] }) };
}

function lookupTable(name: TableName, ctx: SqlContext): TableState {
  const projectId = name.projectId ?? (name.datasetId !== undefined ? ctx.projectId : ctx.defaultDataset?.projectId ?? ctx.projectId);
  const datasetId = name.datasetId ?? ctx.defaultDataset?.datasetId;
  if (datasetId === undefined) throw invalidQuery(`Table "${name.text}" must be qualified with a dataset (e.g. dataset.table).`);
  const ds = ctx.state.datasets.get(`${projectId}:${datasetId}`);
  if (!ds) throw notFound(`Dataset ${projectId}:${datasetId} was not found in location US`);
  const table = ds.tables.get(name.tableId);
  if (!table) throw notFound(`Table ${projectId}:${datasetId}.${name.tableId} was not found in location US`);
  return table;
}

const ref = (t: TableState): QueryResult['referencedTables'][number] => ({ projectId: t.projectId, datasetId: t.datasetId, tableId: t.tableId });

function scanBytes(table: TableState, columns: readonly Column[]): number {
  let total = 0;
  for (const row of table.rows) for (const c of columns) total += storedBytes(c, row[c.index]);
  return total;
}

type Condition = (rows: readonly Row[]) => boolean;

function compileCondition(preds: readonly Predicate[], bindings: readonly Binding[], params: QueryParams): { test: Condition; columns: Column[] } {
  const columns: Column[] = [];
  const tests = preds.map((p): Condition => {
    if (p.kind === 'null') {
      const operand = compileOperand(p.operand, bindings, params);
      if (operand.column) columns.push(operand.column);
      return (rows) => (operand.get(rows) === null) !== p.negated;
    }
    const [l, r] = unify(compileOperand(p.left, bindings, params), compileOperand(p.right, bindings, params), p.op, p.at);
    for (const side of [l, r]) if (side.column) columns.push(side.column);
    return (rows) => evalCompare(p.op, compareValues(l.type, l.get(rows), r.type, r.get(rows)));
  });
  return { test: (rows) => tests.every((t) => t(rows)), columns };
}

type Aggregate = { column: Column; init: () => { add(v: Stored): void; result(): Stored } };

function aggregate(fn: string, arg: Compiled | '*', name: string, index: number, at: string): Aggregate {
  const out = (type: FieldType): Column => ({ name, type, mode: 'NULLABLE', index, extra: {} });
  if (fn === 'COUNT') {
    return { column: out('INT64'), init: () => { let n = 0; return { add: (v) => void (arg === '*' || v !== null ? (n += 1) : 0), result: () => String(n) }; } };
  }
  if (arg === '*') throw invalidQuery(`${fn}(*) is not valid at ${at}`);
  const type = arg.type === 'NULL' ? 'INT64' : arg.type;
  if (fn === 'SUM') {
    if (type === 'FLOAT64') return { column: out('FLOAT64'), init: () => { let s: number | null = null; return { add: (v) => void (v !== null && (s = (s ?? 0) + Number(v))), result: () => s }; } };
    if (type !== 'INT64' && type !== 'NUMERIC' && type !== 'BIGNUMERIC') throw invalidQuery(`No matching signature for aggregate function SUM for argument types: ${type} at ${at}`);
    const scale = type === 'INT64' ? 0 : DECIMAL_SCALE[type];
    return {
      column: out(type),
      init: () => {
        let s: bigint | null = null;
        return {
          add: (v) => void (v !== null && (s = (s ?? 0n) + (toScaled(String(v), scale) ?? 0n))),
          result: () => {
            if (s === null) return null;
            if (type === 'INT64' ? !isInt64(s) : !fitsDecimal(s, type)) throw invalidQuery(type === 'INT64' ? 'int64 overflow' : `${type} overflow in SUM`);
            return fromScaled(s, scale);
          },
        };
      },
    };
  }
  if (arg.repeated || type === 'JSON' || type === 'RECORD' || type === 'GEOGRAPHY') throw invalidQuery(`No matching signature for aggregate function ${fn} for argument types: ${type} at ${at}`);
  const sign = fn === 'MIN' ? -1 : 1;
  return {
    column: out(type),
    init: () => {
      let best: Stored = null;
      return { add: (v) => void (v !== null && (best === null || (compareValues(type, v, type, best) ?? 0) * sign > 0) && (best = v)), result: () => best };
    },
  };
}

function planSelect(stmt: SelectStatement, ctx: SqlContext): Plan {
  const table = lookupTable(stmt.from, ctx);
  const bindings: Binding[] = [{ alias: stmt.alias ?? table.tableId, table }];
  const where = compileCondition(stmt.where, bindings, ctx.params);
  const read = new Set<Column>(where.columns);
  const hasAggregate = stmt.items.some((i) => i.kind === 'agg');
  let unnamed = 0;
  const names = new Set<string>();
  const named = (name: string): string => {
    if (names.has(name.toLowerCase())) throw invalidQuery(`Duplicate column names in the result are not supported. Found duplicate(s): ${name}`);
    names.add(name.toLowerCase());
    return name;
  };

  if (hasAggregate) {
    const aggs = stmt.items.map((item, i): { agg: Aggregate; arg: Compiled | '*' } => {
      if (item.kind !== 'agg') {
        const col = item.kind === 'col' ? item.col : undefined;
        throw invalidQuery(`SELECT list expression references ${col ? `column ${col.name}` : '*'} which is neither grouped nor aggregated${col ? ` at ${col.at}` : ''}`);
      }
      const arg = item.arg === '*' ? '*' : compileOperand(item.arg, bindings, ctx.params);
      if (arg !== '*' && arg.column) read.add(arg.column);
      return { agg: aggregate(item.fn, arg, named(item.alias ?? `f${unnamed++}_`), i, item.at), arg };
    });
    if (stmt.orderBy.length > 0) throw invalidQuery('ORDER BY over an aggregate-only SELECT is not supported by the sandbox subset');
    return {
      statementType: 'SELECT',
      columns: aggs.map((a) => a.agg.column),
      referencedTables: [ref(table)],
      bytes: () => scanBytes(table, [...read]),
      run: () => {
        const states = aggs.map((a) => ({ s: a.agg.init(), arg: a.arg }));
        const scope: Row[] = [[]];
        for (const row of table.rows) {
          scope[0] = row;
          if (!where.test(scope)) continue;
          for (const { s, arg } of states) s.add(arg === '*' ? 1 : arg.get(scope));
        }
        const rows = stmt.limit === 0 || (stmt.offset ?? 0) > 0 ? [] : [states.map((x) => x.s.result())];
        return { statementType: 'SELECT', columns: aggs.map((a) => a.agg.column), rows, bytesProcessed: scanBytes(table, [...read]), referencedTables: [ref(table)] };
      },
    };
  }

  const columns: Column[] = stmt.items.flatMap((item): Column[] => {
    if (item.kind === 'star') return table.columns.map((c) => ({ ...c, name: named(c.name) }));
    if (item.kind !== 'col') return [];
    const { column } = resolveColumn(item.col, bindings);
    return [{ ...column, name: named(item.alias ?? column.name) }];
  });
  for (const c of columns) read.add(table.columns.find((t) => t.index === c.index) ?? c);
  const order = stmt.orderBy.map(({ key, desc }) => {
    const out = key.qualifier === undefined ? columns.find((c) => c.name.toLowerCase() === key.name.toLowerCase()) : undefined;
    const column = out ?? resolveColumn(key, bindings).column;
    if (column.mode === 'REPEATED' || column.type === 'RECORD' || column.type === 'JSON') throw invalidQuery(`ORDER BY does not support expressions of type ${column.type} at ${key.at}`);
    return { column, desc };
  });
  return {
    statementType: 'SELECT',
    columns,
    referencedTables: [ref(table)],
    bytes: () => scanBytes(table, [...read]),
    run: () => {
      const scope: Row[] = [[]];
      let rows = table.rows.filter((row) => {
        scope[0] = row;
        return where.test(scope);
      });
      if (order.length > 0) {
        rows.sort((a, b) => {
          for (const { column, desc } of order) {
            const x = a[column.index] ?? null;
            const y = b[column.index] ?? null;
            const c = x === null ? (y === null ? 0 : -1) : y === null ? 1 : (compareValues(column.type, x, column.type, y) ?? 0);
            if (c !== 0) return desc ? -c : c;
          }
          return 0;
        });
      }
      const offset = stmt.offset ?? 0;
      if (offset > 0 || stmt.limit !== undefined) rows = rows.slice(offset, stmt.limit === undefined ? undefined : offset + stmt.limit);
      return { statementType: 'SELECT', columns, rows, bytesProcessed: scanBytes(table, [...read]), referencedTables: [ref(table)] };
    },
  };
}

function planMerge(stmt: MergeStatement, ctx: SqlContext): Plan {
  const target = lookupTable(stmt.target, ctx);
  const source = lookupTable(stmt.source, ctx);
  const bindings: Binding[] = [{ alias: stmt.targetAlias, table: target }, { alias: stmt.sourceAlias, table: source }];
  const keys = stmt.on.map(([a, b]) => {
    const left = compileOperand(a, bindings, ctx.params);
    const right = compileOperand(b, bindings, ctx.params);
    const sideOf = (ref: typeof a): number => resolveColumn(ref, bindings).binding;
    const [l, r] = unify(left, right, '=', a.at);
    const ls = sideOf(a);
    if (ls === sideOf(b)) throw invalidQuery(`The MERGE ON condition must compare a target column with a source column at ${a.at}`);
    return ls === 0 ? { t: l, s: r } : { t: r, s: l };
  });
  const matchedCondition = stmt.matched ? compileCondition(stmt.matched.condition, bindings, ctx.params).test : undefined;
  const sets = (stmt.matched?.set ?? []).map(({ column, value }) => {
    if (column.qualifier !== undefined && column.qualifier.toLowerCase() !== stmt.targetAlias.toLowerCase() && column.qualifier !== target.tableId) {
      throw invalidQuery(`UPDATE SET may only assign columns of the target table at ${column.at}`);
    }
    const { column: to } = resolveColumn({ name: column.name, at: column.at }, [bindings[0] as Binding]);
    const from = compileOperand(value, bindings, ctx.params);
    return { to, from, convert: assigner(from, to, column.at) };
  });
  const seenSet = new Set<number>();
  for (const s of sets) {
    if (seenSet.has(s.to.index)) throw invalidQuery(`Column ${s.to.name} is assigned more than once in UPDATE SET`);
    seenSet.add(s.to.index);
  }
  let inserts: Array<{ to: Column; from: Compiled; convert: (v: Stored) => Stored }> = [];
  const notMatched = stmt.notMatched;
  if (notMatched?.kind === 'row') {
    if (source.columns.length !== target.columns.length) {
      throw invalidQuery(`INSERT ROW needs the source to have the target's ${target.columns.length} columns (by position); it has ${source.columns.length}`);
    }
    inserts = target.columns.map((to, i) => {
      const fromColumn = source.columns[i] as Column;
      const from = compileOperand({ kind: 'col', qualifier: stmt.sourceAlias, name: fromColumn.name, at: '[1:1]' }, bindings, ctx.params);
      return { to, from, convert: assigner(from, to, `column ${i + 1}`) };
    });
  } else if (notMatched?.kind === 'values') {
    if (notMatched.columns.length !== notMatched.values.length) throw invalidQuery(`Inserted row has wrong column count; Has ${notMatched.values.length}, expected ${notMatched.columns.length}`);
    inserts = notMatched.columns.map((name, i) => {
      const { column: to } = resolveColumn({ name, at: '[1:1]' }, [bindings[0] as Binding]);
      const value = notMatched.values[i];
      if (!value) throw invalidQuery('missing value');
      const from = compileOperand(value, bindings, ctx.params);
      return { to, from, convert: assigner(from, to, value.at) };
    });
    const given = new Set(inserts.map((x) => x.to.index));
    const missing = target.columns.find((c) => c.mode === 'REQUIRED' && !given.has(c.index));
    if (missing) throw invalidQuery(`Required column value for column ${missing.name} is missing in INSERT`);
  }
  const width = target.columns.reduce((m, c) => Math.max(m, c.index + 1), 0);
  const bytes = (): number => tableBytes(target) + tableBytes(source);
  return {
    statementType: 'MERGE',
    referencedTables: [ref(target), ref(source)],
    bytes,
    run: () => {
      const keyOf = (rows: readonly Row[], side: 't' | 's'): string | undefined => {
        const parts: string[] = [];
        for (const k of keys) {
          const c = k[side];
          const part = matchKey(c.type, c.get(rows));
          if (part === undefined) return undefined;
          parts.push(part);
        }
        return parts.join('\u0001');
      };
      const scope: Row[] = [[], []];
      const targetKey = (row: Row): string | undefined => {
        scope[0] = row;
        return keyOf(scope, 't');
      };
      const spec = keys.map((k) => `${k.t.column?.index ?? '?'}:${k.t.type}`).join(',');
      const index = keyIndex(target, spec, targetKey);
      const matchedBy = new Set<number>();
      const updates = new Map<number, Row>();
      const added: Row[] = [];
      for (const srow of source.rows) {
        scope[1] = srow;
        scope[0] = [];
        const key = keyOf(scope, 's');
        const hits = key === undefined ? undefined : index.get(key);
        if (hits) {
          for (const ti of hits) {
            if (matchedBy.has(ti)) throw invalidQuery('UPDATE/MERGE must match at most one source row for each target row');
            matchedBy.add(ti);
            const trow = target.rows[ti] as Row;
            scope[0] = trow;
            if (!stmt.matched || !(matchedCondition?.(scope) ?? true)) continue;
            const next = trow.slice();
            while (next.length < width) next.push(null);
            for (const s of sets) next[s.to.index] = s.convert(s.from.get(scope));
            updates.set(ti, next);
          }
        } else if (notMatched) {
          const row: Row = new Array<Stored>(width).fill(null);
          for (const c of target.columns) if (c.mode === 'REPEATED') row[c.index] = [];
          for (const x of inserts) row[x.to.index] = x.convert(x.from.get(scope));
          added.push(row);
        }
      }
      const bytesProcessed = bytes();
      if (updates.size > 0 || added.length > 0) {
        // The key index and the byte count follow the change (table-cache.ts) instead of a rescan next time.
        let tableSize = tableBytes(target);
        for (const [i, row] of updates) {
          const old = target.rows[i] as Row;
          tableSize += rowBytes(target.columns, row) - rowBytes(target.columns, old);
          const before = targetKey(old);
          const after = targetKey(row);
          target.rows[i] = row;
          if (before !== after) {
            if (before !== undefined) index.set(before, (index.get(before) ?? []).filter((x) => x !== i));
            if (after !== undefined) index.set(after, [...(index.get(after) ?? []), i]);
          }
        }
        for (const row of added) {
          const key = targetKey(row);
          if (key !== undefined) {
            const list = index.get(key);
            if (list) list.push(target.rows.length);
            else index.set(key, [target.rows.length]);
          }
          target.rows.push(row);
          tableSize += rowBytes(target.columns, row);
        }
        ctx.state.touch(target);
        keepKeyIndex(target, spec, index);
        setTableBytes(target, tableSize);
      }
      return { statementType: 'MERGE', dml: { inserted: added.length, updated: updates.size, deleted: 0 }, bytesProcessed, referencedTables: [ref(target), ref(source)] };
    },
  };
}
