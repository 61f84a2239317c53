'use client';

import { useContext, useId, useState } from 'react';
import { EditableContext } from '@/ui/fields';
import { splitList } from './rules-draft';

/** A comma-separated list input; parsed when the field loses focus so commas can be typed freely. */
export function ListField({ label, value, onChange, error }: { label: string; value: string[] | undefined; onChange: (value: string[] | undefined) => void; error?: string | undefined }) {
  const id = useId();
  const isEditable = useContext(EditableContext);
  const joined = (value ?? []).join(', ');
  const [text, setText] = useState(joined);
  const [synced, setSynced] = useState(joined);
  if (synced !== joined) {
    // The list changed from outside (a row above was removed): show the new value.
    setSynced(joined);
    setText(joined);
  }
  if (!isEditable) {
    return (
      <div className="field field-readonly">
        <span className="visually-hidden">{label}</span>
        <span className="field-value">{joined || '—'}</span>
      </div>
    );
  }
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => onChange(splitList(text))}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
