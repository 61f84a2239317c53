'use client';

import { createContext, type ReactNode, useContext, useId } from 'react';

/** When false, every field below renders its value as text: read-only users get no edit controls. */
export const EditableContext = createContext(true);

export type Option = { value: string; label: string };

type Common = { label: string; error?: string | undefined; help?: ReactNode; hideLabel?: boolean; className?: string };

function FieldShell({ id, label, error, help, hideLabel, className, children }: Common & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'field-label'}>
        {label}
      </label>
      {children}
      {help && !error ? (
        <span id={`${id}-help`} className="field-help">
          {help}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function ReadOnlyValue({ label, value, hideLabel }: { label: string; value: string; hideLabel?: boolean | undefined }) {
  return (
    <div className="field field-readonly">
      <span className={hideLabel ? 'visually-hidden' : 'field-label'}>{label}</span>
      <span className="field-value">{value || '—'}</span>
    </div>
  );
}

function describedBy(id: string, error?: string, help?: ReactNode): string | undefined {
  if (error) return `${id}-error`;
  return help ? `${id}-help` : undefined;
}

/** A labelled text input; its error is announced and linked by aria-describedby. */
export function TextField({
  value,
  onChange,
  type = 'text',
  placeholder,
  required,
  autoComplete,
  inputMode,
  ...common
}: Common & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'email' | 'url' | 'number' | 'date' | 'search';
  placeholder?: string | undefined;
  required?: boolean;
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'url';
}) {
  const id = useId();
  const isEditable = useContext(EditableContext);
  if (!isEditable) return <ReadOnlyValue label={common.label} value={type === 'password' ? '' : value} hideLabel={common.hideLabel} />;
  return (
    <FieldShell id={id} {...common}>
      <input
        id={id}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        required={required}
        autoComplete={autoComplete ?? 'off'}
        inputMode={inputMode}
        aria-invalid={common.error ? true : undefined}
        aria-describedby={describedBy(id, common.error, common.help)}
      />
    </FieldShell>
  );
}

/**
 * A labelled select; `placeholder` adds an empty first choice. Unknown current values stay selectable, marked with
 * `unknownNote` (by default "not in Visma", for the mapping pickers of Visma reference data).
 */
export function SelectField({
  value,
  onChange,
  options,
  placeholder,
  required,
  unknownNote = 'not in Visma',
  ...common
}: Common & { value: string; onChange: (value: string) => void; options: readonly Option[]; placeholder?: string; required?: boolean; unknownNote?: string }) {
  const id = useId();
  const isEditable = useContext(EditableContext);
  const known = options.some((o) => o.value === value);
  if (!isEditable) return <ReadOnlyValue label={common.label} value={options.find((o) => o.value === value)?.label ?? value} hideLabel={common.hideLabel} />;
  return (
    <FieldShell id={id} {...common}>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-invalid={common.error ? true : undefined}
        aria-describedby={describedBy(id, common.error, common.help)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {!known && value ? (
          <option value={value}>
            {value} ({unknownNote})
          </option>
        ) : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** A labelled checkbox (read-only: "Yes"/"No"). */
export function CheckboxField({ label, checked, onChange, help }: { label: string; checked: boolean; onChange: (checked: boolean) => void; help?: ReactNode }) {
  const id = useId();
  const isEditable = useContext(EditableContext);
  if (!isEditable) return <ReadOnlyValue label={label} value={checked ? 'Yes' : 'No'} />;
  return (
    <div className="field field-checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={help ? `${id}-help` : undefined} />
      <label htmlFor={id}>{label}</label>
      {help ? (
        <span id={`${id}-help`} className="field-help">
          {help}
        </span>
      ) : null}
    </div>
  );
}

/** Renders children only for users who may edit (inside an editable context). */
export function EditOnly({ children }: { children: ReactNode }) {
  return useContext(EditableContext) ? <>{children}</> : null;
}
