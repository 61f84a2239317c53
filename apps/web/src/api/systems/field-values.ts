import type { FieldSpec } from './types';

/** The value a field starts with in a new connection form: a `choice` field's first choice, else empty. */
export function fieldDefault(field: FieldSpec): string {
  return field.format === 'choice' ? (field.choices?.[0]?.value ?? '') : '';
}

/** Form defaults of these fields (only the `choice` fields have one), by field name. */
export function fieldDefaults(fields: readonly FieldSpec[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, fieldDefault(f)] as const).filter(([, value]) => value !== ''));
}

/** A stored setting as the admin reads it: a `choice` field's label for its value, anything else as text. */
export function fieldValueText(field: FieldSpec | undefined, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field?.format === 'choice') {
    const choice = field.choices?.find((c) => c.value === value);
    if (choice) return choice.label;
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}
