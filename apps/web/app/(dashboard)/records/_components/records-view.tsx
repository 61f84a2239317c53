'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { useRecords } from '@/api/records/queries';
import { useSystemLabel } from '@/api/systems/queries';
import { useCan } from '@/auth/current-user';
import { formatDateTime } from '@/ui/format';
import { EmptyState, QueryView } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';
import { BulkReplay } from './bulk-replay';
import { filterFromForm, formFromParams, paramsFromForm } from './record-filter-params';
import { RecordFilters } from './record-filters';

const PAGE_SIZE = 50;

/** Records: filters in the URL, a paged table, bulk replay of the filter. */
export function RecordsView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const canReplay = useCan('record.replay');
  const form = useMemo(() => formFromParams(new URLSearchParams(params.toString())), [params]);
  const filter = useMemo(() => filterFromForm(form), [form]);
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const records = useRecords(filter, { limit: PAGE_SIZE, offset });
  const systemLabel = useSystemLabel();
  const go = (query: string) => router.push(query ? `${pathname}?${query}` : pathname);

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Records</h1>
          <p>Every order, customer and refund, what happened to it, and one-click replay.</p>
        </div>
      </header>
      <RecordFilters key={params.toString()} initial={form} onApply={(next) => go(paramsFromForm(next))} />
      <section className="card" aria-labelledby="records-heading">
        <div className="card-header">
          <h2 id="records-heading">{records.data ? `${records.data.total} record${records.data.total === 1 ? '' : 's'}` : 'Records'}</h2>
          {canReplay && records.data ? <BulkReplay filter={filter} total={records.data.total} /> : null}
        </div>
        <QueryView query={records} what="Records" isEmpty={(p) => p.items.length === 0} empty={<EmptyState title="No records match this filter." />}>
          {(page) => (
            <>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Order / id</th>
                      <th scope="col">System</th>
                      <th scope="col">Type</th>
                      <th scope="col">Status</th>
                      <th scope="col">In Visma</th>
                      <th scope="col">Attempts</th>
                      <th scope="col">Last error</th>
                      <th scope="col">Updated</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((r) => (
                      <tr key={r.id}>
                        <td>
                          <Link href={`/records/${r.id}`}>
                            {r.entityType} {r.externalId}
                          </Link>
                        </td>
                        <td>{systemLabel(r.system)}</td>
                        <td>{r.entityType}</td>
                        <td>{r.waiting ? <StatusBadge status="waiting" label="waiting for retry" /> : <StatusBadge status={r.status} />}</td>
                        <td className="mono">{r.targetRef ?? '—'}</td>
                        <td>{r.attempts}</td>
                        <td>
                          {r.waiting ? (
                            <>
                              {r.waiting.reason} <span className="muted">· next attempt {formatDateTime(r.waiting.nextAttemptAt, true)}</span>
                            </>
                          ) : (
                            (r.lastError?.message ?? '')
                          )}
                        </td>
                        <td>{formatDateTime(r.updatedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav className="row" aria-label="Pages" style={{ marginTop: 12, justifyContent: 'space-between' }}>
                <span className="muted">
                  {offset + 1}–{offset + page.items.length} of {page.total}
                </span>
                <span className="row">
                  <button type="button" className="button button-secondary button-small" disabled={offset === 0} onClick={() => go(paramsFromForm(form, Math.max(0, offset - PAGE_SIZE)))}>
                    Previous page
                  </button>
                  <button type="button" className="button button-secondary button-small" disabled={offset + PAGE_SIZE >= page.total} onClick={() => go(paramsFromForm(form, offset + PAGE_SIZE))}>
                    Next page
                  </button>
                </span>
              </nav>
            </>
          )}
        </QueryView>
      </section>
    </>
  );
}
