import {
  type MappingProblem,
  type MappingRules,
  type PostingSummary,
  routeToCompany,
  type SalesDocument,
  toVismaCustomerCreditNote,
  toVismaCustomerInvoice,
  validateMapping,
  type VismaCustomerCreditNoteDraft,
  type VismaCustomerInvoiceDraft,
} from '@mlc/mapping';
import type { FlowEntity } from '../../database/entities';

/** The Visma document a sales document would produce, or every reason it cannot. Nothing is posted. */
export type DocumentPreview =
  | { ok: true; salesDocument: SalesDocument; document: VismaCustomerInvoiceDraft | VismaCustomerCreditNoteDraft; postingSummary: PostingSummary; problems: [] }
  | { ok: false; salesDocument?: SalesDocument; problems: MappingProblem[] };

/**
 * The pure part of posting a sales document: the canonical document → the Visma customer invoice (or, with
 * `applyToInvoiceRefNbr`, the credit note applied to that invoice), checked against the company's mapping rules.
 * Used by the posting handlers, the preview endpoint and the coverage check, so all three always agree.
 */
export function buildVismaDocument(doc: SalesDocument, rules: MappingRules, customerNumber: string, applyToInvoiceRefNbr?: string): DocumentPreview {
  const result =
    doc.kind === 'credit-note'
      ? toVismaCustomerCreditNote(doc, rules, { customerNumber, ...(applyToInvoiceRefNbr ? { applyToInvoiceRefNbr } : {}) })
      : toVismaCustomerInvoice(doc, rules, { customerNumber });
  if (!result.ok) return { ok: false, salesDocument: doc, problems: result.problems };
  return { ok: true, salesDocument: doc, document: result.document, postingSummary: result.postingSummary, problems: [] };
}

/** Every mapping problem of the document, before any customer is looked up or created. */
export function problemsOf(doc: SalesDocument, rules: MappingRules): MappingProblem[] {
  return validateMapping(doc, rules);
}

/** What routing reads of a record: store, channel, country and currency (a customer has no channel or currency). */
export type Routable = { storeId: string; channelId: string; country: string; currency: string };

/** Where a record goes: a Visma company (target connection id, and which rule chose it), skipped, or a problem. */
export type RouteDecision =
  | { kind: 'target'; targetConnectionId: string; matchedBy: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'problem'; problem: MappingProblem };

/**
 * Routes a record to one of its flow's Visma companies with libs/mapping `routeToCompany` (rules in order, first
 * match wins; company ids are target connection ids), then the flow's `unmatched` policy: the default target, a
 * skip with the reason, or a `no-company-route` problem.
 */
export function routeRecord(flow: Pick<FlowEntity, 'targetConnectionId' | 'routing'>, routable: Routable): RouteDecision {
  const rules = flow.routing.rules.map((r) => ({
    companyId: r.targetConnectionId,
    ...(r.storeIds ? { storeIds: r.storeIds } : {}),
    ...(r.channelIds ? { channelIds: r.channelIds } : {}),
    ...(r.countries ? { countries: r.countries } : {}),
    ...(r.currencies ? { currencies: r.currencies } : {}),
    ...(r.label ? { label: r.label } : {}),
  }));
  const unmatched = flow.routing.unmatched;
  const route = routeToCompany(
    { source: { system: '', storeId: routable.storeId, orderId: '', externalReference: '' }, channelId: routable.channelId, country: routable.country, currency: routable.currency },
    { rules, ...(unmatched === 'default' ? { defaultCompanyId: flow.targetConnectionId } : {}) },
  );
  if (route.ok) return { kind: 'target', targetConnectionId: route.companyId, matchedBy: route.matchedBy };
  if (unmatched === 'skip') {
    return { kind: 'skip', reason: `No routing rule of this flow takes store '${routable.storeId}', country '${routable.country || 'unknown'}', currency '${routable.currency || 'none'}'; another flow may` };
  }
  return { kind: 'problem', problem: route.problem };
}
