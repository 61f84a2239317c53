'use client';

import { AUDIT_OUTCOMES } from '@/api/admin-audit/types';
import { SelectField, TextField } from '@/ui/fields';
import { useFilterForm } from '@/ui/use-filter-form';
import type { LogForm } from './admin-log-params';

/** Kinds of things actions are recorded on (the API's `@AuditAction` targets). */
const TARGET_TYPES = ['connection', 'flow', 'record', 'user', 'session', 'export-flow', 'export-batch'];
/** Action families, as prefixes: `connection.` finds every connection action. */
const ACTIONS = ['auth.', 'connection.', 'flow.', 'mapping.', 'record.', 'user.', 'export-flow.', 'export-batch.'];

/** The admin log's filter form; applies on submit, so typing does not refetch per key. */
export function AdminLogFilters({ initial, onApply }: { initial: LogForm; onApply: (form: LogForm) => void }) {
  const { form, set, submit, clear } = useFilterForm(initial, onApply);
  return (
    <form className="card" onSubmit={submit} aria-label="Filter the admin log">
      <div className="form-grid">
        <TextField label="Who" value={form.actor} onChange={set('actor')} placeholder="e-mail or user id" type="search" />
        <SelectField label="What" value={form.action} onChange={set('action')} placeholder="Any action" unknownNote="custom" options={ACTIONS.map((a) => ({ value: a, label: `${a.slice(0, -1)} …` }))} />
        <SelectField label="Target" value={form.targetType} onChange={set('targetType')} placeholder="Anything" unknownNote="custom" options={TARGET_TYPES.map((t) => ({ value: t, label: t }))} />
        <TextField label="Target id" value={form.targetId} onChange={set('targetId')} type="search" />
        <SelectField label="Outcome" value={form.outcome} onChange={set('outcome')} placeholder="Any outcome" options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: o }))} />
        <TextField label="From" value={form.fromDay} onChange={set('fromDay')} type="date" />
        <TextField label="Until" value={form.toDay} onChange={set('toDay')} type="date" />
        <TextField label="Search" value={form.q} onChange={set('q')} placeholder="any text, e.g. a name or address" type="search" />
      </div>
      <div className="row" style={{ marginTop: 12 }}>
        <button type="submit" className="button">
          Apply filters
        </button>
        <button type="button" className="button button-secondary" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
