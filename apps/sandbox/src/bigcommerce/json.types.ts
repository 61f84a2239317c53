/** A JSON object as the sandbox reads it from a request body and keeps it in its records (wire shapes, untyped). */
export type Json = Record<string, unknown>;
