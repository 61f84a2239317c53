/**
 * Reference data schemas (responses only): ledger accounts (`AccountDto`), dimensions (`DtoDimension`,
 * `DtoSegment`, `DtoSegmentValue`), subaccounts (`SubAccountDto`, `SegmentDto`), VAT codes (`VatInformationDto`),
 * VAT categories (`VatCategoryDto`, `VatCategoryLineDto`, `VatRateLineDto`), branches (`BranchDto`) and
 * organisations (`ExtendedOrganizationDto`). Source: components/schemas of visma-net-erp-api.v1_20250424.openapi.json.
 */
import { z } from 'zod';
import { DECIMAL_FROM_NUMBER, ID_DESCRIPTION, METADATA, OPT_BOOLEAN, OPT_DATE_TIME, OPT_INT, OPT_STRING } from './common.schema';

/** `AccountDto`; `accountCD` is the account number used on invoice lines (`accountNumber`). */
export const VISMA_ACCOUNT = z
  .object({
    accountID: OPT_INT,
    accountCD: z.string(),
    description: OPT_STRING,
    type: z.enum(['Asset', 'Liability', 'Income', 'Expense']).nullish(),
    active: OPT_BOOLEAN,
    accountClass: OPT_STRING,
    taxCategory: OPT_STRING,
    currency: OPT_STRING,
    publicCode1: OPT_STRING,
    lastModifiedDateTime: OPT_DATE_TIME,
    metadata: METADATA.nullish(),
  })
  .passthrough();
export type VismaAccount = z.infer<typeof VISMA_ACCOUNT>;

/** `DtoSegmentValue`. */
export const VISMA_SEGMENT_VALUE = z
  .object({ segmentId: OPT_INT, valueId: z.string(), description: OPT_STRING, active: OPT_BOOLEAN, publicId: OPT_STRING, lastModified: OPT_DATE_TIME })
  .passthrough();

/** `DtoSegment`. */
export const VISMA_SEGMENT = z
  .object({ segmentId: z.number().int(), description: OPT_STRING, length: OPT_INT, validate: OPT_BOOLEAN, segmentValues: z.array(VISMA_SEGMENT_VALUE).nullish() })
  .passthrough();

/** `DtoDimension` (GET /v1/dimension/{dimensionId}). GET /v1/dimension returns only the ids (strings). */
export const VISMA_DIMENSION = z
  .object({ id: z.string(), description: OPT_STRING, length: OPT_INT, segments: z.array(VISMA_SEGMENT).nullish() })
  .passthrough();
export type VismaDimension = z.infer<typeof VISMA_DIMENSION>;

/** `SubAccountDto` with its `SegmentDto` list. */
export const VISMA_SUBACCOUNT = z
  .object({
    subaccountNumber: z.string(),
    subaccountId: OPT_INT,
    description: OPT_STRING,
    active: OPT_BOOLEAN,
    lastModifiedDateTime: OPT_DATE_TIME,
    segments: z
      .array(z.object({ segmentId: OPT_INT, segmentDescription: OPT_STRING, segmentValue: OPT_STRING, segmentValueDescription: OPT_STRING }).passthrough())
      .nullish(),
    metadata: METADATA.nullish(),
  })
  .passthrough();
export type VismaSubaccount = z.infer<typeof VISMA_SUBACCOUNT>;

/** `VatRateLineDto`: `vatRate` in percent, as a decimal string. */
const VAT_RATE_LINE = z.object({ revisionID: OPT_STRING, vatRate: DECIMAL_FROM_NUMBER, startDate: OPT_DATE_TIME }).passthrough();

/** `VatCategoryDto` (GET /v1/vatCategory). */
export const VISMA_VAT_CATEGORY = z
  .object({
    vatCategoryId: z.string(),
    description: OPT_STRING,
    active: OPT_BOOLEAN,
    excludeListedTaxes: OPT_BOOLEAN,
    lastModifiedDateTime: OPT_DATE_TIME,
    vatCategoryLines: z
      .array(z.object({ vatId: OPT_STRING, description: OPT_STRING, type: OPT_STRING, calculateOn: OPT_STRING, vatRates: z.array(VAT_RATE_LINE).nullish() }).passthrough())
      .nullish(),
  })
  .passthrough();
export type VismaVatCategory = z.infer<typeof VISMA_VAT_CATEGORY>;

/** `VatInformationDto` (GET /v1/vat): a VAT code with its schedules (rates) and categories. */
export const VISMA_VAT_CODE = z
  .object({
    vatId: z.string(),
    description: OPT_STRING,
    type: OPT_STRING,
    deductibleVat: OPT_BOOLEAN,
    reverseVat: OPT_BOOLEAN,
    statisticalVat: OPT_BOOLEAN,
    pendingVat: OPT_BOOLEAN,
    calculateOn: OPT_STRING,
    notValidAfter: OPT_DATE_TIME,
    lastModifiedDateTime: OPT_DATE_TIME,
    schedules: z.array(z.object({ vatRate: DECIMAL_FROM_NUMBER, startDate: OPT_DATE_TIME }).passthrough()).nullish(),
    categories: z.array(z.object({ vatCategoryId: OPT_STRING, description: OPT_STRING }).passthrough()).nullish(),
  })
  .passthrough();
export type VismaVatCode = z.infer<typeof VISMA_VAT_CODE>;

/** `BranchDto` (GET /v1/branch); `name` is the company name per the spec's description. */
export const VISMA_BRANCH = z
  .object({
    branchId: OPT_INT,
    number: z.string(),
    name: OPT_STRING,
    organizationId: OPT_INT,
    isMainBranch: OPT_BOOLEAN,
    isActive: OPT_BOOLEAN,
    corporateId: OPT_STRING,
    vatRegistrationId: OPT_STRING,
    currency: ID_DESCRIPTION.nullish(),
    lastModifiedDateTime: OPT_DATE_TIME,
  })
  .passthrough();
export type VismaBranch = z.infer<typeof VISMA_BRANCH>;

/** `ExtendedOrganizationDto` (GET /v1/organization): the legal entity, used by ping for the company's name. */
export const VISMA_ORGANIZATION = z
  .object({ organizationCd: OPT_STRING, name: OPT_STRING, baseCurrency: OPT_STRING, corporateId: OPT_STRING, vatRegistrationId: OPT_STRING })
  .passthrough();
export type VismaOrganization = z.infer<typeof VISMA_ORGANIZATION>;
