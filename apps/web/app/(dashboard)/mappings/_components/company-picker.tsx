'use client';

import { useState } from 'react';
import { SelectField } from '@/ui/fields';

type Props = {
  /** The flow's Visma companies (connection ids), default first. */
  companies: string[];
  defaultId: string;
  /** The company whose rules are shown. */
  value: string;
  onChange: (companyId: string) => void;
  nameOf: (connectionId: string) => string;
  /** Names of the other flows posting into the shown company. */
  sharedWith: string[];
  /** Switching would drop the draft: ask first. */
  hasUnsavedChanges: boolean;
};

/**
 * Which Visma company's rules the page shows and saves, and plainly whose rules they are: a company's, shared by every
 * flow posting into it. A picker only when the flow routes into more than one company.
 */
export function CompanyPicker({ companies, defaultId, value, onChange, nameOf, sharedWith, hasUnsavedChanges }: Props) {
  const [pending, setPending] = useState<string | null>(null);
  const name = nameOf(value);
  const choose = (next: string) => {
    if (next === value) return;
    if (hasUnsavedChanges) setPending(next);
    else onChange(next);
  };
  return (
    <section className="card" aria-labelledby="company-heading">
      <h2 id="company-heading">Visma company</h2>
      <div className="stack">
        {companies.length > 1 ? (
          <div className="row" style={{ alignItems: 'flex-end' }}>
            <SelectField
              label="Visma company"
              value={value}
              onChange={choose}
              options={companies.map((id) => ({ value: id, label: id === defaultId ? `${nameOf(id)} (default)` : nameOf(id) }))}
              help={`This flow posts into ${companies.length} companies; each has its own rules, reference data, coverage and preview.`}
            />
          </div>
        ) : null}
        <p style={{ margin: 0 }}>
          These rules belong to the Visma company <strong>{name}</strong>, not to this flow: every flow posting into {name} uses them
          {sharedWith.length ? ` (here also ${sharedWith.join(', ')})` : ''}, and saving them here changes them for all of those flows.
        </p>
        {pending !== null ? (
          <div className="notice notice-warn row" role="alert">
            <span>You have unsaved changes to the rules of {name}. Switching to {nameOf(pending)} discards them.</span>
            <button
              type="button"
              className="button button-danger button-small"
              onClick={() => {
                onChange(pending);
                setPending(null);
              }}
            >
              Discard and switch
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => setPending(null)}>
              Stay on {name}
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
