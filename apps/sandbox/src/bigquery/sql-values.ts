/**
 * Typed values of the SQL subset: operands (columns, literals, query parameters), GoogleSQL comparison
 * (numeric types compare across INT64/NUMERIC/BIGNUMERIC exactly and with FLOAT64 as doubles; a string literal
 * coerces to DATE/DATETIME/TIME/TIMESTAMP/NUMERIC when compared with such a column, "Literal coercion") and
 * assignment conversions of MERGE (INT64 → NUMERIC/BIGNUMERIC/FLOAT64, NUMERIC → BIGNUMERIC/FLOAT64).
 */
import { toScaled } from './decimal';
import { invalidQuery } from './errors';
import { coerceScalar, type Column, type FieldType, type Row, type Stored } from './schema';
import type { Literal, Operand } from './sql-parser';
import type { TableState } from './state';

export type Typed = { type: FieldType; value: Stored };
export type QueryParams = { named: Map<string, Typed>; positional: Typed[] };
export type Binding = { alias: string; table: TableState };

/** A compiled operand: its static type ('NULL' for the NULL literal) and a getter over the bound rows. */
export type Compiled = { type: FieldType | 'NULL'; repeated: boolean; column?: Column; literal?: Literal; get: (rows: readonly Row[]) => Stored };

const NUMERIC_TYPES: ReadonlySet<string> = new Set(['INT64', 'NUMERIC', 'BIGNUMERIC', 'FLOAT64']);
const COERCIBLE_FROM_STRING: ReadonlySet<string> = new Set(['DATE', 'DATETIME', 'TIME', 'TIMESTAMP', 'NUMERIC', 'BIGNUMERIC']);
const NOT_COMPARABLE: ReadonlySet<string> = new Set(['JSON', 'GEOGRAPHY', 'RECORD']);

/** Finds a column among the bindings (qualified by alias or table id, or unqualified and unambiguous). */
export function resolveColumn(ref: { qualifier?: string; name: string; at: string }, bindings: readonly Binding[]): { binding: number; column: Column } {
  const candidates: Array<{ binding: number; column: Column }> = [];
  bindings.forEach((b, i) => {
    if (ref.qualifier !== undefined && ref.qualifier.toLowerCase() !== b.alias.toLowerCase() && ref.qualifier !== b.table.tableId) return;
    const column = b.table.columns.find((c) => c.name.toLowerCase() === ref.name.toLowerCase());
    if (column) candidates.push({ binding: i, column });
  });
  if (ref.qualifier !== undefined && !bindings.some((b) => ref.qualifier?.toLowerCase() === b.alias.toLowerCase() || ref.qualifier === b.table.tableId)) {
    throw invalidQuery(`Unrecognized name: ${ref.qualifier} at ${ref.at}`);
  }
  const [first, second] = candidates;
  if (!first) throw invalidQuery(ref.qualifier !== undefined ? `Name ${ref.name} not found inside ${ref.qualifier} at ${ref.at}` : `Unrecognized name: ${ref.name} at ${ref.at}`);
  if (second) throw invalidQuery(`Column name ${ref.name} is ambiguous at ${ref.at}`);
  return first;
}

function literalValue(lit: Literal, type: string): Stored {
  if (type === 'NULL') return null;
  const out = coerceScalar(type as FieldType, type === 'BOOL' ? lit.text === 'true' : lit.text);
  if ('error' in out) throw invalidQuery(`Invalid ${type} literal: '${lit.text}' at ${lit.at}`);
  return out.ok;
}

/** Compiles an operand against the bindings and the query parameters. */
export function compileOperand(op: Operand, bindings: readonly Binding[], params: QueryParams): Compiled {
  if (op.kind === 'col') {
    const { binding, column } = resolveColumn(op, bindings);
    const index = column.index;
    return { type: column.type, repeated: column.mode === 'REPEATED', column, get: (rows) => rows[binding]?.[index] ?? null };
  }
  if (op.kind === 'param') {
    const p = op.name !== undefined ? params.named.get(op.name.toLowerCase()) : params.positional[op.position ?? -1];
    if (!p) throw invalidQuery(op.name !== undefined ? `Query parameter '${op.name}' not found at ${op.at}` : `Positional query parameter ${(op.position ?? 0) + 1} not found at ${op.at}`);
    return { type: p.type, repeated: false, get: () => p.value };
  }
  const value = literalValue(op, op.type);
  return { type: op.type as FieldType | 'NULL', repeated: false, literal: op, get: () => value };
}

const typeName = (c: Compiled): string => (c.repeated ? `ARRAY<${c.type}>` : c.type);

/**
 * Makes two operands comparable (literal coercion) or throws GoogleSQL's "No matching signature for operator".
 * Returns the pair, possibly with a literal re-typed to the other side's type.
 */
