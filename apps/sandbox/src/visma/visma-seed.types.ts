/**
 * Seed shapes of the Visma.net ERP sandbox. Seeds are plain data: one company per Visma Connect tenant,
 * with its reference data (chart of accounts, VAT, dimensions, branches) and a few customers.
 * Official field meanings: the DTO schemas in
 * /work/shared/specs/visma-net/visma-net-erp-api.v1_20250424.openapi.json (AccountDto, VatInformationDto, …).
 */
import type { VismaCashAccountSeed, VismaPaymentMethodSeed } from './visma-customer-payment.types';
import type { VismaPurchaseOrderSeed, VismaSupplierInvoiceSeed } from './visma-supplier-invoice.types';

export type VismaAccountType = 'Asset' | 'Liability' | 'Income' | 'Expense';

export type VismaAccountSeed = {
  accountCD: string;
  description: string;
  type: VismaAccountType;
  accountClass: string;
  /** VAT category id suggested for sales lines on this account (AccountDto.taxCategory). */
  taxCategory?: string;
  /** SAF-T standard account (AccountDto.publicCode1). */
  publicCode1?: string;
  /** Defaults to true. */
  active?: boolean;
  /** 'AR' for the customer ledger control account (AccountDto.controlAccountModule). */
  controlAccountModule?: string;
  isCashAccount?: boolean;
};

export type VismaVatSeed = {
  vatId: string;
  description: string;
  /** Rate in basis points: 25 % = 2500. */
  rateBasisPoints: number;
  /** True for 0 % VAT reported in the VAT-exempt total (VatInformationDto.includeinVatExemptTotal). */
  isExempt: boolean;
  vismaXmlVatType: 'VatTypeHigh' | 'VatTypeMedium' | 'VatTypeLow' | 'VatTypeZero' | 'VatTypeExempt';
  /** Output VAT ledger account (glAccounts.vatPayableAccount). */
  payableAccount: string;
};

export type VismaVatCategorySeed = { vatCategoryId: string; description: string; vatId: string };

export type VismaVatZoneSeed = { id: string; description: string; defaultVatCategory: string };

export type VismaSegmentValueSeed = { valueId: string; description: string; active?: boolean };

export type VismaSegmentSeed = {
  segmentId: number;
  description: string;
  length: number;
  values: VismaSegmentValueSeed[];
};

/** A segmented key as `GET /v1/dimension/{dimensionId}` returns it (DtoDimension). */
export type VismaDimensionSeed = { id: string; description: string; segments: VismaSegmentSeed[] };

/** A subaccount: one value per SUBACCOUNT segment, in segment order. */
export type VismaSubaccountSeed = { segmentValues: string[]; description: string; active?: boolean };

export type VismaBranchSeed = {
  branchId: number;
  number: string;
  name: string;
  corporateId: string;
  vatRegistrationId: string;
  addressLine1: string;
  postalCode: string;
  city: string;
  countryId: string;
};

export type VismaCreditTermsSeed = { id: string; description: string; dueDays: number };

export type VismaCustomerClassSeed = { id: string; description: string };

export type VismaCustomerSeed = {
  number: string;
  name: string;
  status?: 'Active' | 'OnHold' | 'CreditHold' | 'Inactive' | 'OneTime';
  email?: string;
  phone?: string;
  corporateId?: string;
  vatRegistrationId?: string;
  addressLine1?: string;
  postalCode?: string;
  city?: string;
  countryId: string;
  currencyId?: string;
  customerClassId?: string;
  creditTermsId?: string;
  vatZoneId?: string;
  /** ISO-8601 UTC, used for createdDateTime and lastModifiedDateTime. */
  createdDateTime: string;
};

/**
 * An inventory item a sales order line may name (`SalesOrderLineUpdateDto.inventoryNumber`, "Mandatory field").
 * The sandbox keeps what order lines need: description, unit, default price, the VAT category and active flag.
 */
