/**
 * Ping reports: a diagnosis a finance admin can read, not a boolean (style.md "Connector shape" → ping).
 */

export type PingStepName = 'reachable' | 'auth' | 'tenant' | 'company' | 'permissions' | 'rate-limit' | 'webhooks';
/** `warning`: degraded but usable (e.g. a shop over plain HTTP, no public URL for webhooks); does not fail the report. */
export type PingStepStatus = 'ok' | 'failed' | 'skipped' | 'warning';

/** One checked step with a machine reason code (e.g. 'invalid_client') and a short human hint. */
export type PingStep = { step: PingStepName; status: PingStepStatus; code: string; hint: string };

export type PingReport = {
  ok: boolean;
  system: string;
  steps: PingStep[];
  /** One sentence for the screen, e.g. "Connected to Demo Company AS". */
  summary: string;
  companyName?: string;
};

/** Capability of clients that can diagnose their connection. */
export interface Pingable {
  ping(): Promise<PingReport>;
}

/** Builds a report: `ok` when no step failed; `summary` is the first failed step's hint or `okSummary`. */
export function buildPingReport(system: string, steps: PingStep[], okSummary: string, companyName?: string): PingReport {
  const failed = steps.find((s) => s.status === 'failed');
  const report: PingReport = { ok: failed === undefined, system, steps, summary: failed ? failed.hint : okSummary };
  if (companyName !== undefined) report.companyName = companyName;
  return report;
}

/** Marks every step not yet in `steps` as skipped (after a failure stops the check). */
export function skipRemaining(steps: PingStep[], all: readonly PingStepName[], hint = 'Not checked because an earlier step failed.'): PingStep[] {
  const done = new Set(steps.map((s) => s.step));
  return [...steps, ...all.filter((n) => !done.has(n)).map((step): PingStep => ({ step, status: 'skipped', code: 'skipped', hint }))];
}
