'use client';

import { useId } from 'react';
import type { ExportEntity } from '@/api/exports/types';
import { entityDescription, entityLabel } from './export-words';

/**
 * One checkbox per table of the catalogue (label, what it holds, its BigQuery table), with "Select all" and "Clear";
 * `error` is announced and linked to the group.
 */
export function EntityCheckboxes({
  entities,
  selected,
  onChange,
  error,
  legend = 'Tables to export',
}: {
  entities: readonly ExportEntity[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  error?: string | undefined;
  legend?: string;
}) {
  const id = useId();
  const toggle = (entity: string, isChecked: boolean) => {
    const next = isChecked ? [...selected, entity] : selected.filter((e) => e !== entity);
    // Keep the catalogue's order.
    onChange(entities.map((e) => e.id).filter((e) => next.includes(e)));
  };
  return (
    <fieldset className={`entity-picker${error ? ' field-invalid' : ''}`} aria-describedby={error ? `${id}-error` : `${id}-count`}>
      <legend>{legend}</legend>
      <div className="row" style={{ marginBottom: 8 }}>
        <span id={`${id}-count`} className="muted">
          {selected.length} of {entities.length} selected
        </span>
        <button type="button" className="button button-secondary button-small" onClick={() => onChange(entities.map((e) => e.id))} disabled={selected.length === entities.length}>
          Select all
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => onChange([])} disabled={selected.length === 0}>
          Clear
        </button>
      </div>
      <ul className="entity-grid">
        {entities.map((e) => (
          <li key={e.id} className="field field-checkbox">
            <input id={`${id}-${e.id}`} type="checkbox" checked={selected.includes(e.id)} onChange={(ev) => toggle(e.id, ev.target.checked)} aria-describedby={`${id}-${e.id}-help`} />
            <label htmlFor={`${id}-${e.id}`}>{entityLabel(e.id)}</label>
            <span id={`${id}-${e.id}-help`} className="field-help">
              {entityDescription(e.description)}. Table <span className="mono">{e.table}</span>
            </span>
          </li>
        ))}
      </ul>
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
