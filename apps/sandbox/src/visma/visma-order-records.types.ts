/**
 * In-memory sales order and supplier records of the Visma.net ERP sandbox. Money is integer minor units of the order
 * currency; timestamps are epoch milliseconds (UTC). Response DTOs (SalesOrderDto, SupplierDto of
 * visma-net-erp-api.v1_20250424.openapi.json) are built from these records by the mappers.
 */
import type { VismaAddress, VismaContact, VismaTaxDetailRecord } from './visma-records.types';

export const SALES_ORDER_STATUSES = ['Open', 'Hold', 'CreditHold', 'Completed', 'Cancelled', 'BackOrder', 'Shipping', 'Invoiced', 'PendingApproval', 'Voided'] as const;
export type VismaSalesOrderStatus = (typeof SALES_ORDER_STATUSES)[number];

export const SUPPLIER_STATUSES = ['Active', 'OnHold', 'HoldPayments', 'Inactive', 'OneTime'] as const;
export type VismaSupplierStatus = (typeof SUPPLIER_STATUSES)[number];

export type VismaSalesOrderLineRecord = {
  lineNbr: number;
  inventoryNumber: string;
  lineDescription: string;
  uom: string;
  /** Quantity as decimal text (up to 6 decimals), e.g. "1.5". */
  quantity: string;
  unitPriceMinor: number;
  /** round(quantity × unit price): SalesOrderLineDto.extPrice. */
  extPriceMinor: number;
  /** Discount percent as decimal text, e.g. "10". */
  discountPercent: string;
  discountMinor: number;
  manualDiscount: boolean;
  /** extPrice − discount, excluding VAT. */
  amountMinor: number;
  vatCategoryId: string;
  /** SUBACCOUNT segment values in segment order. */
  subaccount: string[];
  branchNumber: string;
  operation: 'Issue' | 'Receipt';
  requestedOnMs: number;
  shipOnMs: number;
  note?: string;
};

export type VismaSalesOrderAddressRecord = VismaAddress & { overrideAddress: boolean };
export type VismaSalesOrderContactRecord = VismaContact & { overrideContact: boolean };

export type VismaSalesOrderRecord = {
  orderType: string;
  orderNo: string;
  customerNumber: string;
  status: VismaSalesOrderStatus;
  hold: boolean;
  dateMs: number;
  requestOnMs: number;
  customerOrder?: string;
  customerRefNo?: string;
  currency: string;
  /** Order-currency → base-currency rate × 10^6 (1 for the base currency). */
  exchangeRateMicro: bigint;
  description?: string;
  note?: string;
  branchNumber: string;
  vatZoneId: string;
  creditTermsId: string;
  paymentMethodId?: string;
  billingAddress: VismaSalesOrderAddressRecord;
  billingContact: VismaSalesOrderContactRecord;
  shippingAddress: VismaSalesOrderAddressRecord;
  shippingContact: VismaSalesOrderContactRecord;
  lines: VismaSalesOrderLineRecord[];
  taxDetails: VismaTaxDetailRecord[];
  vatTaxableTotalMinor: number;
  vatExemptTotalMinor: number;
  taxTotalMinor: number;
  discountTotalMinor: number;
  /** Σ line amounts + VAT. */
  orderTotalMinor: number;
  rowVersion: bigint;
  createdMs: number;
  lastModifiedMs: number;
};

export type VismaSupplierRecord = {
  internalId: number;
  number: string;
  name: string;
  status: VismaSupplierStatus;
  supplierClassId: string;
  creditTermsId: string;
  paymentMethodId?: string;
  currencyId: string;
  vatZoneId: string;
  accountReference?: string;
  parentRecordNumber?: string;
  vatRegistrationId?: string;
  corporateId?: string;
  documentLanguage?: string;
  note?: string;
  mainAddress: VismaAddress;
  mainContact: VismaContact;
  remitAddress: VismaAddress;
  remitContact: VismaContact;
  supplierAddress: VismaAddress;
  supplierContact: VismaContact;
  rowVersion: bigint;
  createdMs: number;
  lastModifiedMs: number;
};
