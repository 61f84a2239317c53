'use client';

import Link from 'next/link';
import { useCallback, useMemo, useState } from 'react';
import { ApiError } from '@/api/api-error';
import { useSaveMapping } from '@/api/flows/mutations';
import { useFlow, useMapping, useReferenceData } from '@/api/flows/queries';
import type { FlowMapping, MappingRules } from '@/api/flows/types';
import { useCan } from '@/auth/current-user';
import { EditableContext } from '@/ui/fields';
import { formatDateTime } from '@/ui/format';
import { ErrorState, Loading, QueryView, describeError } from '@/ui/states';
import { AccountsSection } from './accounts-section';
import { CoveragePanel } from './coverage-panel';
import { InvoiceSection } from './invoice-section';
import { PreviewPanel } from './preview-panel';
import { choicesOf, cleanRules, errorLookup, normalizeRules } from './rules-draft';
import { SubaccountSection } from './subaccount-section';
import { VatSection } from './vat-section';

/** The mapping of one flow: load, edit (admins), save, coverage check and document preview. */
export function MappingView({ flowId }: { flowId: string }) {
  const flow = useFlow(flowId);
  const mapping = useMapping(flowId);
  return (
    <>
      <header className="page-header">
        <div>
          <p>
            <Link href="/mappings">Mappings</Link> /
          </p>
          <h1>{flow.data?.name ?? 'Mapping'}</h1>
          <p>How this flow&apos;s orders become Visma customer invoices.</p>
        </div>
      </header>
      <QueryView query={mapping} what="Mapping">
        {(data) => <MappingEditor key={flowId} flowId={flowId} saved={data} />}
      </QueryView>
    </>
  );
}

function MappingEditor({ flowId, saved }: { flowId: string; saved: FlowMapping }) {
  const canEdit = useCan('mapping.edit');
  const canCheck = useCan('mapping.check');
  const reference = useReferenceData(flowId);
  const save = useSaveMapping(flowId);
  const initial = useMemo(() => normalizeRules(saved.rules), [saved.rules]);
  const [draft, setDraft] = useState<MappingRules>(initial);
  const [previewRequest, setPreviewRequest] = useState<{ externalId: string; at: number } | null>(null);
  const choices = useMemo(() => choicesOf(reference.data), [reference.data]);
  const saveError = save.error instanceof ApiError ? save.error : undefined;
  const errorOf = useMemo(() => errorLookup(saveError?.fields ?? []), [saveError]);
  const isDirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const currentRules = useCallback(() => cleanRules(draft), [draft]);
  const onChange = (next: MappingRules) => {
    setDraft(next);
    if (save.isSuccess) save.reset();
  };

  return (
    <EditableContext.Provider value={canEdit}>
      <div className="row" style={{ justifyContent: 'space-between', marginBottom: 12 }}>
        <span className="muted">{saved.updatedAt ? `Last saved ${formatDateTime(saved.updatedAt)}` : 'Not saved yet'}</span>
        {canEdit ? (
          <div className="row">
            {isDirty ? <span className="badge badge-warn">Unsaved changes</span> : null}
            <button type="button" className="button button-secondary" onClick={() => setDraft(initial)} disabled={!isDirty || save.isPending}>
              Discard changes
            </button>
            <button type="button" className="button" onClick={() => save.mutate(cleanRules(draft), { onSuccess: (stored) => setDraft(normalizeRules(stored.rules)) })} disabled={!isDirty || save.isPending}>
              {save.isPending ? 'Saving…' : 'Save mapping'}
            </button>
          </div>
        ) : (
          <span className="badge badge-neutral">Read-only: only admins change mappings</span>
        )}
      </div>
      <div aria-live="polite">
        {save.isSuccess ? (
          <p className="notice" role="status">
            Mapping saved.
          </p>
        ) : null}
        {save.isError ? (
          <div className="state state-error" role="alert">
            <strong>The mapping was not saved.</strong>
            {saveError?.fields.length ? (
              <ul style={{ margin: 0 }}>
                {saveError.fields.map((f) => (
                  <li key={f.field}>
                    <code>{f.field.replace(/^rules\./, '')}</code>: {f.message}
                  </li>
                ))}
              </ul>
            ) : (
              <span>{describeError(save.error)}</span>
            )}
          </div>
        ) : null}
      </div>
      {reference.isPending ? <Loading label="Loading accounts and VAT codes from Visma…" /> : null}
      {reference.isError ? (
        <ErrorState error={reference.error} what="Accounts and VAT codes from Visma" retry={() => void reference.refetch()} />
      ) : null}
      <AccountsSection rules={draft} onChange={onChange} choices={choices} errorOf={errorOf} />
      <VatSection rules={draft} onChange={onChange} choices={choices} errorOf={errorOf} />
      <SubaccountSection rules={draft} onChange={onChange} choices={choices} errorOf={errorOf} />
      <InvoiceSection rules={draft} onChange={onChange} choices={choices} errorOf={errorOf} />
      {canCheck ? (
        <EditableContext.Provider value>
          <CoveragePanel flowId={flowId} rules={currentRules} onPreview={(externalId) => setPreviewRequest({ externalId, at: Date.now() })} />
          <PreviewPanel flowId={flowId} rules={currentRules} requested={previewRequest} />
        </EditableContext.Provider>
      ) : null}
    </EditableContext.Provider>
  );
}
