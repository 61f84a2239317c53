import type { FaultBodyHook, SandboxHttpError } from '../core';
import { v2Error, v3Error, v3Invalid } from './errors';

const V2_PATH = /^\/stores\/[^/]+\/v2\//;

/** Titles of the gateway / V3 error bodies for injected status faults. */
const TITLES: Record<number, string> = {
  401: 'No valid credentials were found in this request',
  409: 'The request conflicts with the current state of the resource.',
  412: 'The precondition given in the request evaluated to false.',
  429: 'Too many requests. The request quota of this store is spent for the current window.',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * BigCommerce bodies for injected status faults (core `FaultBodyHook`), in the shapes of errors.ts:
 * - gateway answers (401, 429, 502, 503, 504) use the V3 shape `{status, title, type}` on every API version, as the
 *   auth guard does (webhooks.v3.yml `error_Full`);
 * - application answers (409, 412, 500) use the V2 array `[{status, message}]` under `/v2/` (orders.v2.oas2.yml
 *   `404_Resp`) and `{status, title, type}` under `/v3/` (customers.v3.yml `ErrorResponse`);
 * - `validation-error`: under `/v3/` a 422 `{status, title, type, errors: {<field>: <message>}}` (customers.v3.yml
 *   `ErrorResponse`, "JSON data is missing or invalid"); under `/v2/` the 400 array the V2 handlers answer for an
 *   invalid field (`[{status: 400, message: "The field 'x' is invalid.", details: {invalid_reason}}]`).
 * The injected 429 has no X-Rate-Limit-* headers, which BigCommerce documents as platform load (api-rate-limits.mdx).
 */
export const bigCommerceFaultBody: FaultBodyHook = (kind, status, { rule, path }): SandboxHttpError => {
  const isV2 = V2_PATH.test(path);
  if (kind === 'validation-error') {
    const field = rule.field;
    if (isV2) {
      const message = field ? `The field '${field}' is invalid.` : 'The request is invalid.';
      return v2Error(400, message, { invalid_reason: message });
    }
    return v3Invalid(field ? { [field]: `${field} is invalid` } : {});
  }
  const title = TITLES[status] ?? 'Error';
  const gateway = status === 401 || status === 429 || status === 502 || status === 503 || status === 504;
  return isV2 && !gateway ? v2Error(status, title) : v3Error(status, title);
};
