'use client';

import { type FormEvent, useEffect, useRef, useState } from 'react';
import { usePreview } from '@/api/flows/mutations';
import type { MappingRules } from '@/api/flows/types';
import { TextField } from '@/ui/fields';
import { JsonView } from '@/ui/json-view';
import { describeError } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';

/** Dry run of one order with the rules on the page: the exact document Visma would get, and the posting summary. */
export function PreviewPanel({
  flowId,
  companyId,
  rules,
  requested,
}: {
  flowId: string;
  companyId: string;
  rules: () => MappingRules;
  requested: { externalId: string; at: number } | null;
}) {
  const preview = usePreview(flowId, companyId);
  const [externalId, setExternalId] = useState('');
  const { mutate } = preview;
  const rulesRef = useRef(rules);
  rulesRef.current = rules;

  useEffect(() => {
    if (!requested) return;
    setExternalId(requested.externalId);
    mutate({ externalId: requested.externalId, rules: rulesRef.current() });
  }, [requested, mutate]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (externalId.trim()) mutate({ externalId: externalId.trim(), rules: rules() });
  };
  const result = preview.data;
  return (
    <section className="card" aria-labelledby="preview-heading" id="preview">
      <h2 id="preview-heading">Preview a document</h2>
      <p className="muted">Uses the rules on this page, saved or not. Nothing is posted.</p>
      <form className="row" onSubmit={submit} style={{ alignItems: 'flex-end' }}>
        <TextField label="Order id" value={externalId} onChange={setExternalId} placeholder="e.g. 218" />
        <button type="submit" className="button button-secondary" disabled={preview.isPending || !externalId.trim()}>
          {preview.isPending ? 'Building…' : 'Preview'}
        </button>
      </form>
      <div aria-live="polite" className="stack" style={{ marginTop: 12 }}>
        {preview.isError ? (
          <p className="state state-error" role="alert">
            Preview failed: {describeError(preview.error)}
          </p>
        ) : null}
        {result ? (
          <>
            <div className="row">
              <StatusBadge status={result.ok ? 'ok' : 'failed'} label={result.ok ? 'Would post' : 'Would fail'} />
              <span>Order {preview.variables?.externalId}</span>
            </div>
            {result.problems.length ? (
              <ul>
                {result.problems.map((p, i) => (
                  <li key={i}>
                    {p.message} <code className="muted">{p.field}</code>
                  </li>
                ))}
              </ul>
            ) : null}
            <div className="json-columns">
              <JsonView title="Order as read" value={result.salesDocument} />
              <JsonView title="Visma document" value={result.document} emptyText="No document: fix the problems above first." />
              <JsonView title="Posting summary" value={result.postingSummary} emptyText="No posting: fix the problems above first." />
            </div>
          </>
        ) : null}
      </div>
    </section>
  );
}
