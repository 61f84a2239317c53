'use client';

import Link from 'next/link';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '@/api/api-error';
import { useCreateExportFlow } from '@/api/exports/mutations';
import { useExportEntities } from '@/api/exports/queries';
import type { ExportFlow, ExportFlowInput } from '@/api/exports/types';
import { SelectField, TextField } from '@/ui/fields';
import { describeError, ErrorState, Loading } from '@/ui/states';
import { EntityCheckboxes } from './entity-checkboxes';
import { useExportConnections } from './export-connections';
import { apiScheduleErrors, parseScheduleDraft, type ScheduleDraft, type ScheduleErrors, ScheduleFields } from './schedule-fields';

const DATASET = /^[A-Za-z0-9_]{1,1024}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Errors = Partial<Record<'name' | 'sourceConnectionId' | 'targetConnectionId' | 'datasetId' | 'backfillFrom' | 'entities', string | undefined>> & { schedule?: ScheduleErrors | undefined };

/**
 * Creates an export (admin): a name, the Visma company read from, the BigQuery connection and dataset written to, the
 * schedule, where history starts, and the tables (all by default). Checked in the form first, then `POST /api/export-flows`.
 */
export function CreateExportForm({ onDone }: { onDone: (created: ExportFlow | null) => void }) {
  const ends = useExportConnections();
  const catalogue = useExportEntities();
  const create = useCreateExportFlow();
  const [name, setName] = useState('');
  const [sourceId, setSourceId] = useState('');
  const [targetId, setTargetId] = useState('');
  const [datasetId, setDatasetId] = useState('');
  const [backfillFrom, setBackfillFrom] = useState('');
  const [schedule, setSchedule] = useState<ScheduleDraft>({ kind: 'monthly', at: '03:00', weekday: '1', day: '2' });
  const [entities, setEntities] = useState<string[] | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const apiError = create.error instanceof ApiError ? create.error : undefined;

  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .field-invalid input')?.focus();
  }, [attempt, create.error]);

  if (ends.isPending || catalogue.isPending) return <Loading label="Loading connections and tables…" />;
  if (ends.error) return <ErrorState error={ends.error} what="Connections" retry={() => void ends.refetch()} />;
  if (catalogue.isError) return <ErrorState error={catalogue.error} what="Export tables" retry={() => void catalogue.refetch()} />;
  if (!ends.sources.length || !ends.targets.length) {
    return (
      <div className="state state-empty">
        <strong>{!ends.sources.length ? 'No Visma company is connected yet.' : 'No Google BigQuery connection yet.'}</strong>
        <span>
          Add {!ends.sources.length ? 'your Visma company' : 'a Google BigQuery connection (its service-account key and dataset)'} under <Link href="/connections">Connections</Link> first.
        </span>
      </div>
    );
  }

  const selected = entities ?? catalogue.data.map((e) => e.id);
  const target = ends.byId(targetId);
  const targetDataset = typeof target?.settings['datasetId'] === 'string' ? target.settings['datasetId'] : undefined;
  const errorOf = (field: Exclude<keyof Errors, 'schedule'>) => errors[field] ?? apiError?.fieldMessage(field);
  const scheduleErrors: ScheduleErrors = { ...apiScheduleErrors(apiError), ...errors.schedule };
  const clear = (field: keyof Errors) => {
    setErrors((e) => ({ ...e, [field]: undefined }));
    if (create.isError) create.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const found: Errors = {};
    if (!name.trim()) found.name = 'Give the export a name, e.g. "Nordlys ledger → BigQuery"';
    if (!sourceId) found.sourceConnectionId = 'Choose the Visma company to export';
    if (!targetId) found.targetConnectionId = 'Choose the BigQuery connection to export into';
    if (datasetId.trim() && !DATASET.test(datasetId.trim())) found.datasetId = 'Use letters, digits and underscores only, e.g. visma_ledger';
    if (backfillFrom && !DAY.test(backfillFrom)) found.backfillFrom = 'Enter a date, e.g. 2024-01-01';
    if (!selected.length) found.entities = 'Choose at least one table';
    const parsed = parseScheduleDraft(schedule);
    if ('errors' in parsed) found.schedule = parsed.errors;
    if (Object.keys(found).length || 'errors' in parsed) {
      setErrors(found);
      return;
    }
    setErrors({});
    const input: ExportFlowInput = {
      name: name.trim(),
      sourceConnectionId: sourceId,
      targetConnectionId: targetId,
      schedule: parsed.schedule,
      entities: selected,
      ...(datasetId.trim() ? { datasetId: datasetId.trim() } : {}),
      ...(backfillFrom ? { backfillFrom } : {}),
    };
    create.mutate(input, { onSuccess: onDone });
  };

  return (
    <form ref={formRef} className="stack" onSubmit={submit} aria-label="New export" noValidate>
      <div className="form-grid">
        <TextField label="Name" value={name} onChange={(v) => {
            setName(v);
            clear('name');
          }} error={errorOf('name')} required />
        <SelectField
          label="Visma company"
          value={sourceId}
          onChange={(v) => {
            setSourceId(v);
            clear('sourceConnectionId');
          }}
          options={ends.sources.map((c) => ({ value: c.id, label: c.name }))}
          placeholder="Choose a company"
          error={errorOf('sourceConnectionId')}
          required
        />
        <SelectField
          label="BigQuery connection"
          value={targetId}
          onChange={(v) => {
            setTargetId(v);
            clear('targetConnectionId');
          }}
          options={ends.targets.map((c) => ({ value: c.id, label: c.name }))}
          placeholder="Choose a connection"
          error={errorOf('targetConnectionId')}
          required
        />
        <TextField
          label="Dataset (optional)"
          value={datasetId}
          onChange={(v) => {
            setDatasetId(v);
            clear('datasetId');
          }}
          placeholder={targetDataset ?? 'visma_ledger'}
          error={errorOf('datasetId')}
          help={targetDataset ? `Leave empty to use the connection's dataset, ${targetDataset}.` : "Leave empty to use the connection's dataset."}
        />
        <TextField
          label="Export history from (optional)"
          type="date"
          value={backfillFrom}
          onChange={(v) => {
            setBackfillFrom(v);
            clear('backfillFrom');
          }}
          error={errorOf('backfillFrom')}
          help="The first run reads everything changed since this date. Leave empty for everything Visma holds."
        />
      </div>
      <fieldset>
        <legend>Schedule</legend>
        <ScheduleFields
          draft={schedule}
          onChange={(patch) => {
            setSchedule((d) => ({ ...d, ...patch }));
            setErrors((e) => ({ ...e, schedule: undefined }));
          }}
          errors={scheduleErrors}
        />
      </fieldset>
      <EntityCheckboxes entities={catalogue.data} selected={selected} onChange={(next) => {
          setEntities(next);
          clear('entities');
        }} error={errorOf('entities')} />
      {create.isError ? (
        <div className="state state-error" role="alert">
          <strong>The export was not created.</strong>
          <span>{describeError(create.error)}</span>
        </div>
      ) : null}
      <div className="row">
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create export'}
        </button>
        <button type="button" className="button button-secondary" onClick={() => onDone(null)} disabled={create.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
