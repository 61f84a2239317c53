'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useSetFlowEnabled } from '@/api/flows/mutations';
import type { Flow, FlowPosting, WebhookHealth } from '@/api/flows/types';
import type { SystemView } from '@/api/systems/types';
import { useCan } from '@/auth/current-user';
import { formatDateTime } from '@/ui/format';
import { describeError } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';
import { CatchUpPanel } from './catch-up-panel';
import { describePosting, describePostingChoices, describeRouting, describeSchedule } from './flow-words';
import { hasPostingChoices, PostingForm } from './posting-form';
import { ScheduleForm } from './schedule-form';

/** Number of columns of the flows table (the details row spans them all). */
export const FLOW_COLUMNS = 7;

type Editor = 'schedule' | 'posting';

/** The webhooks cell: health of the hooks we registered, or why there are none (from the shop's facts). */
function WebhooksCell({ health, source }: { health: WebhookHealth | null; source: SystemView | undefined }) {
  if (!health) {
    if (source && !source.webhooks) return <span className="muted">none: polling only</span>;
    if (source?.webhooks?.isManagedByUs) return <span className="muted">not registered yet: polling until they are</span>;
    return <span className="muted">polling only</span>;
  }
  const isHealthy = health.problems.length === 0 && health.active === health.total;
  return (
    <div className="stack" style={{ gap: 2 }}>
      <StatusBadge status={isHealthy ? 'ok' : 'warning'} label={`${health.active} of ${health.total} active`} />
      {health.problems.map((p) => (
        <span key={p} className="field-error">
          {p}
        </span>
      ))}
      {health.lastCheckedAt ? <span className="muted">checked {formatDateTime(health.lastCheckedAt)}</span> : null}
    </div>
  );
}

/**
 * One flow as two rows of the flows table: the summary (source → Visma companies, state, last sync, webhooks, pause)
 * and its details (routing in words, what it posts, catch-up schedule and positions, the schedule and posting editors
 * for admins). `source` is the registry's facts of the flow's shop, undefined while they load.
 */
export function FlowRows({ flow, nameOf, source }: { flow: Flow; nameOf: (connectionId: string) => string; source: SystemView | undefined }) {
  const toggle = useSetFlowEnabled();
  const canToggle = useCan('flow.toggle');
  const canEdit = useCan('flow.edit');
  const [editor, setEditor] = useState<Editor | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const companies = flow.targetConnectionIds.length ? flow.targetConnectionIds : [flow.targetConnectionId];
  const routing = describeRouting(flow, nameOf);
  const posting = describePosting(flow);
  const editorId = `flow-editor-${flow.id}`;
  const openOrClose = (which: Editor) => {
    setEditor((current) => (current === which ? null : which));
    setNotice(null);
  };
  const closeWith = (text: string | null) => {
    setEditor(null);
    setNotice(text);
  };

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
          <WebhooksCell health={flow.webhookHealth} source={source} />
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
                aria-expanded={editor === 'schedule'}
                aria-controls={editor === 'schedule' ? editorId : undefined}
                onClick={() => openOrClose('schedule')}
              >
                {editor === 'schedule' ? 'Close schedule' : 'Edit schedule'}
                <span className="visually-hidden"> of {flow.name}</span>
              </button>
            ) : null}
            {canEdit && hasPostingChoices(flow) ? (
              <button
                type="button"
                className="button button-secondary button-small"
                aria-expanded={editor === 'posting'}
                aria-controls={editor === 'posting' ? editorId : undefined}
                onClick={() => openOrClose('posting')}
              >
                {editor === 'posting' ? 'Close posting' : 'Edit posting'}
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
          <div className="grid-3">
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
            <section className="stack" style={{ gap: 6 }} aria-label={`Posting of ${flow.name}`}>
              <h3 className="detail-heading">Posts into Visma</h3>
              {posting.length ? (
                <ul className="plain-list">
                  {posting.map((line) => (
                    <li key={line.entity}>
                      {line.entity} → {line.to}
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="muted">Nothing this flow moves is posted as a document.</span>
              )}
              {flow.entities.includes('order') && flow.posting.orderDocument === 'sales-order' ? (
                <span className="field-help">
                  Through Visma’s <code>/v1/salesorder</code> (SalesOrder v1, end-of-life at Visma).
                </span>
              ) : null}
            </section>
            <CatchUpPanel flow={flow} />
          </div>
          {editor ? (
            <div id={editorId} className="detail-editor">
              {editor === 'schedule' ? (
                <ScheduleForm flow={flow} source={source} onDone={(schedule) => closeWith(schedule ? `Schedule saved: ${describeSchedule(schedule)}.` : null)} />
              ) : (
                <PostingForm
                  flow={flow}
                  onDone={(saved: Pick<FlowPosting, 'orderDocument' | 'customerAs'> | null) =>
                    closeWith(saved ? `Posting saved: ${describePostingChoices({ entities: flow.entities, posting: saved })}.` : null)
                  }
                />
              )}
            </div>
          ) : null}
          <div role="status" aria-live="polite">
            {notice ? <p className="notice">{notice}</p> : null}
          </div>
        </td>
      </tr>
    </tbody>
  );
}
