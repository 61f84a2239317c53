/**
 * Evaluator of parsed Query Predicates (predicate-parser.ts) against a resource in its JSON shape.
 * - A nested test `field(…)` applies the inner predicate to the object at `field`; on an array, to any element.
 * - A comparison on an array field matches when any element matches (`!=`: when no element equals).
 * - Strings that both look like ISO-8601 date-times compare as instants (`"2026-01-01T00:00:00Z"` equals
 *   `"2026-01-01T00:00:00.000Z"`); numbers compare numerically (a numeric string from `var.*` is coerced).
 * - A missing field fails every test except `!=`, `not in` and `is not defined`.
 */
import type { ComparisonOp, FieldTest, Literal, Predicate } from './predicate-parser';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** -1/0/1 when the two values are comparable, undefined when not (different types). */
export function compareValues(a: unknown, b: Literal): number | undefined {
  if (typeof a === 'number') {
    const n = typeof b === 'number' ? b : typeof b === 'string' && b.trim() !== '' ? Number(b) : NaN;
    return Number.isNaN(n) ? undefined : Math.sign(a - n);
  }
  if (typeof a === 'boolean') {
    const v = typeof b === 'boolean' ? b : b === 'true' ? true : b === 'false' ? false : undefined;
    return v === undefined ? undefined : a === v ? 0 : a ? 1 : -1;
  }
  if (typeof a === 'string') {
    const s = String(b);
    if (DATE_TIME.test(a) && DATE_TIME.test(s)) {
      const x = Date.parse(a);
      const y = Date.parse(s);
      if (!Number.isNaN(x) && !Number.isNaN(y)) return Math.sign(x - y);
    }
    return a < s ? -1 : a > s ? 1 : 0;
  }
  return undefined;
}

function compareOne(value: unknown, op: ComparisonOp, literal: Literal): boolean {
  const c = compareValues(value, literal);
  if (c === undefined) return op === '!=';
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
    case '>=':
      return c >= 0;
  }
}

const equalsAny = (value: unknown, literals: readonly Literal[]): boolean => literals.some((l) => compareValues(value, l) === 0);

function testField(value: unknown, test: FieldTest): boolean {
  const isMissing = value === undefined || value === null;
  switch (test.kind) {
    case 'defined':
      return isMissing === test.isNegated;
    case 'empty': {
      const isEmpty = Array.isArray(value) ? value.length === 0 : isMissing;
      return isEmpty !== test.isNegated;
    }
    case 'nested':
      if (Array.isArray(value)) return value.some((v) => evaluatePredicate(test.predicate, v));
      return !isMissing && evaluatePredicate(test.predicate, value);
    case 'compare':
      if (isMissing) return test.op === '!=';
      if (Array.isArray(value)) return test.op === '!=' ? !value.some((v) => compareOne(v, '=', test.value)) : value.some((v) => compareOne(v, test.op, test.value));
      return compareOne(value, test.op, test.value);
    case 'in': {
      if (isMissing) return test.isNegated;
      const found = Array.isArray(value) ? value.some((v) => equalsAny(v, test.values)) : equalsAny(value, test.values);
      return found !== test.isNegated;
    }
    case 'contains': {
      if (!Array.isArray(value)) return false;
      if (test.mode === 'all') return test.values.every((l) => equalsAny(l, value.filter(isLiteral)));
      return test.values.some((l) => equalsAny(l, value.filter(isLiteral)));
    }
  }
}

function isLiteral(v: unknown): v is Literal {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** True when `subject` (a resource or a nested object) satisfies the predicate. */
export function evaluatePredicate(predicate: Predicate, subject: unknown): boolean {
  switch (predicate.kind) {
    case 'and':
      return evaluatePredicate(predicate.left, subject) && evaluatePredicate(predicate.right, subject);
    case 'or':
      return evaluatePredicate(predicate.left, subject) || evaluatePredicate(predicate.right, subject);
    case 'not':
      return !evaluatePredicate(predicate.inner, subject);
    case 'field': {
      const value = typeof subject === 'object' && subject !== null && !Array.isArray(subject) ? (subject as Record<string, unknown>)[predicate.name] : undefined;
      return testField(value, predicate.test);
    }
  }
}