export type VismaInventoryItemSeed = {
  inventoryNumber: string;
  description: string;
  type: 'StockItem' | 'NonStockItem';
  /** Base unit of measure (SalesOrderLineDto.uom, "Mandatory field"). */
  uom: string;
  /** Default unit price in minor units of the base currency, used when a line sends no unitPrice. */
  defaultPriceMinor: number;
  /** VAT category of the item (SalesOrderLineDto.taxCategory) for domestic customers. */
  vatCategoryId: string;
  /** Defaults to true. */
  active?: boolean;
};

/** A sales order type (`SalesOrderUpdateDto.orderType`, "Mandatory field"), e.g. `SO`. */
export type VismaOrderTypeSeed = { orderType: string; description: string; active?: boolean };

/** A supplier class (SupplierClassDto). */
export type VismaSupplierClassSeed = { id: string; description: string; paymentMethodId?: string; creditTermsId: string };

export type VismaSupplierSeed = {
  number: string;
  name: string;
  status?: 'Active' | 'OnHold' | 'HoldPayments' | 'Inactive' | 'OneTime';
  supplierClassId: string;
  email?: string;
  phone?: string;
  corporateId?: string;
  vatRegistrationId?: string;
  addressLine1?: string;
  postalCode?: string;
  city?: string;
  countryId: string;
  currencyId?: string;
  /** ISO-8601 UTC, used for lastModifiedDateTime. */
  createdDateTime: string;
};

export type VismaCompanyDefaults = {
  branchNumber: string;
  customerClassId: string;
  creditTermsId: string;
  vatZoneId: string;
  /** Customer ledger (AR) control account used as the document's `account`. */
  arAccount: string;
  /** Sales account used on a line that names no account. */
  salesAccount: string;
  /** SUBACCOUNT segment values used when a line names none. */
  subaccount: string[];
  /** VAT zone of new suppliers that name none. */
  supplierVatZoneId: string;
  /** Expense account of supplier invoice lines that name none (default: the first Expense account). */
  purchaseAccount?: string;
};

export type VismaCompanySeed = {
  /** Visma Connect tenant id (the `tenant_id` form field and token claim). */
  tenantId: string;
  /** The legacy numeric ERP company id (what legacy clients sent as `ipp-company-id`). */
  companyId: string;
  name: string;
  countryId: string;
  baseCurrency: string;
  /** Currencies a customer or document may use. */
  currencies: string[];
  defaults: VismaCompanyDefaults;
  accounts: VismaAccountSeed[];
  vats: VismaVatSeed[];
  vatCategories: VismaVatCategorySeed[];
  vatZones: VismaVatZoneSeed[];
  dimensions: VismaDimensionSeed[];
  subaccounts: VismaSubaccountSeed[];
  branches: VismaBranchSeed[];
  creditTerms: VismaCreditTermsSeed[];
  customerClasses: VismaCustomerClassSeed[];
  customers: VismaCustomerSeed[];
  inventoryItems: VismaInventoryItemSeed[];
  orderTypes: VismaOrderTypeSeed[];
  supplierClasses: VismaSupplierClassSeed[];
  suppliers: VismaSupplierSeed[];
  /** ISO-8601 UTC timestamp used as lastModifiedDateTime of the reference data. */
  referenceDataModified: string;
  /** Cash accounts payments may name (default: one per account with `isCashAccount`, in the base currency). */
  cashAccounts?: VismaCashAccountSeed[];
  /** Payment methods payments may name (default: none, so a payment naming one is refused). */
  paymentMethods?: VismaPaymentMethodSeed[];
  /** Purchase orders supplier invoice lines link to (`poNumber`). */
  purchaseOrders?: VismaPurchaseOrderSeed[];
  /** Supplier invoices present at start (and after reset). */
  supplierInvoices?: VismaSupplierInvoiceSeed[];
};

/** A Visma Connect client (an application registered in the Visma Developer Portal). */
export type VismaClientSeed = {
  clientId: string;
  clientSecret: string;
  /** Tenants whose administrator approved this client (Visma Connect `tenant_id` values). */
  approvedTenants: string[];
  /** Scopes the application may request. */
  allowedScopes: string[];
};
