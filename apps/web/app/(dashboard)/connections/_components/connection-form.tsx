'use client';

import { type FormEvent, useState } from 'react';
import { ApiError } from '@/api/api-error';
import { useCreateConnection, useUpdateConnection } from '@/api/connections/mutations';
import type { Connection } from '@/api/connections/types';
import { useSystems } from '@/api/systems/queries';
import { fieldDefault, fieldDefaults, fieldValueText } from '@/api/systems/field-values';
import type { FieldSpec } from '@/api/systems/types';
import { SelectField, TextField } from '@/ui/fields';
import { ErrorState, Loading } from '@/ui/states';

type Values = Record<string, string>;
type Section = 'settings' | 'credentials';

const NUMBER = /^-?\d+(\.\d+)?$/;

/** The values typed for these fields; empty ones are left out (the API keeps or defaults them), numbers sent as numbers. */
function toBody(fields: readonly FieldSpec[], values: Values): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const field of fields) {
    const raw = values[field.name]?.trim() ?? '';
    if (!raw) continue;
    // A non-numeric entry goes as typed, so the API's validation names the field.
    out[field.name] = field.format === 'number' && NUMBER.test(raw) ? Number(raw) : raw;
  }
  return out;
}

/** Current settings as form values (settings are never secret: the API shows them): strings and numbers as they are, anything structured as JSON. */
function initialSettings(connection: Connection | undefined): Values {
  return Object.fromEntries(Object.entries(connection?.settings ?? {}).map(([k, v]) => [k, fieldValueText(undefined, v)]));
}

/** One settings or credential field, drawn from the registry's field spec. */
function SystemField({
  field,
  section,
  value,
  onChange,
  hint,
  isEdit,
  error,
}: {
  field: FieldSpec;
  section: Section;
  value: string;
  onChange: (value: string) => void;
  hint: string | undefined;
  isEdit: boolean;
  error: string | undefined;
}) {
  if (field.format === 'choice') {
    // Always holds one of the choices (the first by default), so it is never "(optional)" and needs no placeholder.
    // Choice labels are sentences: the select takes the whole row of the grid.
    return (
      <SelectField
        label={field.label}
        value={value || fieldDefault(field)}
        onChange={onChange}
        options={field.choices ?? []}
        unknownNote="not offered by this server"
        className="field-wide"
        help={field.help}
        error={error}
      />
    );
  }
  const isSecret = field.isSecret || field.format === 'secret';
  // On edit, credentials are already stored: a field left empty keeps its stored value, so none is required.
  const isKeptWhenEmpty = isEdit && section === 'credentials';
  const keepNote = hint ? `Stored: ${hint}. Leave empty to keep it.` : 'Leave empty to keep the stored value.';
  const help = isKeptWhenEmpty
    ? [field.help, keepNote].filter(Boolean).join(' ')
    : (field.help ?? (isSecret ? 'Stored encrypted; never shown again.' : undefined));
  return (
    <TextField
      label={field.isRequired ? field.label : `${field.label} (optional)`}
      type={isSecret ? 'password' : field.format === 'url' ? 'url' : 'text'}
      inputMode={field.format === 'number' ? 'decimal' : field.format === 'url' ? 'url' : 'text'}
      {...(isSecret ? { autoComplete: 'new-password' } : {})}
      value={value}
      onChange={onChange}
      placeholder={field.placeholder}
      help={help}
      required={field.isRequired && !isKeptWhenEmpty}
      error={error}
    />
  );
}

/**
 * Adds a connection, or edits one (`connection` given). The system picker and every field come from the
 * system registry (`GET /api/systems`). Secrets are write-only: on edit the stored ones show only as masked
 * hints, their inputs stay empty, and only the credential fields the admin types are sent (the API keeps the rest).
 */
export function ConnectionForm({ connection, onDone }: { connection?: Connection; onDone: (saved: Connection) => void }) {
  const systems = useSystems();
  const create = useCreateConnection();
  const update = useUpdateConnection();
  const isEdit = connection !== undefined;
  const [system, setSystem] = useState<string>(connection?.system ?? '');
  const [name, setName] = useState(connection?.name ?? '');
  const [settings, setSettings] = useState<Values>(() => initialSettings(connection));
  const [credentials, setCredentials] = useState<Values>({});
  const mutation = isEdit ? update : create;
  const error = mutation.error instanceof ApiError ? mutation.error : undefined;

  if (systems.isPending) return <Loading label="Loading systems…" />;
  if (systems.isError) return <ErrorState error={systems.error} what="Systems" retry={() => void systems.refetch()} />;

  const spec = systems.data.find((s) => s.kind === system);
  const hints: Record<string, string | undefined> = connection?.credentials.hints ?? {};
  const chooseSystem = (kind: string) => {
    setSystem(kind);
    setSettings({});
    setCredentials({});
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!spec) return;
    // A choice left at its default is sent too: what the select shows is what gets saved.
    const settingsBody = toBody(spec.fields.settings, { ...fieldDefaults(spec.fields.settings), ...settings });
    const credentialsBody = toBody(spec.fields.credentials, credentials);
    if (connection) {
      const patch = { name: name.trim(), settings: settingsBody, ...(Object.keys(credentialsBody).length ? { credentials: credentialsBody } : {}) };
      update.mutate({ id: connection.id, ...patch }, { onSuccess: onDone });
    } else {
      create.mutate({ system: spec.kind, name: name.trim(), settings: settingsBody, credentials: credentialsBody }, { onSuccess: onDone });
    }
  };

  return (
    <form className="form" onSubmit={submit} aria-label={isEdit ? `Edit ${connection.name}` : 'Add a connection'}>
      {isEdit ? null : (
        <SelectField
          label="System"
          value={system}
          onChange={chooseSystem}
          placeholder="Choose a system"
          options={systems.data.map((s) => ({ value: s.kind, label: s.label }))}
          error={error?.fieldMessage('system')}
          required
        />
      )}
      {system && !spec ? <p className="state state-error">This server has no {system} system registered, so its connections cannot be configured here.</p> : null}
      {spec ? (
        <>
          <TextField label="Name" value={name} onChange={setName} required error={error?.fieldMessage('name')} help="How this connection shows in lists." />
          {spec.fields.settings.length ? (
            <fieldset className="form-grid">
              <legend>Settings</legend>
              {spec.fields.settings.map((f) => (
                <SystemField
                  key={f.name}
                  field={f}
                  section="settings"
                  value={settings[f.name] ?? ''}
                  onChange={(v) => setSettings((s) => ({ ...s, [f.name]: v }))}
                  hint={undefined}
                  isEdit={isEdit}
                  error={error?.fieldMessage(`settings.${f.name}`)}
                />
              ))}
            </fieldset>
          ) : null}
          {spec.fields.credentials.length ? (
            <fieldset className="form-grid">
              <legend>Credentials (write-only)</legend>
              {spec.fields.credentials.map((f) => (
                <SystemField
                  key={f.name}
                  field={f}
                  section="credentials"
                  value={credentials[f.name] ?? ''}
                  onChange={(v) => setCredentials((c) => ({ ...c, [f.name]: v }))}
                  hint={hints[f.name]}
                  isEdit={isEdit}
                  error={error?.fieldMessage(`credentials.${f.name}`)}
                />
              ))}
            </fieldset>
          ) : null}
        </>
      ) : null}
      {mutation.isError ? (
        <p className="state state-error" role="alert">
          {mutation.error.message}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="button" disabled={!spec || mutation.isPending}>
          {mutation.isPending ? 'Saving…' : isEdit ? 'Save changes' : 'Add connection'}
        </button>
      </div>
    </form>
  );
}
