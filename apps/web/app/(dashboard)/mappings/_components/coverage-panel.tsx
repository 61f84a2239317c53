'use client';

import { useCoverageCheck } from '@/api/flows/mutations';
import type { MappingRules } from '@/api/flows/types';
import { EmptyState, describeError } from '@/ui/states';

/** Runs the current (possibly unsaved) rules over recent orders and lists which fail, and why. */
export function CoveragePanel({ flowId, companyId, rules, onPreview }: { flowId: string; companyId: string; rules: () => MappingRules; onPreview: (externalId: string) => void }) {
  const coverage = useCoverageCheck(flowId, companyId);
  const result = coverage.data;
  return (
    <section className="card" aria-labelledby="coverage-heading">
      <div className="card-header">
        <h2 id="coverage-heading">Coverage check</h2>
        <button type="button" className="button button-secondary" onClick={() => coverage.mutate(rules())} disabled={coverage.isPending}>
          {coverage.isPending ? 'Checking…' : 'Check coverage'}
        </button>
      </div>
      <p className="muted">Maps recent orders with the rules on this page (saved or not) and posts nothing.</p>
      <div aria-live="polite">
        {coverage.isPending ? (
          <p className="state state-loading" role="status">
            <span className="spinner" aria-hidden="true" /> Mapping recent orders…
          </p>
        ) : null}
        {coverage.isError ? (
          <p className="state state-error" role="alert">
            Coverage check failed: {describeError(coverage.error)}
          </p>
        ) : null}
        {result ? (
          <div className="stack">
            <p className={result.failing.length ? 'notice notice-warn' : 'notice'}>
              {result.passing} of {result.checked} recent orders would post.
              {result.failing.length ? ` ${result.failing.length} would fail.` : ''}
            </p>
            {result.referenceProblems?.length ? (
              <div className="state state-error">
                <strong>These rules name codes Visma does not have:</strong>
                <ul style={{ margin: 0 }}>
                  {result.referenceProblems.map((p, i) => (
                    <li key={i}>
                      {p.message} <code>{p.field.replace(/^rules\./, '')}</code>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {result.checked === 0 ? <EmptyState title="No recent orders to check yet." /> : null}
            {result.failing.length ? (
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">Orders that would fail</caption>
                  <thead>
                    <tr>
                      <th scope="col">Order</th>
                      <th scope="col">Why it fails</th>
                      <th scope="col">
                        <span className="visually-hidden">Preview</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.failing.map((f) => (
                      <tr key={f.externalId}>
                        <td>#{f.orderNumber}</td>
                        <td>
                          <ul style={{ margin: 0, paddingLeft: 16 }}>
                            {f.problems.map((p, i) => (
                              <li key={i}>
                                {p.message} <code className="muted">{p.field}</code> <code className="muted">{p.code}</code>
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td>
                          <button type="button" className="link-button" onClick={() => onPreview(f.externalId)}>
                            Preview<span className="visually-hidden"> order {f.orderNumber}</span>
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
