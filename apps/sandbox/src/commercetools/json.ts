/**
 * JSON helpers of the commercetools sandbox. Resources are kept as plain JSON objects in the exact shape the HTTP API
 * answers with (openapi.yaml `components.schemas`); these helpers read fields without `any`.
 */
export type Json = Record<string, unknown>;

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key`, or undefined. */
export function objAt(value: Json, key: string): Json | undefined {
  const v = value[key];
  return isJson(v) ? v : undefined;
}

/** The array at `key` (objects only), or []. */
export function listAt(value: Json, key: string): Json[] {
  const v = value[key];
  return Array.isArray(v) ? v.filter(isJson) : [];
}

export function strAt(value: Json, key: string): string | undefined {
  const v = value[key];
  return typeof v === 'string' ? v : undefined;
}

export function numAt(value: Json, key: string): number | undefined {
  const v = value[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Drops keys whose value is undefined (responses never carry `undefined`). */
export function compact(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