export function unify(left: Compiled, right: Compiled, op: string, at: string): [Compiled, Compiled] {
  const retype = (lit: Compiled, type: FieldType): Compiled => {
    const value = literalValue(lit.literal as Literal, type);
    return { ...lit, type, get: () => value };
  };
  if (left.literal?.type === 'STRING' && COERCIBLE_FROM_STRING.has(right.type) && !right.literal) left = retype(left, right.type as FieldType);
  else if (right.literal?.type === 'STRING' && COERCIBLE_FROM_STRING.has(left.type) && !left.literal) right = retype(right, left.type as FieldType);
  if (left.type === 'NULL' || right.type === 'NULL') return [left, right];
  for (const side of [left, right]) {
    if (side.repeated || NOT_COMPARABLE.has(side.type)) throw invalidQuery(`${op === '=' || op === '!=' ? 'Equality' : 'Ordering'} is not defined for arguments of type ${typeName(side)} at ${at}`);
  }
  const same = left.type === right.type || (NUMERIC_TYPES.has(left.type) && NUMERIC_TYPES.has(right.type));
  if (!same) throw invalidQuery(`No matching signature for operator ${op} for argument types: ${typeName(left)}, ${typeName(right)} at ${at}`);
  return [left, right];
}

/** GoogleSQL comparison of two non-array values of comparable types: −1/0/1, or null when either is NULL. */
export function compareValues(aType: FieldType | 'NULL', a: Stored, bType: FieldType | 'NULL', b: Stored): number | null {
  if (a === null || b === null || Array.isArray(a) || Array.isArray(b)) return null;
  if (NUMERIC_TYPES.has(aType) && NUMERIC_TYPES.has(bType)) {
    if (aType === 'FLOAT64' || bType === 'FLOAT64') {
      const x = Number(a);
      const y = Number(b);
      return x < y ? -1 : x > y ? 1 : x === y ? 0 : null;
    }
    if (aType === 'INT64' && bType === 'INT64') {
      const x = BigInt(a);
      const y = BigInt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = toScaled(String(a), 38) ?? 0n;
    const y = toScaled(String(b), 38) ?? 0n;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Evaluates `left op right` (NULL → false in a WHERE / WHEN condition). */
export function evalCompare(op: string, c: number | null): boolean {
  if (c === null) return false;
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

/** A key for hash matching of MERGE ON values (equal keys ⇔ GoogleSQL `=` for comparable types); undefined for NULL. */
export function matchKey(type: FieldType | 'NULL', v: Stored): string | undefined {
  if (v === null || Array.isArray(v)) return undefined;
  if (type === 'NUMERIC' || type === 'BIGNUMERIC' || type === 'INT64') return (toScaled(String(v), 38) ?? 0n).toString();
  if (type === 'FLOAT64') return Number.isInteger(v) ? (toScaled(String(v), 38) ?? 0n).toString() : `f${String(v)}`;
  return typeof v === 'bigint' ? v.toString() : `${typeof v}:${String(v)}`;
}

/**
 * A converter from a value of `from` into target column `to` (MERGE UPDATE SET / INSERT), or throws
 * "Value of type X cannot be assigned to column, which has type Y".
 */
export function assigner(from: Compiled, to: Column, at: string): (v: Stored) => Stored {
  if (from.type === 'NULL') {
    if (to.mode === 'REQUIRED') throw invalidQuery(`Cannot assign NULL to required column ${to.name} at ${at}`);
    return () => (to.mode === 'REPEATED' ? [] : null);
  }
  const toName = to.mode === 'REPEATED' ? `ARRAY<${to.type}>` : to.type;
  const fail = (): never => {
    throw invalidQuery(`Value of type ${typeName(from)} cannot be assigned to ${to.name}, which has type ${toName} at ${at}`);
  };
  if (from.repeated !== (to.mode === 'REPEATED')) return fail();
  if (from.type === to.type) {
    if (to.type === 'RECORD' && JSON.stringify(shapeOf(from.column)) !== JSON.stringify(shapeOf(to))) return fail();
    return (v) => v;
  }
  if (from.repeated) return fail();
  if (from.type === 'INT64' && (to.type === 'NUMERIC' || to.type === 'BIGNUMERIC')) return (v) => v;
  if (from.type === 'NUMERIC' && to.type === 'BIGNUMERIC') return (v) => v;
  if ((from.type === 'INT64' || from.type === 'NUMERIC' || from.type === 'BIGNUMERIC') && to.type === 'FLOAT64') return (v) => (v === null ? null : Number(v));
  if (from.literal?.type === 'STRING' && COERCIBLE_FROM_STRING.has(to.type)) {
    const value = literalValue(from.literal, to.type);
    return () => value;
  }
  return fail();
}

function shapeOf(c: Column | undefined): unknown {
  return c?.fields?.map((f) => [f.name.toLowerCase(), f.type, f.mode === 'REPEATED', shapeOf(f)]);
}
