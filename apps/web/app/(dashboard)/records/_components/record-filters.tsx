'use client';

import { useConnections } from '@/api/connections/queries';
import { useFlows } from '@/api/flows/queries';
import { RECORD_STATUSES } from '@/api/records/types';
import { useSystems } from '@/api/systems/queries';
import { SelectField, TextField } from '@/ui/fields';
import { useFilterForm } from '@/ui/use-filter-form';
import type { FilterForm } from './record-filter-params';

/** The records filter form; applies on submit (Enter or the button), so typing does not refetch per key. */
export function RecordFilters({ initial, onApply }: { initial: FilterForm; onApply: (form: FilterForm) => void }) {
  const { form, set, submit, clear } = useFilterForm(initial, onApply);
  const systems = useSystems();
  const connections = useConnections();
  const flows = useFlows();
  return (
    <form className="card" onSubmit={submit} aria-label="Filter records">
      <div className="form-grid">
        <SelectField label="System" value={form.system} onChange={set('system')} placeholder="Any system" options={(systems.data ?? []).map((s) => ({ value: s.kind, label: s.label }))} />
        <SelectField label="Connection" value={form.connectionId} onChange={set('connectionId')} placeholder="Any connection" options={(connections.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        {flows.data?.length ? (
          <SelectField label="Flow" value={form.flowId} onChange={set('flowId')} placeholder="Any flow" options={flows.data.map((f) => ({ value: f.id, label: f.name }))} />
        ) : null}
        <SelectField label="Status" value={form.status} onChange={set('status')} placeholder="Any status" options={RECORD_STATUSES.map((s) => ({ value: s, label: s }))} />
        <TextField label="Order number" value={form.externalId} onChange={set('externalId')} placeholder="e.g. 218" type="search" />
        <TextField label="Customer email" value={form.customerEmail} onChange={set('customerEmail')} type="email" />
        <TextField label="Changed from" value={form.fromDay} onChange={set('fromDay')} type="date" />
        <TextField label="Changed until" value={form.toDay} onChange={set('toDay')} type="date" />
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
