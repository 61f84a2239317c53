'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '@/api/api-error';
import { useConnections } from '@/api/connections/queries';
import { useSaveMapping } from '@/api/flows/mutations';
import { useFlows, useMapping, useReferenceData } from '@/api/flows/queries';
import type { Flow, FlowMapping, MappingRules } from '@/api/flows/types';
import { useCan } from '@/auth/current-user';
import { EditableContext } from '@/ui/fields';
import { formatDateTime } from '@/ui/format';
import { EmptyState, ErrorState, Loading, QueryView, describeError } from '@/ui/states';
import { AccountsSection } from './accounts-section';
import { CompanyPicker } from './company-picker';
import { CoveragePanel } from './coverage-panel';
import { InvoiceSection } from './invoice-section';
import { PreviewPanel } from './preview-panel';
import { choicesOf, cleanRules, errorLookup, normalizeRules } from './rules-draft';
import { SubaccountSection } from './subaccount-section';
import { VatSection } from './vat-section';

/**
 * The mapping behind one flow: the rules of one of its Visma companies (the default one unless another is picked),
 * load, edit (admins), save, coverage check and document preview into that company.
 */
export function MappingView({ flowId }: { flowId: string }) {
  const flows = useFlows();
  const flow = flows.data?.find((f) => f.id === flowId);
  return (
    <>
      <header className="page-header">
        <div>
          <p>
            <Link href="/mappings">Mappings</Link> /
          </p>
          <h1>{flow?.name ?? 'Mapping'}</h1>
          <p>How this flow&apos;s orders become Visma customer invoices.</p>
        </div>
      </header>
      <QueryView query={flows} what="Flow">
        {(list) => {
          const found = list.find((f) => f.id === flowId);
          return found ? (
            <FlowMappings flow={found} flows={list} />
          ) : (
            <EmptyState title="This flow does not exist.">
              It may have been deleted. <Link href="/mappings">Choose another flow</Link>.
            </EmptyState>
          );
        }}
      </QueryView>
    </>
  );
}

/** Which of the flow's Visma companies is shown (a picker when there are several), then that company's mapping. */
function FlowMappings({ flow, flows }: { flow: Flow; flows: Flow[] }) {
  const connections = useConnections();
  const [picked, setPicked] = useState<string | null>(null);
  const [isDirty, setDirty] = useState(false);
  const companies = flow.targetConnectionIds.length ? flow.targetConnectionIds : [flow.targetConnectionId];
  const companyId = picked !== null && companies.includes(picked) ? picked : flow.targetConnectionId;
  const mapping = useMapping(flow.id, companyId);
  const nameOf = (id: string) => connections.data?.find((c) => c.id === id)?.name ?? (connections.isPending ? '…' : 'unknown connection');
  const sharedWith = flows.filter((f) => f.id !== flow.id && (f.targetConnectionIds.includes(companyId) || f.targetConnectionId === companyId)).map((f) => f.name);
  return (
    <>
      <CompanyPicker
        companies={companies}
        defaultId={flow.targetConnectionId}
        value={companyId}
        onChange={setPicked}
        nameOf={nameOf}
        sharedWith={sharedWith}
        hasUnsavedChanges={isDirty}
      />
      <QueryView query={mapping} what="Mapping">
        {(data) => <MappingEditor key={`${flow.id}:${companyId}`} flowId={flow.id} companyId={companyId} saved={data} onDirtyChange={setDirty} />}
      </QueryView>
    </>
  );
}

function MappingEditor({ flowId, companyId, saved, onDirtyChange }: { flowId: string; companyId: string; saved: FlowMapping; onDirtyChange: (isDirty: boolean) => void }) {
  const canEdit = useCan('mapping.edit');
  const canCheck = useCan('mapping.check');
  const reference = useReferenceData(flowId, companyId);
  const save = useSaveMapping(flowId, companyId);
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
  useEffect(() => {
    onDirtyChange(isDirty);
    return () => onDirtyChange(false);
  }, [isDirty, onDirtyChange]);

  return (
    <EditableContext.Provider value={canEdit}>
      <div className="row" style={{ justifyContent: 'space-between', marginBottom: 12 }}>
        <span className="muted">{saved.updatedAt ? `Last saved ${formatDateTime(saved.updatedAt)}${saved.updatedBy ? ` by ${saved.updatedBy.replace(/^user:/, '')}` : ''}` : 'Not saved yet'}</span>
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
          <CoveragePanel flowId={flowId} companyId={companyId} rules={currentRules} onPreview={(externalId) => setPreviewRequest({ externalId, at: Date.now() })} />
          <PreviewPanel flowId={flowId} companyId={companyId} rules={currentRules} requested={previewRequest} />
        </EditableContext.Provider>
      ) : null}
    </EditableContext.Provider>
  );
}
