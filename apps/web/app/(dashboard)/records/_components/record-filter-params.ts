import { RECORD_STATUSES, type RecordFilter, type RecordStatus } from '@/api/records/types';

/** The URL search params the records page understands (so `/records?status=failed` links work). */
export const FILTER_PARAMS = ['system', 'status', 'connectionId', 'flowId', 'externalId', 'customerEmail', 'fromDay', 'toDay'] as const;
export type FilterParam = (typeof FILTER_PARAMS)[number];
export type FilterForm = Record<FilterParam, string>;

/** Reads the form values from the URL. */
export function formFromParams(params: URLSearchParams): FilterForm {
  return Object.fromEntries(FILTER_PARAMS.map((k) => [k, params.get(k) ?? ''])) as FilterForm;
}

/** Writes the non-empty form values (and the page offset) to a query string. */
export function paramsFromForm(form: FilterForm, offset = 0): string {
  const params = new URLSearchParams();
  for (const k of FILTER_PARAMS) if (form[k].trim()) params.set(k, form[k].trim());
  if (offset) params.set('offset', String(offset));
  return params.toString();
}

/** A local calendar day `YYYY-MM-DD` → its first instant (plus `addDays`) as ISO. */
function dayStart(day: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays).toISOString();
}

/** Form values → the API filter; `toDay` is inclusive (the API's `to` is exclusive). */
export function filterFromForm(form: FilterForm): RecordFilter {
  const filter: RecordFilter = {};
  if (form.system) filter.system = form.system;
  if ((RECORD_STATUSES as readonly string[]).includes(form.status)) filter.status = form.status as RecordStatus;
  if (form.connectionId) filter.connectionId = form.connectionId;
  if (form.flowId) filter.flowId = form.flowId;
  if (form.externalId.trim()) filter.externalId = form.externalId.trim().replace(/^#/, '');
  if (form.customerEmail.trim()) filter.customerEmail = form.customerEmail.trim();
  const from = dayStart(form.fromDay);
  const to = dayStart(form.toDay, 1);
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}
