'use client';

import { type FormEvent, useState } from 'react';

/**
 * The state of a filter form whose fields are all strings (an empty string means "any"): `set(key)` updates one field
 * as the user types, `submit` applies the form, `clear` empties every field and applies that. Applying is left to
 * `onApply` (the pages put the filters into the URL), so typing does not refetch per key.
 */
export function useFilterForm<F extends Record<string, string>>(initial: F, onApply: (form: F) => void) {
  const [form, setForm] = useState<F>(initial);
  const set = (key: keyof F) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(form);
  };
  const clear = () => {
    const empty = Object.fromEntries(Object.keys(form).map((k) => [k, ''])) as F;
    setForm(empty);
    onApply(empty);
  };
  return { form, set, submit, clear };
}
