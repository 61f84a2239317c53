'use client';

import { useState } from 'react';
import { useDeleteConnection, usePingConnection } from '@/api/connections/mutations';
import type { Connection } from '@/api/connections/types';
import { fieldValueText } from '@/api/systems/field-values';
import type { FieldSpec, SystemView } from '@/api/systems/types';
import { useCan } from '@/auth/current-user';
import { formatDateTime } from '@/ui/format';
import { describeError } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';
import { ConnectionForm } from './connection-form';
import { PingReportView } from './ping-report';

/** The registry's label of a settings/credential field, or its name for a field the registry does not list. */
function fieldLabel(fields: readonly FieldSpec[] | undefined, name: string): string {
  return fields?.find((f) => f.name === name)?.label ?? name;
}

/** How the system's webhooks reach us, in one line from its facts (shops only; null when it has none). */
function webhookNote(system: SystemView | undefined): string | null {
  if (!system?.webhooks || !system.roles.includes('source')) return null;
  const upkeep = system.webhooks.isManagedByUs
    ? 'We register the webhooks and check them every 5 minutes, recreating any that are missing or disabled.'
    : `Create the webhooks in ${system.label} yourself.`;
  return `Webhooks: ${system.webhooks.authentication}. ${upkeep}`;
}

/** One connection: settings, masked credential hints, ping diagnosis; edit and delete for admins. */
export function ConnectionCard({ connection, systems }: { connection: Connection; systems: readonly SystemView[] }) {
  const canEdit = useCan('connection.edit');
  const canPing = useCan('connection.ping');
  const ping = usePingConnection();
  const remove = useDeleteConnection();
  const [isEditing, setEditing] = useState(false);
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);
  const system = systems.find((s) => s.kind === connection.system);
  const label = system?.label ?? connection.system;
  const report = ping.data ?? connection.lastPing;
  const headingId = `conn-${connection.id}`;
  const hooks = webhookNote(system);
  const settingField = (name: string) => system?.fields.settings.find((f) => f.name === name);

  return (
    <article className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <div>
          <h3 id={headingId}>{connection.name}</h3>
          <span className="muted">{label}</span>
        </div>
        <div className="row">
          <StatusBadge status={connection.status} />
          {canPing ? (
            <button type="button" className="button button-secondary button-small" onClick={() => ping.mutate(connection.id)} disabled={ping.isPending}>
              {ping.isPending ? 'Pinging…' : `Ping ${connection.name}`}
            </button>
          ) : null}
          {canEdit ? (
            <button type="button" className="button button-secondary button-small" onClick={() => setEditing((v) => !v)} aria-expanded={isEditing}>
              {isEditing ? 'Cancel edit' : 'Edit'}
            </button>
          ) : null}
        </div>
      </div>
      {isEditing ? (
        <ConnectionForm connection={connection} onDone={() => setEditing(false)} />
      ) : (
        <div className="grid-2">
          <dl className="stack" style={{ margin: 0 }}>
            {Object.entries(connection.settings).map(([key, value]) => (
              <div key={key} className="row">
                <dt className="muted">{fieldLabel(system?.fields.settings, key)}</dt>
                <dd style={{ margin: 0 }} className={settingField(key)?.format === 'choice' ? undefined : 'mono'}>
                  {fieldValueText(settingField(key), value)}
                </dd>
              </div>
            ))}
          </dl>
          <dl className="stack" style={{ margin: 0 }} aria-label="Credentials">
            {Object.entries(connection.credentials.hints).map(([key, hint]) => (
              <div key={key} className="row">
                <dt className="muted">{fieldLabel(system?.fields.credentials, key)}</dt>
                <dd style={{ margin: 0 }} className="mono">
                  {hint}
                </dd>
              </div>
            ))}
            <div className="row muted">Credentials updated {formatDateTime(connection.credentials.updatedAt)}</div>
          </dl>
        </div>
      )}
      {!isEditing && hooks ? <p className="field-help">{hooks}</p> : null}
      {ping.isError ? (
        <p className="state state-error" role="alert">
          Ping could not run: {describeError(ping.error)}
        </p>
      ) : null}
      {report && !isEditing ? (
        <div style={{ marginTop: 14 }} aria-live="polite">
          <PingReportView
            report={report}
            isShop={(system?.roles.includes('source') && !system.roles.includes('target')) ?? false}
            isWarehouse={system?.roles.includes('export-target') ?? false}
          />
        </div>
      ) : null}
      {canEdit && !isEditing ? (
        <div className="row" style={{ marginTop: 14 }}>
          {isConfirmingDelete ? (
            <>
              <span>Delete {connection.name}? Its flows stop.</span>
              <button type="button" className="button button-danger button-small" onClick={() => remove.mutate(connection.id)} disabled={remove.isPending}>
                Yes, delete
              </button>
              <button type="button" className="button button-secondary button-small" onClick={() => setConfirmingDelete(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" className="link-button" onClick={() => setConfirmingDelete(true)}>
              Delete connection
            </button>
          )}
          {remove.isError ? <span className="field-error">{describeError(remove.error)}</span> : null}
        </div>
      ) : null}
    </article>
  );
}
