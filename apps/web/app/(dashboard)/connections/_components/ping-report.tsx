import type { PingReport, PingStep } from '@/api/connections/types';
import { formatDateTime } from '@/ui/format';
import { StatusBadge } from '@/ui/status-badge';

const STEP_LABELS: Record<PingStep['step'], string> = {
  reachable: 'Reachable',
  auth: 'Signed in',
  tenant: 'Tenant',
  company: 'Company',
  permissions: 'Permissions',
  'rate-limit': 'Rate limit',
  webhooks: 'Webhooks',
};
/** A warehouse (BigQuery) selects a project and a dataset where an ERP selects a tenant and a company. */
const WAREHOUSE_LABELS: Partial<Record<PingStep['step'], string>> = { tenant: 'Project', company: 'Dataset' };
const ICONS: Record<PingStep['status'], string> = { ok: '✓', failed: '✕', warning: '!', skipped: '–' };

/**
 * The ping diagnosis: one line per step with its outcome, reason code and what to do. For a shop (`isShop`) the
 * `company` step is the store the credentials select, so it reads "Shop", not "Company"; for a warehouse
 * (`isWarehouse`) the tenant and company steps are its project and dataset. A system may report one step name
 * twice (BigQuery: the key and the token are both "Signed in").
 */
export function PingReportView({ report, isShop = false, isWarehouse = false }: { report: PingReport; isShop?: boolean; isWarehouse?: boolean }) {
  const labelOf = (step: PingStep['step']) => (isShop && step === 'company' ? 'Shop' : ((isWarehouse ? WAREHOUSE_LABELS[step] : undefined) ?? STEP_LABELS[step] ?? step));
  return (
    <section className="stack" aria-label="Ping result">
      <div className="row">
        <StatusBadge status={report.ok ? 'ok' : 'failed'} label={report.ok ? 'Connected' : 'Not working'} />
        <strong>{report.summary}</strong>
        {report.companyName ? (
          <span className="muted">
            {isShop ? 'Shop' : isWarehouse ? 'Project' : 'Company'}: {report.companyName}
          </span>
        ) : null}
      </div>
      <ol className="steps">
        {report.steps.map((s, i) => (
          <li key={`${s.step}-${i}`} className={`step step-${s.status}`}>
            <span className="step-icon" aria-hidden="true">
              {ICONS[s.status]}
            </span>
            <span>
              <strong>{labelOf(s.step)}</strong>
              <span className="visually-hidden">: {s.status}</span>
            </span>
            <span>
              {s.hint} {s.code ? <code className="muted">{s.code}</code> : null}
            </span>
          </li>
        ))}
      </ol>
      <span className="muted">Checked {formatDateTime(report.checkedAt, true)}</span>
    </section>
  );
}
