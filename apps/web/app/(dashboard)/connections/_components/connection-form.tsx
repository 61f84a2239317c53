'use client';

import { type FormEvent, useState } from 'react';
import { ApiError } from '@/api/api-error';
import { useCreateConnection, useUpdateConnection } from '@/api/connections/mutations';
import { useSystems } from '@/api/connections/queries';
import type { Connection, SystemKind } from '@/api/connections/types';
import { type FieldSpec, formSpecOf } from '@/systems/system-fields';
import { SelectField, TextField } from '@/ui/fields';
import { ErrorState, Loading } from '@/ui/states';

type Values = Record<string, string>;

function toBody(specs: FieldSpec<string>[], values: Values): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const spec of specs) {
    const raw = values[spec.name]?.trim() ?? '';
    if (!raw) continue;
    out[spec.name] = spec.type === 'number' && /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  return out;
}

/**
 * Adds a connection, or edits one (`connection` given). Secrets are write-only: on edit the stored ones
 * show only as masked hints, and new ones are sent only when the admin chooses to replace them.
 */
export function ConnectionForm({ connection, onDone }: { connection?: Connection; onDone: (saved: Connection) => void }) {
  const systems = useSystems();
  const create = useCreateConnection();
  const update = useUpdateConnection();
  const isEdit = connection !== undefined;
  const [system, setSystem] = useState<string>(connection?.system ?? '');
  const [name, setName] = useState(connection?.name ?? '');
  const [settings, setSettings] = useState<Values>(() =>
    Object.fromEntries(Object.entries(connection?.settings ?? {}).map(([k, v]) => [k, v === undefined || v === null ? '' : String(v)])),
  );
  const [credentials, setCredentials] = useState<Values>({});
  const [isReplacingSecrets, setReplacingSecrets] = useState(!isEdit);
  const mutation = isEdit ? update : create;
  const error = mutation.error instanceof ApiError ? mutation.error : undefined;
  const spec = formSpecOf(system);

  if (systems.isPending) return <Loading label="Loading systems…" />;
  if (systems.isError) return <ErrorState error={systems.error} what="Systems" retry={() => void systems.refetch()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!spec) return;
    const body = {
      name: name.trim(),
      settings: toBody(spec.settings, settings),
      ...(isReplacingSecrets ? { credentials: toBody(spec.credentials, credentials) } : {}),
    };
    if (connection) update.mutate({ id: connection.id, ...body }, { onSuccess: onDone });
    else create.mutate({ system: system as SystemKind, credentials: {}, ...body }, { onSuccess: onDone });
  };
  const hints: Record<string, string | undefined> = connection?.credentials.hints ?? {};

  return (
    <form className="form" onSubmit={submit} aria-label={isEdit ? `Edit ${connection.name}` : 'Add a connection'}>
      {isEdit ? null : (
        <SelectField
          label="System"
          value={system}
          onChange={setSystem}
          placeholder="Choose a system"
          options={systems.data.map((s) => ({ value: s.system, label: s.label }))}
          error={error?.fieldMessage('system')}
          required
        />
      )}
      {system && !spec ? <p className="state state-error">This dashboard cannot configure {system} connections yet.</p> : null}
      {spec ? (
        <>
          <TextField label="Name" value={name} onChange={setName} required error={error?.fieldMessage('name')} help="How this connection shows in lists." />
          <fieldset className="form-grid">
            <legend>Settings</legend>
            {spec.settings.map((f) => (
              <TextField
                key={f.name}
                label={f.isRequired ? f.label : `${f.label} (optional)`}
                type={f.type === 'number' ? 'text' : f.type}
                inputMode={f.type === 'number' ? 'numeric' : 'text'}
                value={settings[f.name] ?? ''}
                onChange={(v) => setSettings((s) => ({ ...s, [f.name]: v }))}
                placeholder={f.placeholder}
                help={f.help}
                required={f.isRequired}
                error={error?.fieldMessage(`settings.${f.name}`)}
              />
            ))}
          </fieldset>
          <fieldset className="form-grid">
            <legend>Credentials (write-only)</legend>
            {isEdit && !isReplacingSecrets ? (
              <div className="stack">
                <dl className="mono">
                  {spec.credentials.map((f) => (
                    <div key={f.name} className="row">
                      <dt>{f.label}:</dt>
                      <dd style={{ margin: 0 }}>{hints[f.name] ?? 'not set'}</dd>
                    </div>
                  ))}
                </dl>
                <button type="button" className="button button-secondary button-small" onClick={() => setReplacingSecrets(true)}>
                  Replace credentials
                </button>
              </div>
            ) : (
              spec.credentials.map((f) => (
                <TextField
                  key={f.name}
                  label={f.isRequired ? f.label : `${f.label} (optional)`}
                  type="password"
                  autoComplete="new-password"
                  value={credentials[f.name] ?? ''}
                  onChange={(v) => setCredentials((c) => ({ ...c, [f.name]: v }))}
                  placeholder={hints[f.name] ? `stored: ${hints[f.name]}` : undefined}
                  help={f.help ?? 'Stored encrypted; never shown again.'}
                  required={f.isRequired}
                  error={error?.fieldMessage(`credentials.${f.name}`)}
                />
              ))
            )}
          </fieldset>
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
