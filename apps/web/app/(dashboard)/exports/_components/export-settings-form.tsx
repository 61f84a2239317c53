'use client';

import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '@/api/api-error';
import { useUpdateExportFlow } from '@/api/exports/mutations';
import { useExportEntities } from '@/api/exports/queries';
import type { ExportFlow } from '@/api/exports/types';
import { useCan } from '@/auth/current-user';
import { describeError, ErrorState, Loading } from '@/ui/states';
import { EntityCheckboxes } from './entity-checkboxes';
import { describeExportSchedule, entityLabel } from './export-words';
import { apiScheduleErrors, parseScheduleDraft, type ScheduleDraft, type ScheduleErrors, ScheduleFields, scheduleDraftOf } from './schedule-fields';

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Read-only settings (support): the schedule in words and the tables exported. */
function SettingsText({ flow }: { flow: ExportFlow }) {
  return (
    <dl className="facts">
      <div>
        <dt>Schedule</dt>
        <dd>{describeExportSchedule(flow.schedule)}</dd>
      </div>
      <div>
        <dt>Tables</dt>
        <dd>{flow.entities.map(entityLabel).join(', ')}</dd>
      </div>
    </dl>
  );
}

/**
 * The export's schedule and tables: admins edit them (`PATCH /api/export-flows/:id { schedule?, entities? }`, only what
 * changed is sent); support reads them. A table added later is read from the start of its history on the next run.
 */
export function ExportSettingsForm({ flow }: { flow: ExportFlow }) {
  const canEdit = useCan('export.edit');
  const catalogue = useExportEntities();
  const update = useUpdateExportFlow();
  const [schedule, setSchedule] = useState<ScheduleDraft>(() => scheduleDraftOf(flow.schedule));
  const [entities, setEntities] = useState<string[]>(flow.entities);
  const [errors, setErrors] = useState<{ schedule?: ScheduleErrors | undefined; entities?: string | undefined }>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const apiError = update.error instanceof ApiError ? update.error : undefined;

  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .field-invalid input')?.focus();
  }, [attempt, update.error]);

  if (!canEdit) return <SettingsText flow={flow} />;
  if (catalogue.isPending) return <Loading label="Loading tables…" />;
  if (catalogue.isError) return <ErrorState error={catalogue.error} what="Export tables" retry={() => void catalogue.refetch()} />;

  const scheduleErrors: ScheduleErrors = { ...apiScheduleErrors(apiError), ...errors.schedule };
  const touched = () => {
    setSaved(null);
    if (update.isError) update.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const parsed = parseScheduleDraft(schedule);
    const found: typeof errors = {};
    if ('errors' in parsed) found.schedule = parsed.errors;
    if (!entities.length) found.entities = 'Choose at least one table';
    if (found.schedule || found.entities || 'errors' in parsed) {
      setErrors(found);
      return;
    }
    setErrors({});
    const isScheduleChanged = JSON.stringify(parsed.schedule) !== JSON.stringify(flow.schedule);
    const isEntitiesChanged = !sameList(entities, flow.entities);
    if (!isScheduleChanged && !isEntitiesChanged) {
      setSaved('Nothing changed.');
      return;
    }
    const added = entities.filter((e) => !flow.entities.includes(e));
    update.mutate(
      { id: flow.id, ...(isScheduleChanged ? { schedule: parsed.schedule } : {}), ...(isEntitiesChanged ? { entities } : {}) },
      {
        onSuccess: (next) =>
          setSaved(
            `Saved: ${describeExportSchedule(next.schedule)}, ${next.entities.length} table${next.entities.length === 1 ? '' : 's'}.${added.length ? ` ${added.map(entityLabel).join(', ')} will be read from the start of their history on the next run.` : ''}`,
          ),
      },
    );
  };

  return (
    <form ref={formRef} className="stack" onSubmit={submit} aria-label={`Settings of ${flow.name}`} noValidate>
      <fieldset>
        <legend>Schedule</legend>
        <ScheduleFields
          draft={schedule}
          onChange={(patch) => {
            setSchedule((d) => ({ ...d, ...patch }));
            setErrors((e) => ({ ...e, schedule: undefined }));
            touched();
          }}
          errors={scheduleErrors}
        />
        <p className="field-help" style={{ margin: '8px 0 0' }}>
          Now: {describeExportSchedule(flow.schedule)}
          {flow.isEnabled ? '' : ' (paused)'}. Each run reads only what changed in Visma since the last one.
        </p>
      </fieldset>
      <EntityCheckboxes
        entities={catalogue.data}
        selected={entities}
        onChange={(next) => {
          setEntities(next);
          setErrors((e) => ({ ...e, entities: undefined }));
          touched();
        }}
        error={errors.entities ?? apiError?.fieldMessage('entities')}
      />
      <div className="row">
        <button type="submit" className="button button-small" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {saved ? <p className="notice">{saved}</p> : null}
      </div>
      {update.isError ? (
        <div className="state state-error" role="alert">
          <strong>The settings were not saved.</strong>
          <span>{describeError(update.error)}</span>
        </div>
      ) : null}
    </form>
  );
}
