/**
 * Flows, mapping rules and Visma reference data. Hand-written from the API contract until OpenAPI
 * types are generated; `MappingRules` mirrors `MAPPING_RULES_SCHEMA` in
 * libs/mapping/src/rules/mapping-rules.schema.ts (input side: most fields optional, server defaults).
 */
export type WebhookHealth = { active: number; total: number; lastCheckedAt: string | null; problems: string[] };
export type Flow = {
  id: string;
  name: string;
  sourceConnectionId: string;
  targetConnectionId: string;
  entities: string[];
  isEnabled: boolean;
  lastSyncAt: string | null;
  webhookHealth: WebhookHealth | null;
};

export const LINE_TYPES = ['product', 'shipping', 'discount', 'gift-card', 'fee', 'handling', 'wrapping'] as const;
export type LineType = (typeof LINE_TYPES)[number];
export const ACCOUNT_LINE_TYPES = [...LINE_TYPES, 'rounding'] as const;
export type AccountLineType = (typeof ACCOUNT_LINE_TYPES)[number];

export type AccountOverride = {
  match: { lineTypes?: LineType[]; categoryIds?: string[]; skuPattern?: string; skuRegex?: string; channelIds?: string[] };
  accountNumber: string;
  label?: string;
};
export type SubaccountSource = 'store' | 'channel' | 'country' | 'fixed';
export type SubaccountSegmentRule = { segmentId: number; source: SubaccountSource; values: Record<string, string>; defaultValue?: string };
export type VatCodeRule = { country: string; taxClass: string; ratePercent: string; lineType: LineType | '*'; vatCodeId: string };
export type LineAmountMode = 'price-times-quantity' | 'manual-amount';
export type VatCalculation = 'DocumentAmount' | 'ItemAmount';

export type MappingRules = {
  accounts: { byLineType: Partial<Record<AccountLineType, string>>; overrides: AccountOverride[]; receivable?: string };
  subaccount: { segments: SubaccountSegmentRule[] };
  vatCodes: VatCodeRule[];
  rounding: { vatCodeId?: string; maxAdjustment?: string; description?: string };
  invoice: {
    branchNumber?: string;
    creditTermsId?: string;
    paymentMethodIds: Record<string, string>;
    customerVatZoneId?: string;
    uom?: string;
    copyBillingAddress?: boolean;
    hold?: boolean;
    dontEmail?: boolean;
    dontPrint?: boolean;
    lineAmountMode?: LineAmountMode;
    vatCalculation?: VatCalculation;
  };
};
/** `GET /api/flows/:id/mapping`; `rules` is null-ish for a flow never mapped. */
export type FlowMapping = { rules: MappingRules | null; updatedAt: string | null };

/** `GET /api/flows/:id/reference-data`, loaded live from Visma. */
export type ReferenceData = {
  accounts: { accountCD: string; description: string; type: string; active: boolean }[];
  vatCodes: { id: string; description: string; rate: number | string | null }[];
  subaccountSegments: { segmentId: number; description: string; values: { value: string; description: string }[] }[];
  branches: { number: string; name: string }[];
};

export type MappingProblem = { code: string; field: string; message: string };
/** `POST /api/flows/:id/mapping/coverage`: which recent orders the rules can post, and why the others cannot. */
export type CoverageReport = {
  checked: number;
  passing: number;
  /** Rules that name accounts/VAT codes/segment values Visma does not have (whatever the orders). */
  referenceProblems?: MappingProblem[];
  failing: { externalId: string; orderNumber: string; problems: MappingProblem[] }[];
};
/** `POST /api/flows/:id/preview`: the exact Visma document a dry run would post. */
export type PreviewResult = { ok: boolean; document?: unknown; postingSummary?: unknown; salesDocument?: unknown; problems: MappingProblem[] };
