'use client';

import { useEffect, useState } from 'react';
import { useRequestCatchUp } from '@/api/flows/mutations';
import { useCatchUpState } from '@/api/flows/queries';
import type { Flow } from '@/api/flows/types';
import { useCan } from '@/auth/current-user';
import { describeError } from '@/ui/states';
import { describeCatchUpRuns, describePosition, describeSchedule, entityPlural } from './flow-words';

/** How long positions are polled after "Catch up now", for the worker to pick the run up and page through. */
const WATCH_AFTER_REQUEST_MS = 30_000;

/**
 * A flow's catch-up poll: its schedule in words, where each entity type has caught up to, and "Catch up now"
 * (admins and support) with what it achieved.
 */
export function CatchUpPanel({ flow }: { flow: Flow }) {
  const canCatchUp = useCan('flow.catch-up');
  const request = useRequestCatchUp();
  const [requestedAt, setRequestedAt] = useState<number | null>(null);
  const state = useCatchUpState(flow.id, { isWatching: requestedAt !== null });

  useEffect(() => {
    if (requestedAt === null) return;
    const timer = setTimeout(() => setRequestedAt(null), WATCH_AFTER_REQUEST_MS);
    return () => clearTimeout(timer);
  }, [requestedAt]);

  const positionOf = (entity: string) => state.data?.positions.find((p) => p.entityType === entity);
  const catchUp = () => request.mutate({ flowId: flow.id }, { onSuccess: () => setRequestedAt(Date.now()) });

  return (
    <section className="stack" style={{ gap: 6 }} aria-label={`Catch-up of ${flow.name}`}>
      <h3 className="detail-heading">Catch-up poll</h3>
      <span>{describeSchedule(flow.catchUpSchedule)}</span>
      {state.isError ? (
        <span className="field-error">Positions could not be loaded: {describeError(state.error)}</span>
      ) : (
        <ul className="plain-list" aria-label={`Catch-up positions of ${flow.name}`} aria-busy={state.isPending}>
          {flow.entities.map((entity) => (
            <li key={entity}>
              <span className="muted">{entityPlural(entity)}:</span> {state.isPending ? '…' : describePosition(positionOf(entity))}
            </li>
          ))}
        </ul>
      )}
      {canCatchUp ? (
        <div className="row">
          {flow.isEnabled ? (
            <button type="button" className="button button-secondary button-small" onClick={catchUp} disabled={request.isPending}>
              {request.isPending ? 'Asking…' : 'Catch up now'}
              <span className="visually-hidden"> {flow.name}</span>
            </button>
          ) : (
            <span className="muted">Enable the flow to catch up.</span>
          )}
        </div>
      ) : null}
      <span role="status" aria-live="polite">
        {request.isSuccess ? describeCatchUpRuns(request.data.runs) : null}
      </span>
      {request.isError ? (
        <span className="field-error" role="alert">
          Catch-up not started: {describeError(request.error)}
        </span>
      ) : null}
    </section>
  );
}
