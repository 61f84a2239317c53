/** Codes of problems found by validation (string-literal union, stable for the UI). */
export type MappingProblemCode =
  | 'missing-account'
  | 'missing-vat-code'
  | 'missing-subaccount-value'
  | 'missing-rounding-account'
  | 'missing-rounding-vat-code'
  | 'invalid-quantity'
  | 'empty-document'
  | 'rounding-too-large'
  | 'unknown-account'
  | 'inactive-account'
  | 'unknown-vat-code'
  | 'vat-rate-mismatch'
  | 'vat-calculation-mismatch'
  | 'unknown-subaccount-segment'
  | 'unknown-subaccount-value'
  | 'missing-customer-number'
  | 'no-company-route';

/**
 * One problem with a document's mapping or with the rules: `field` is the path in the document or
 * the rules (`lines[3]`, `accounts.overrides[0].accountNumber`), `message` is written for an
 * accountant and says where to fix it.
 */
export type MappingProblem = { code: MappingProblemCode; field: string; message: string };

/** Words used in messages for each line type. */
export const LINE_TYPE_WORDS = {
  product: 'product sales',
  shipping: 'shipping',
  discount: 'discounts',
  'gift-card': 'gift cards sold',
  fee: 'fees',
  handling: 'handling',
  wrapping: 'gift wrapping',
  rounding: 'rounding differences',
} as const;
