/**
 * Text of a value read from a JSON body or a stored record, for messages, keys and comparisons: a scalar reads as
 * `String()` gives it (`'abc'`, `'12'`, `'true'`, `'null'`, `'undefined'`), an object or array as its JSON text
 * (`String()` would give `[object Object]`, or a comma list for an array).
 */
export function jsonText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
