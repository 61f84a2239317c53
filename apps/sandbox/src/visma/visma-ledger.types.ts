/**
 * Records of the ledger-export entities the Visma sandbox adds to the company state: purchase receipts, supplier
 * payments, journal transactions (v2) and employees, plus the change metadata of purchase orders (whose records live in
 * `VismaCompanyState.purchaseOrders`). Money is integer minor units (øre) of the record's currency (`…Minor`);
 * timestamps are epoch ms (UTC). Field meanings: PurchaseReceiptDto, SupplierPaymentDto, JournalTransactionDto,
 * JournalTransactionLineDto and EmployeeDto of visma-net-erp-api.v1_20250424.openapi.json.
 */

/** When a record was created and last modified, its row version (ETag / `timeStamp`) and list position. */
export type VismaChangeMeta = { seq: number; rowVersion: bigint; createdMs: number; lastModifiedMs: number };

/** PurchaseReceiptDto.status (spec enum). */
export const PURCHASE_RECEIPT_STATUSES = ['Hold', 'Balanced', 'Released'] as const;
export type VismaPurchaseReceiptStatus = (typeof PURCHASE_RECEIPT_STATUSES)[number];
/** PurchaseReceiptDto.receiptType (spec enum). */
export const PURCHASE_RECEIPT_TYPES = ['PoReceipt', 'PoReturn', 'TransferReceipt'] as const;
export type VismaPurchaseReceiptType = (typeof PURCHASE_RECEIPT_TYPES)[number];

export type VismaPurchaseReceiptLineRecord = {
  lineNbr: number;
  inventoryNumber: string;
  description: string;
  /** Decimal text (up to 6 decimals). */
  quantity: string;
  unitCostMinor: number;
  /** round(quantity × unit cost). */
  extCostMinor: number;
  accountNumber: string;
  vatCategoryId: string;
  poOrderNbr?: string;
  poOrderLineNbr?: number;
};

export type VismaPurchaseReceiptRecord = VismaChangeMeta & {
  receiptType: VismaPurchaseReceiptType;
  receiptNbr: string;
  status: VismaPurchaseReceiptStatus;
  dateMs: number;
  supplierNumber: string;
  currencyId: string;
  /** Document → base rate × 10^6. */
  exchangeRateMicro: bigint;
  supplierRef?: string;
  branchNumber: string;
  warehouseId: string;
  lines: VismaPurchaseReceiptLineRecord[];
  note?: string;
};

/** SupplierPaymentDto.type (spec enum) and status (spec enum). */
export const SUPPLIER_PAYMENT_TYPES = ['Payment', 'DebitAdj', 'Prepayment', 'Refund', 'VoidPayment', 'VoidRefund'] as const;
export type VismaSupplierPaymentType = (typeof SUPPLIER_PAYMENT_TYPES)[number];
export const SUPPLIER_PAYMENT_STATUSES = ['Hold', 'Balanced', 'Voided', 'Scheduled', 'Open', 'Closed', 'Printed', 'Prebooked', 'PendingApproval', 'Rejected', 'Reserved', 'PendingPrint'] as const;
export type VismaSupplierPaymentStatus = (typeof SUPPLIER_PAYMENT_STATUSES)[number];

/** One application of a supplier payment to a supplier document (SupplierPaymentAdjustmentDto). */
export type VismaSupplierPaymentLineRecord = { docType: 'Invoice' | 'CreditAdj' | 'DebitAdj' | 'Prepayment'; invoiceRefNbr: string; amountPaidMinor: number };

export type VismaSupplierPaymentRecord = VismaChangeMeta & {
  type: VismaSupplierPaymentType;
  refNbr: string;
  status: VismaSupplierPaymentStatus;
  applicationDateMs: number;
  paymentRef: string;
  supplierNumber: string;
  paymentMethodId: string;
  cashAccountId: string;
  currencyId: string;
  description?: string;
  paymentAmountMinor: number;
  branchNumber: string;
  lines: VismaSupplierPaymentLineRecord[];
  /** The journal transaction the release posted (SupplierPaymentAdjustmentDto.batchNumber). */
  batchNumber?: string;
};

/** JournalTransactionDto.module (spec enum) and the `module` filter's short values (GL, AP, AR, …). */
export const JOURNAL_MODULES = ['ModuleGL', 'ModuleAP', 'ModuleAR', 'ModuleCA', 'ModuleCM', 'ModuleIN', 'ModuleSO', 'ModulePO', 'ModuleDR', 'ModuleFA', 'ModuleEP', 'ModulePM', 'ModuleTX', 'ModuleCR'] as const;
export type VismaJournalModule = (typeof JOURNAL_MODULES)[number];
/** JournalTransactionDto.status (spec enum). */
export const JOURNAL_STATUSES = ['Hold', 'Balanced', 'Unposted', 'Posted', 'Completed', 'Voided', 'Released', 'PartiallyReleased', 'Scheduled'] as const;
export type VismaJournalStatus = (typeof JOURNAL_STATUSES)[number];

export type VismaJournalLineRecord = {
  lineNumber: number;
  accountNumber: string;
  /** SUBACCOUNT segment values (shared arrays; never mutated). */
  subaccount: readonly string[];
  /** Base currency øre; exactly one of debit/credit is non-zero. */
  debitMinor: number;
  creditMinor: number;
  description?: string;
  referenceNumber?: string;
  vatCodeId?: string;
  customerSupplier?: string;
  inventoryNumber?: string;
};

export type VismaJournalTransactionRecord = VismaChangeMeta & {
  module: VismaJournalModule;
  batchNumber: string;
  status: VismaJournalStatus;
  transactionDateMs: number;
  /** YYYYMM. */
  postPeriod: string;
  description: string;
  branchNumber: string;
  /** The record the batch was released from (an invoice, payment …), for GL batches none. */
  transactionCode?: string;
  lines: VismaJournalLineRecord[];
};

/** EmployeeDto.status (spec enum). */
export const EMPLOYEE_STATUSES = ['Active', 'OnHold', 'HoldPayments', 'Inactive', 'OneTime'] as const;
export type VismaEmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];

export type VismaEmployeeRecord = VismaChangeMeta & {
  employeeId: number;
  employeeNumber: string;
  firstName: string;
  lastName: string;
  status: VismaEmployeeStatus;
  department: string;
  email?: string;
  phone?: string;
  addressLine1?: string;
  postalCode?: string;
  city?: string;
  countryId: string;
  employeeClassId: string;
  branchNumber: string;
  /** Deterministic uuid of the linked user, when the employee has one. */
  userId?: string;
};
