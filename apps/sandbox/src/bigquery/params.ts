/**
 * Query parameters (discovery `QueryParameter`: `name`, `parameterType.type`, `parameterValue.value`) with
 * `parameterMode` NAMED (`@name`, case-insensitive) or POSITIONAL (`?`). Scalar types only.
 */
import { invalidQuery } from './errors';
import { canonicalType, coerceScalar } from './schema';
import type { QueryParams, Typed } from './sql-values';

/** Reads `queryParameters`; throws 400 invalidQuery for a malformed or non-scalar parameter. */
export function readQueryParameters(input: unknown, mode: unknown): QueryParams {
  const params: QueryParams = { named: new Map(), positional: [] };
  if (input === undefined || input === null) return params;
  if (!Array.isArray(input)) throw invalidQuery('queryParameters must be an array');
  const positional = mode === 'POSITIONAL' || (mode === undefined && input.every((p: unknown) => typeof (p as { name?: unknown })?.name !== 'string'));
  for (const raw of input as unknown[]) {
    const p = (typeof raw === 'object' && raw !== null ? raw : {}) as { name?: unknown; parameterType?: { type?: unknown }; parameterValue?: { value?: unknown } | null };
    const typeName = typeof p.parameterType?.type === 'string' ? p.parameterType.type : '';
    const type = canonicalType(typeName);
    const label = typeof p.name === 'string' ? p.name : `#${params.positional.length + 1}`;
    if (!type || type === 'RECORD') throw invalidQuery(`Query parameter ${label} has type ${typeName || '(none)'}, which the BigQuery sandbox does not simulate (scalar types only)`);
    const text = p.parameterValue?.value;
    let typed: Typed;
    if (text === undefined || text === null) typed = { type, value: null };
    else {
      // The discovery doc types `value` as a string; @google-cloud/bigquery sends JS numbers and booleans as they are.
      if (typeof text !== 'string' && typeof text !== 'number' && typeof text !== 'boolean') throw invalidQuery(`Query parameter ${label}: parameterValue.value must be a string`);
      const raw = String(text);
      const out = coerceScalar(type, type === 'BOOL' ? raw.toLowerCase() : raw);
      if ('error' in out) throw invalidQuery(`Invalid value for query parameter ${label} of type ${type}: ${raw}`);
      typed = { type, value: out.ok };
    }
    if (positional) params.positional.push(typed);
    else {
      if (typeof p.name !== 'string' || p.name === '') throw invalidQuery('Named query parameters must have a name (parameterMode NAMED)');
      params.named.set(p.name.toLowerCase(), typed);
    }
  }
  return params;
}
