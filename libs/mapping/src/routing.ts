import { z } from 'zod';
import type { SalesDocument } from './canonical/sales-document';
import type { MappingProblem } from './mapping-problem';

/**
 * Multi-entity routing: which Visma company (tenant) receives a document. Rules are tried in
 * order; the first whose every given criterion matches wins (store id, channel id, country of the
 * document, currency). `defaultCompanyId` catches the rest; without it an unmatched document is a
 * `no-company-route` problem.
 */
export const COMPANY_ROUTING_SCHEMA = z.object({
  rules: z
    .array(
      z.object({
        companyId: z.string().trim().min(1),
        storeIds: z.array(z.string()).min(1).optional(),
        channelIds: z.array(z.string()).min(1).optional(),
        countries: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1).optional(),
        currencies: z.array(z.string().regex(/^[A-Z]{3}$/)).min(1).optional(),
        label: z.string().optional(),
      }),
    )
    .default([]),
  defaultCompanyId: z.string().trim().min(1).optional(),
});

export type CompanyRouting = z.infer<typeof COMPANY_ROUTING_SCHEMA>;

export type CompanyRoute =
  | { ok: true; companyId: string; matchedBy: string }
  | { ok: false; problem: MappingProblem };

/**
 * Picks the target Visma company for `doc` (pure; first match wins, then the default).
 * @returns the company id and which rule matched, or a `no-company-route` problem.
 */
export function routeToCompany(doc: Pick<SalesDocument, 'source' | 'channelId' | 'country' | 'currency'>, routing: CompanyRouting): CompanyRoute {
  const index = routing.rules.findIndex(
    (rule) =>
      (rule.storeIds === undefined || rule.storeIds.includes(doc.source.storeId)) &&
      (rule.channelIds === undefined || rule.channelIds.includes(doc.channelId)) &&
      (rule.countries === undefined || rule.countries.includes(doc.country)) &&
      (rule.currencies === undefined || rule.currencies.includes(doc.currency)),
  );
  const rule = routing.rules[index];
  if (rule) return { ok: true, companyId: rule.companyId, matchedBy: rule.label ?? `rule #${index + 1}` };
  if (routing.defaultCompanyId !== undefined) return { ok: true, companyId: routing.defaultCompanyId, matchedBy: 'default' };
  return {
    ok: false,
    problem: {
      code: 'no-company-route',
      field: 'routing',
      message:
        `No Visma company is set for store '${doc.source.storeId}', channel '${doc.channelId}', country '${doc.country || 'unknown'}'` +
        ` (${doc.currency}); add a rule under Settings → Companies.`,
    },
  };
}
