'use client';

import Link from 'next/link';
import { useOverview } from '@/api/overview/queries';
import type { Overview } from '@/api/overview/types';
import { formatDateTime } from '@/ui/format';
import { EmptyState, QueryView } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';
import { PostedFailedChart } from './bar-chart';

const DAYS = 14;

/** Overview: volume per day, why records fail, Visma rate budgets and webhook health. */
export function OverviewView() {
  const overview = useOverview(DAYS);
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Overview</h1>
          <p>The last {DAYS} days of orders moving into Visma.</p>
        </div>
      </header>
      <QueryView query={overview} what="Overview">
        {(data) => <OverviewCards data={data} />}
      </QueryView>
    </>
  );
}

function OverviewCards({ data }: { data: Overview }) {
  return (
    <>
      <section className="card" aria-labelledby="per-day">
        <h2 id="per-day">Posted and failed per day</h2>
        {data.perDay.length ? <PostedFailedChart days={data.perDay} /> : <EmptyState title="Nothing processed in this period." />}
      </section>
      <div className="grid-3">
        <section className="card" aria-labelledby="reasons">
          <h2 id="reasons">Failures by reason</h2>
          {data.failuresByReason.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">Records</th>
                </tr>
              </thead>
              <tbody>
                {data.failuresByReason.map((r) => (
                  <tr key={r.reason}>
                    <td>
                      <code>{r.reason}</code>
                    </td>
                    <td>{r.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <EmptyState title="No failures. ">Every record in this period was posted or skipped.</EmptyState>
          )}
          <p>
            <Link href="/records?status=failed">See failed records</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="budgets">
          <h2 id="budgets">Rate budget per Visma company</h2>
          {data.rateBudgets.length ? (
            <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {data.rateBudgets.map((b) => {
                const share = b.limit > 0 ? Math.min(1, b.used / b.limit) : 0;
                return (
                  <li key={b.connectionId}>
                    <div className="row" style={{ justifyContent: 'space-between' }}>
                      <strong>{b.name}</strong>
                      <span className="muted">
                        {b.used} of {b.limit} calls
                      </span>
                    </div>
                    <div
                      className={`meter${share > 0.8 ? ' meter-high' : ''}`}
                      role="meter"
                      aria-label={`${b.name} rate budget used`}
                      aria-valuemin={0}
                      aria-valuemax={b.limit}
                      aria-valuenow={b.used}
                    >
                      <span style={{ width: `${share * 100}%` }} />
                    </div>
                    <span className="muted">Resets {formatDateTime(b.resetsAt)}</span>
                  </li>
                );
              })}
            </ul>
          ) : (
            <EmptyState title="No Visma company connected yet." />
          )}
        </section>
        <section className="card" aria-labelledby="webhooks">
          <h2 id="webhooks">Webhook health</h2>
          {data.webhooks.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Shop</th>
                  <th scope="col">Active</th>
                  <th scope="col">Last delivery</th>
                </tr>
              </thead>
              <tbody>
                {data.webhooks.map((w) => (
                  <tr key={w.connectionId}>
                    <td>{w.name}</td>
                    <td>
                      <StatusBadge status={w.active === w.total ? 'ok' : 'warning'} label={`${w.active} of ${w.total}`} />
                    </td>
                    <td>{formatDateTime(w.lastDeliveryAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <EmptyState title="No shop webhooks registered yet." />
          )}
        </section>
      </div>
    </>
  );
}
