'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useSetFlowEnabled } from '@/api/flows/mutations';
import type { CatchUpSchedule, Flow } from '@/api/flows/types';
import { useCan } from '@/auth/current-user';
import { formatDateTime } from '@/ui/format';
import { describeError } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';
import { CatchUpPanel } from './catch-up-panel';
import { describeRouting, describeSchedule } from './flow-words';
import { ScheduleForm } from './schedule-form';

/** Number of columns of the flows table (the details row spans them all). */
export const FLOW_COLUMNS = 7;

/**
 * One flow as two rows of the flows table: the summary (source → Visma companies, state, last sync, webhooks, pause)
 * and its details (routing in words, catch-up schedule and positions, the schedule editor for admins).
 */
export function FlowRows({ flow, nameOf }: { flow: Flow; nameOf: (connectionId: string) => string }) {
  const toggle = useSetFlowEnabled();
  const canToggle = useCan('flow.toggle');
  const canEdit = useCan('flow.edit');
  const [isEditing, setEditing] = useState(false);
  const [saved, setSaved] = useState<CatchUpSchedule | null>(null);
  const companies = flow.targetConnectionIds.length ? flow.targetConnectionIds : [flow.targetConnectionId];
  const routing = describeRouting(flow, nameOf);
  const editorId = `schedule-editor-${flow.id}`;

  return (
    <tbody className="flow-group">
      <tr className="flow-main">
        <td>
          <Link href={`/mappings/${flow.id}`}>{flow.name}</Link>
        </td>
        <td>
          {nameOf(flow.sourceConnectionId)} →{' '}
          {companies.map((id, i) => (
            <span key={id}>
              {i > 0 ? ', ' : null}
              {nameOf(id)}
              {companies.length > 1 && id === flow.targetConnectionId ? <span className="muted"> (default)</span> : null}
            </span>
          ))}
        </td>
        <td>{flow.entities.join(', ')}</td>
        <td>
          <StatusBadge status={flow.isEnabled ? 'enabled' : 'paused'} />
        </td>
        <td>{formatDateTime(flow.lastSyncAt)}</td>
        <td>
          {flow.webhookHealth ? (
            <div className="stack" style={{ gap: 2 }}>
              <StatusBadge
                status={flow.webhookHealth.problems.length || flow.webhookHealth.active < flow.webhookHealth.total ? 'warning' : 'ok'}
                label={`${flow.webhookHealth.active} of ${flow.webhookHealth.total} active`}
              />
              {flow.webhookHealth.problems.map((p) => (
                <span key={p} className="field-error">
                  {p}
                </span>
              ))}
            </div>
          ) : (
            <span className="muted">polling only</span>
          )}
        </td>
        <td>
          <div className="stack" style={{ gap: 6, alignItems: 'flex-start' }}>
            {canToggle ? (
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={toggle.isPending}
                onClick={() => toggle.mutate({ id: flow.id, isEnabled: !flow.isEnabled })}
              >
                {flow.isEnabled ? `Pause ${flow.name}` : `Enable ${flow.name}`}
              </button>
            ) : null}
            {canEdit ? (
              <button
                type="button"
                className="button button-secondary button-small"
                aria-expanded={isEditing}
                aria-controls={isEditing ? editorId : undefined}
                onClick={() => {
                  setEditing((v) => !v);
                  setSaved(null);
                }}
              >
                {isEditing ? 'Close schedule' : 'Edit schedule'}
                <span className="visually-hidden"> of {flow.name}</span>
              </button>
            ) : null}
            {toggle.isError ? (
              <span className="field-error" role="alert">
                {describeError(toggle.error)}
              </span>
            ) : null}
          </div>
        </td>
      </tr>
      <tr className="flow-details">
        <td colSpan={FLOW_COLUMNS}>
          <div className="grid-2">
            <section className="stack" style={{ gap: 6 }} aria-label={`Routing of ${flow.name}`}>
              <h3 className="detail-heading">Routing</h3>
              <ul className="plain-list">
                {routing.map((line, i) => (
                  <li key={i}>
                    {line.match} → {line.to}
                    {line.label ? <span className="muted"> ({line.label})</span> : null}
                  </li>
                ))}
              </ul>
            </section>
            <CatchUpPanel flow={flow} />
          </div>
          {isEditing ? (
            <div id={editorId} className="detail-editor">
              <ScheduleForm
                flow={flow}
                onDone={(schedule) => {
                  setEditing(false);
                  setSaved(schedule);
                }}
              />
            </div>
          ) : null}
          <div role="status" aria-live="polite">
            {saved ? <p className="notice">Schedule saved: {describeSchedule(saved)}.</p> : null}
          </div>
        </td>
      </tr>
    </tbody>
  );
}
