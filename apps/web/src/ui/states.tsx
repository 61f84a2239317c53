'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '@/api/api-error';

/** A polite, announced loading line. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** Why something failed, in words, with an optional retry button. A 404 on a whole endpoint says it is not available yet. */
export function ErrorState({ error, retry, what }: { error: unknown; retry?: () => void; what?: string }) {
  const message = describeError(error);
  const isMissing = error instanceof ApiError && error.status === 404;
  return (
    <div className="state state-error" role="alert">
      <strong>{isMissing && what ? `${what} is not available on this server yet.` : `Could not load${what ? ` ${what.toLowerCase()}` : ''}.`}</strong>
      <span>{message}</span>
      {retry ? (
        <button type="button" className="button button-secondary button-small" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** An empty list, with what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children ? <span>{children}</span> : null}
    </div>
  );
}

/** Loading → error → empty → content for one query. */
export function QueryView<T>({
  query,
  what,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading label={`Loading ${what.toLowerCase()}…`} />;
  if (query.isError) return <ErrorState error={query.error} what={what} retry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <>{empty ?? <EmptyState title={`No ${what.toLowerCase()} yet.`} />}</>;
  return <>{children(query.data)}</>;
}

/** One readable line for any error. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}
