'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { adminAuditCsvUrl, useAdminAudit } from '@/api/admin-audit/queries';
import type { AuditEntry } from '@/api/admin-audit/types';
import { formatDateTime, formatJson } from '@/ui/format';
import { EmptyState, QueryView } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';
import { AdminLogFilters } from './admin-log-filters';
import { filterFromForm, formFromParams, paramsFromForm } from './admin-log-params';
import styles from './admin-log.module.css';

/** Admin log: who did what, when, from where, with the filters in the URL, "Load older" pages and a CSV export. */
export function AdminLogView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const form = useMemo(() => formFromParams(new URLSearchParams(params.toString())), [params]);
  const filter = useMemo(() => filterFromForm(form), [form]);
  const log = useAdminAudit(filter);
  const go = (query: string) => router.push(query ? `${pathname}?${query}` : pathname);
  const shown = log.data?.pages.reduce((n, p) => n + p.items.length, 0) ?? 0;

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Admin log</h1>
          <p>Every change to connections, flows, mappings and users, every replay and sign-in: who, when, from where. Secrets are never shown.</p>
        </div>
        <a className="button button-secondary" href={adminAuditCsvUrl(filter)} download>
          Export CSV
        </a>
      </header>
      <AdminLogFilters key={params.toString()} initial={form} onApply={(next) => go(paramsFromForm(next))} />
      <section className="card" aria-labelledby="admin-log-heading">
        <div className="card-header">
          <h2 id="admin-log-heading">{log.data ? `${shown}${log.hasNextPage ? '+' : ''} entr${shown === 1 ? 'y' : 'ies'}` : 'Entries'}</h2>
        </div>
        <QueryView query={log} what="Admin log" isEmpty={(d) => d.pages[0]?.items.length === 0} empty={<EmptyState title="No entries match this filter." />}>
          {(data) => (
            <>
              <div className="table-wrap">
                <table className={styles.table}>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col">What</th>
                      <th scope="col">Target</th>
                      <th scope="col">From where</th>
                      <th scope="col">Outcome</th>
                      <th scope="col">Changes</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.pages.flatMap((page) => page.items).map((entry) => (
                      <EntryRow key={entry.id} entry={entry} />
                    ))}
                  </tbody>
                </table>
              </div>
              {log.hasNextPage ? (
                <div className="row" style={{ marginTop: 12 }}>
                  <button type="button" className="button button-secondary button-small" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                    {log.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
                  </button>
                </div>
              ) : null}
            </>
          )}
        </QueryView>
      </section>
    </>
  );
}

/** One entry; its changes open in place (a native disclosure, keyboard-operable). */
function EntryRow({ entry }: { entry: AuditEntry }) {
  const fields = entry.changes ? Object.keys(entry.changes).length : 0;
  return (
    <tr>
      <td data-label="When">{formatDateTime(entry.at, true)}</td>
      <td data-label="Who">
        <span className={styles.who}>
          <span>{entry.actorEmail ?? 'Not signed in'}</span>
          {entry.actorRole ? <span className="muted">{entry.actorRole}</span> : null}
        </span>
      </td>
      <td data-label="What">
        <span className="mono">{entry.action}</span>
        <span className="muted">
          {' '}
          · {entry.method} {entry.route}
        </span>
      </td>
      <td data-label="Target">{entry.targetType ? <span>{entry.targetType} <span className="mono">{entry.targetId ?? ''}</span></span> : '—'}</td>
      <td data-label="From where">
        <span className={styles.who}>
          <span className="mono">{entry.sourceAddress ?? '—'}</span>
          {entry.userAgent ? <span className="muted">{entry.userAgent}</span> : null}
        </span>
      </td>
      <td data-label="Outcome">
        <StatusBadge status={entry.outcome} /> <span className="muted">{entry.statusCode}{entry.errorCode ? ` ${entry.errorCode}` : ''}</span>
      </td>
      <td data-label="Changes">
        {entry.changes ? (
          <details className={styles.changes}>
            <summary>
              {fields} field{fields === 1 ? '' : 's'}
            </summary>
            <pre>{formatJson(entry.changes)}</pre>
          </details>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}
