import { SandboxHttpError } from '../core';
import { BIGCOMMERCE_STATUS_CODES_URL } from './demo.constants';

/**
 * Error bodies in BigCommerce's shapes.
 * - API gateway / V3: `{status, title, type, errors?}` (webhooks.v3.yml `error_Full`, `errorDetailed_Full`;
 *   orders.v3.yml `error_Base`, `ErrorResponse`; customers.v3.yml `ErrorResponse`).
 * - V2: an array `[{status, message, details?}]` (orders.v2.oas2.yml `404_Resp`).
 */
export type V3ErrorBody = { status: number; title: string; type: string; errors?: Record<string, string> };
export type V2ErrorBody = Array<{ status: number; message: string; details?: Record<string, unknown> }>;

/** A V3 / gateway error. Throw it from a handler. */
export function v3Error(status: number, title: string, errors?: Record<string, string>): SandboxHttpError {
  const body: V3ErrorBody = { status, title, type: BIGCOMMERCE_STATUS_CODES_URL, ...(errors ? { errors } : {}) };
  return new SandboxHttpError(status, body);
}

/** A V2 error (array body). Throw it from a handler. */
export function v2Error(status: number, message: string, details?: Record<string, unknown>): SandboxHttpError {
  const body: V2ErrorBody = [{ status, message, ...(details ? { details } : {}) }];
  return new SandboxHttpError(status, body);
}

/** V2 404, with the spec's example message (orders.v2.oas2.yml `404_Resp`). */
export function v2NotFound(): SandboxHttpError {
  return v2Error(404, 'The requested resource was not found.');
}

/** V2 400 for a field that is read-only on POST/PUT (the V2 wording clients match on). */
export function v2ReadOnlyField(field: string): SandboxHttpError {
  return v2Error(400, `The field '${field}' cannot be written to. Please remove it from your request before trying again.`);
}

/** V2 400 for a missing required field. */
export function v2MissingField(field: string): SandboxHttpError {
  return v2Error(400, `The required field '${field}' was not supplied.`, { invalid_reason: `The required field '${field}' was not supplied.` });
}

/** V3 422 "JSON data is missing or invalid" with per-field messages. */
export function v3Invalid(errors: Record<string, string>, title = 'JSON data is missing or invalid'): SandboxHttpError {
  return v3Error(422, title, errors);
}
