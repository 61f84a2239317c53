/**
 * Flows (routing over Visma companies, catch-up schedule and positions, posting choices), mapping rules and Visma
 * reference data. Hand-written from the API contract until OpenAPI types are generated: routing, schedule and posting mirror
 * apps/api/src/database/flow-settings.ts; `MappingRules` mirrors `MAPPING_RULES_SCHEMA` in
 * libs/mapping/src/rules/mapping-rules.schema.ts (input side: most fields optional, server defaults).
 */
export type WebhookHealth = { active: number; total: number; lastCheckedAt: string | null; problems: string[] };

/**
 * One routing rule (apps/api/src/database/flow-settings.ts `ROUTING_RULE_SCHEMA`): records matching every given
 * criterion go to `targetConnectionId`. Countries are ISO 3166-1 alpha-2 (ship-to, else billing), currencies ISO 4217.
 */
export type RoutingRule = {
  targetConnectionId: string;
  storeIds?: string[];
  channelIds?: string[];
  countries?: string[];
  currencies?: string[];
  label?: string;
};
/** What happens to a record no rule matches: the flow's default company, skipped, or failed naming the missing route. */
export type UnmatchedRoute = 'default' | 'skip' | 'fail';
/** Rules tried in order, first match wins (`FLOW_ROUTING_SCHEMA`). */
export type FlowRouting = { rules: RoutingRule[]; unmatched: UnmatchedRoute };

/**
 * When the flow's catch-up poll runs, in UTC (`CATCH_UP_SCHEDULE_SCHEMA`): every 1–1440 minutes (slots counted
 * from midnight UTC), daily at `HH:MM`, monthly on day 1–28 at `HH:MM`, or off (webhooks and manual runs only).
 */
export type CatchUpSchedule =
  | { kind: 'every'; minutes: number }
  | { kind: 'daily'; at: string }
  | { kind: 'monthly'; day: number; at: string }
  | { kind: 'off' };
export type CatchUpScheduleKind = CatchUpSchedule['kind'];

/** What a flow posts its orders as: Visma customer invoices (`/v2/customerinvoice`) or sales orders (`/v1/salesorder`). */
export type OrderDocument = 'customer-invoice' | 'sales-order';
/** What a flow posts the customer records it moves as: Visma customers or suppliers. */
export type CustomerAs = 'customer' | 'supplier';

/** Sales order settings (libs/mapping `VISMA_SALES_ORDER_SETTINGS_SCHEMA`, input side: the API fills the defaults). */
export type SalesOrderSettings = {
  orderType?: string;
  numbering?: { mode?: 'own-number' | 'number-series'; prefix?: string; maxLength?: number };
  inventory?: { productsBySku?: boolean; byLineType?: Partial<Record<string, string>> };
  copyShippingAddress?: boolean;
};
/** Settings of new suppliers (libs/mapping `VISMA_SUPPLIER_SETTINGS_SCHEMA`). */
export type SupplierSettings = { supplierClassId?: string; creditTermsId?: string; paymentMethodId?: string; vatZoneId?: string; currencyId?: string };

/**
 * What a flow posts into Visma (apps/api/src/database/flow-settings.ts `FLOW_POSTING_SCHEMA`). Refunds are always
 * credit notes; an order's own customer is always a Visma customer (`customerAs` concerns the customer records the
 * flow moves). A PATCH replaces the whole object, so `salesOrder` and `supplier` are sent back as they came.
 */
export type FlowPosting = {
  orderDocument: OrderDocument;
  customerAs: CustomerAs;
  salesOrder?: SalesOrderSettings;
  supplier?: SupplierSettings;
};

/** `GET /api/flows`: one shop → one or more Visma companies. */
export type Flow = {
  id: string;
  name: string;
  sourceConnectionId: string;
  /** The default Visma company. */
  targetConnectionId: string;
  /** Every Visma company the flow may post into: the default first, then each routing rule's, without repeats. */
  targetConnectionIds: string[];
  entities: string[];
  routing: FlowRouting;
  catchUpSchedule: CatchUpSchedule;
  posting: FlowPosting;
  isEnabled: boolean;
  lastSyncAt: string | null;
  webhookHealth: WebhookHealth | null;
};

/** `PATCH /api/flows/:id` (admin): any of these; the others stay as they are. */
export type FlowPatch = { name?: string; isEnabled?: boolean; routing?: FlowRouting; catchUpSchedule?: CatchUpSchedule; posting?: FlowPosting };

/** Where one entity type of a flow has caught up to: the end of the last completed window, or a run in progress. */
export type CatchUpPosition = { entityType: string; lastUpperBound: string | null; isInProgress: boolean; updatedAt: string };
/** `GET /api/flows/:id/catch-up`. Entity types never run have no position. */
export type CatchUpState = { schedule: CatchUpSchedule; positions: CatchUpPosition[] };
/** One entry of `POST /api/flows/:id/catch-up` (202): `queued: false` = a run is already queued or running. */
export type CatchUpRun = { flowId: string; entityType: string; queued: boolean };
export type CatchUpRequestResult = { runs: CatchUpRun[] };

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
/**
 * `GET /api/flows/:id/mapping?targetConnectionId=`: the rules of one Visma company (shared by every flow posting into
 * it); `rules` is null for a company never mapped. `PUT` answers only `rules` and `updatedAt`.
 */
export type FlowMapping = { targetConnectionId?: string; rules: MappingRules | null; updatedAt: string | null; updatedBy?: string | null };

/** `GET /api/flows/:id/reference-data?targetConnectionId=`, loaded live from that Visma company. */
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
