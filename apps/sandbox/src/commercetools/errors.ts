/**
 * commercetools error bodies. Every API error is an `ErrorResponse` `{statusCode, message, errors: ErrorObject[]}`
 * (openapi.yaml `components.schemas.ErrorResponse` / `ErrorObject`, examples/error.example.json); auth errors add
 * `error` and `error_description` (`AuthErrorResponse`, examples/Error/AuthErrorResponse.json). The general codes per
 * status are listed in openapi.yaml `components.responses.errorable_400…503` and `conflicting_409`.
 */
import { SandboxHttpError, type FaultBodyHook } from '../core';
import type { Json } from './json';

/** An `ErrorResponse` body with one error object (`code`, `message` and the code's extra fields). */
export function ctErrorBody(statusCode: number, code: string, message: string, extra: Json = {}): Json {
  return { statusCode, message, errors: [{ code, message, ...extra }] };
}

export function ctError(statusCode: number, code: string, message: string, extra: Json = {}): SandboxHttpError {
  return new SandboxHttpError(statusCode, ctErrorBody(statusCode, code, message, extra));
}

/** An `AuthErrorResponse` (oauth.raml / the API's 401 and 403): the error code doubles as `error`. */
export function authError(statusCode: number, code: string, message: string, description = message): SandboxHttpError {
  return new SandboxHttpError(statusCode, { statusCode, message, errors: [{ code, message }], error: code, error_description: description });
}

/** 400 InvalidInput of a malformed query parameter (`where`, `sort`, `limit`, `offset`, …). */
export function malformedParameter(name: string, detail: string): SandboxHttpError {
  return ctError(400, 'InvalidInput', `Malformed parameter: ${name}: ${detail}`);
}

/** 400 InvalidJsonInput: a body that does not match the draft / update schema. */
export function invalidJson(detail: string): SandboxHttpError {
  const message = 'Request body does not contain valid JSON.';
  return ctError(400, 'InvalidJsonInput', message, { detailedErrorMessage: detail });
}

/** 400 InvalidOperation: the resource is not in a state that allows the action. */
export function invalidOperation(message: string): SandboxHttpError {
  return ctError(400, 'InvalidOperation', message);
}

/** 400 DuplicateField (errorable_400: extra fields `field`, `duplicateValue`). */
export function duplicateField(field: string, duplicateValue: unknown, message: string): SandboxHttpError {
  return ctError(400, 'DuplicateField', message, { field, duplicateValue });
}

/** 404 ResourceNotFound (errorable_404). `what` is e.g. `ID '…'` or `key '…'`. */
export function resourceNotFound(what: string): SandboxHttpError {
  return ctError(404, 'ResourceNotFound', `The Resource with ${what} was not found.`);
}

/** 409 ConcurrentModification (conflicting.raml, ConcurrentModificationError with `currentVersion`). */
export function concurrentModification(id: string, expected: number, currentVersion: number): SandboxHttpError {
  const message = `Object ${id} has a different version than expected. Expected: ${expected} - Actual: ${currentVersion}.`;
  return ctError(409, 'ConcurrentModification', message, { currentVersion });
}

/**
 * Bodies of injected status faults (core `FaultBodyHook`), in the API's own shapes: 401 `invalid_token`, 409
 * ConcurrentModification (without `currentVersion`: the injector does not know it), 400 InvalidInput, 500 General,
 * 502 BadGateway and 503 OverCapacity (errorable_500/502/503).
 */
export const commercetoolsFaultBody: FaultBodyHook = (kind, status, { rule }) => {
  switch (kind) {
    case 'http-401':
      return { statusCode: 401, message: 'invalid_token', errors: [{ code: 'invalid_token', message: 'invalid_token' }], error: 'invalid_token', error_description: 'invalid_token' };
    case 'http-409':
      return ctErrorBody(409, 'ConcurrentModification', 'Version mismatch. Concurrent modification.');
    case 'validation-error':
      return ctErrorBody(400, 'InvalidInput', `Invalid input (injected)${rule.field ? `: ${rule.field}` : ''}.`, rule.field ? { field: rule.field } : {});
    case 'http-500':
      return ctErrorBody(500, 'General', 'Write operations are temporarily unavailable (injected).');
    case 'http-502':
      return ctErrorBody(502, 'BadGateway', 'Bad Gateway (injected).');
    case 'http-503':
      return ctErrorBody(503, 'OverCapacity', 'The service is having trouble handling the load (injected).');
    default:
      return ctErrorBody(status, status === 429 ? 'OverCapacity' : 'General', status === 504 ? 'Gateway Timeout' : `HTTP ${status} (injected).`);
  }
};
