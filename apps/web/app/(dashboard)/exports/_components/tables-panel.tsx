'use client';

import { useExportTables } from '@/api/exports/queries';
import type { ExportFlow } from '@/api/exports/types';
import { EmptyState, QueryView } from '@/ui/states';
import { entityLabel, formatCount } from './export-words';

/** Each table's row count, read from BigQuery (`SELECT COUNT(*)` per table), with a button to count again. */
export function TablesPanel({ flow }: { flow: ExportFlow }) {
  const tables = useExportTables(flow.id);
  return (
    <section className="card" aria-labelledby="tables-heading">
      <div className="card-header">
        <h2 id="tables-heading">Tables in BigQuery</h2>
        <button type="button" className="button button-secondary button-small" onClick={() => void tables.refetch()} disabled={tables.isFetching}>
          {tables.isFetching ? 'Counting…' : 'Count rows again'}
        </button>
      </div>
      <p className="muted" style={{ marginTop: 0 }}>
        Dataset <span className="mono">{flow.datasetId}</span>. Each row is one Visma record as of the last run.
      </p>
      <QueryView query={tables} what="Tables" isEmpty={(list) => list.length === 0} empty={<EmptyState title="This export has no tables." />}>
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Visma data</th>
                  <th scope="col">BigQuery table</th>
                  <th scope="col" className="numeric">
                    Rows
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((t) => (
                  <tr key={t.entity}>
                    <th scope="row" className="row-heading">
                      {entityLabel(t.entity)}
                    </th>
                    <td className="mono">{t.table}</td>
                    <td className="numeric">{t.rows === null ? <span className="muted">{t.error ?? 'not counted'}</span> : formatCount(t.rows)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}
