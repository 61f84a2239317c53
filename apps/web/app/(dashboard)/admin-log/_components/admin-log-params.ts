import { AUDIT_OUTCOMES, type AuditFilter, type AuditOutcome } from '@/api/admin-audit/types';

/** The URL search params the admin log understands (so `/admin-log?outcome=failed` links work). */
export const LOG_PARAMS = ['actor', 'action', 'targetType', 'targetId', 'outcome', 'fromDay', 'toDay', 'q'] as const;
export type LogParam = (typeof LOG_PARAMS)[number];
export type LogForm = Record<LogParam, string>;

/** Reads the form values from the URL. */
export function formFromParams(params: URLSearchParams): LogForm {
  return Object.fromEntries(LOG_PARAMS.map((k) => [k, params.get(k) ?? ''])) as LogForm;
}

/** Writes the non-empty form values to a query string. */
export function paramsFromForm(form: LogForm): string {
  const params = new URLSearchParams();
  for (const k of LOG_PARAMS) if (form[k].trim()) params.set(k, form[k].trim());
  return params.toString();
}

/** A local calendar day `YYYY-MM-DD` → its first instant (plus `addDays`) as ISO. */
function dayStart(day: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays).toISOString();
}

/** Form values → the API filter; `toDay` is inclusive (the API's `to` is exclusive). */
export function filterFromForm(form: LogForm): AuditFilter {
  const filter: AuditFilter = {};
  for (const key of ['actor', 'action', 'targetType', 'targetId', 'q'] as const) if (form[key].trim()) filter[key] = form[key].trim();
  if ((AUDIT_OUTCOMES as readonly string[]).includes(form.outcome)) filter.outcome = form.outcome as AuditOutcome;
  const from = dayStart(form.fromDay);
  const to = dayStart(form.toDay, 1);
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}
