/**
 * The one error class of libs/mapping. Thrown for bad input (a missing or malformed field of a shop
 * payload, a currency mismatch, an unsafe integer) — never for a missing *mapping rule*: those are
 * reported as `MappingProblem` values so that every problem of a document can be shown at once.
 */
export type MappingErrorCode =
  | 'invalid-field'
  | 'missing-field'
  | 'currency-mismatch'
  | 'unknown-currency'
  | 'unsafe-integer'
  | 'invalid-decimal'
  | 'invalid-rules';

/**
 * Error with a machine code and the dotted/indexed path of the offending field
 * (for example `products[2].price_ex_tax`).
 */
export class MappingError extends Error {
  override readonly name = 'MappingError';

  /**
   * @param code  what went wrong (string-literal union).
   * @param field path of the field in the input, e.g. `products[2].price_ex_tax`.
   * @param message human-readable explanation; the field path is prefixed automatically.
   * @param options standard `cause` chaining.
   */
  constructor(
    readonly code: MappingErrorCode,
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${message}`, options);
  }
}
