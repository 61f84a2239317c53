'use client';

import { type Option, SelectField, TextField } from '@/ui/fields';

/**
 * Picks a Visma code (account, VAT code, branch, segment value) from the live list, or, when the list
 * could not be loaded, lets the user type it.
 */
export function CodePicker({
  label,
  value,
  onChange,
  options,
  error,
  hideLabel,
  placeholder = 'Not mapped',
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  options: Option[] | undefined;
  error?: string | undefined;
  hideLabel?: boolean;
  placeholder?: string;
}) {
  if (!options) return <TextField label={label} value={value ?? ''} onChange={onChange} error={error} hideLabel={hideLabel ?? false} />;
  return <SelectField label={label} value={value ?? ''} onChange={onChange} options={options} placeholder={placeholder} error={error} hideLabel={hideLabel ?? false} />;
}
