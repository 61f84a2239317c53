/**
 * The Visma.net ERP → BigQuery export catalogue, as data: one entry per exported entity (one BigQuery table each).
 *
 * Source of every operation, parameter and DTO name below: the official contract
 * `visma-net-erp-api.v1_20250424.openapi.json` (OpenAPI 3.0.4 "Visma.net ERP API" v1, angoyd/Visma.Net.Swagger
 * `v1_20250424/swagger.json` @ cc958cd6), `paths[...].get` (operation ids cited per entry) and `components.schemas`.
 * The DTO schemas themselves are committed in `visma-export-schemas.json` (scripts/extract-visma-export-schemas.js reads
 * the `dtoSchema` names of this file: keep each entry's on its own line, quoted with single quotes).
 *
 * Facts the spec states for every list operation (and the specs README repeats from the Visma docs):
 * - `lastModifiedDateTime` takes `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss[.FFF]` or `yyyy-MM-ddTHH:mm:ss[.FFF]` without an
 *   offset, and must be sent together with `lastModifiedDateTimeCondition` (`>`, `<`, `>=`, `<=`) where that exists.
 * - `pageNumber`/`pageSize`: "a page size greater than the max page size is limited to the max page size, which is
 *   returned as part of the metadata information" (`MetadataDto.maxPageSize` on each DTO). The spec states a number only
 *   for purchase receipts (500); elsewhere `maxPageSize` is null here and must be read from the first page's metadata.
 * - `numberToRead`/`skipRecords` are deprecated and "do not work with pageNumber and pageSize": never used.
 */

import { MappingError } from '../mapping.error';

/** Stable ids of the exported entities (also the last part of the table name). */
export type ExportEntityId =
  | 'supplier_invoices'
  | 'purchase_orders'
  | 'purchase_receipts'
  | 'supplier_payments'
  | 'customer_payments'
  | 'customers'
  | 'suppliers'
  | 'customer_invoices'
  | 'customer_credit_notes'
  | 'gl_accounts'
  | 'dimensions'
  | 'journal_transactions'
  | 'employees';

/** One Visma GET operation: `path` relative to the base URL `https://api.finance.visma.net`. */
export type VismaOperation = {
  readonly method: 'GET';
  readonly path: string;
  /** `operationId` in the spec. */
  readonly operationId: string;
  /** Query parameters always sent, so the DTO parts the table has columns for are filled (spec parameter names). */
  readonly fixedQuery: Readonly<Record<string, string>>;
};

/**
 * Delta parameters of the list operation: `since` is the parameter carrying the lower bound, `condition` the operator
 * parameter that must accompany it (null when the operation has none: the bound then means "modified since").
 * `null` as a whole: the operation takes no delta parameter (every run reads everything).
 */
export type ExportDelta = { readonly since: 'lastModifiedDateTime'; readonly condition: 'lastModifiedDateTimeCondition' | null } | null;

/** Paging parameters of the list operation; `null`: the operation has none (one response holds everything). */
export type ExportPaging = {
  readonly pageNumber: 'pageNumber';
  readonly pageSize: 'pageSize';
  /** Largest page size the spec states, or null when only `metadata.maxPageSize` of a response tells. */
  readonly maxPageSize: number | null;
} | null;

/** Where a record's last-modified instant is read: a top-level DTO field, or the latest of a field of nested items. */
export type LastModifiedSource =
  | { readonly kind: 'field'; readonly field: string }
  | { readonly kind: 'latest-of-items'; readonly items: string; readonly field: string };

/**
 * One exported entity.
 * - `key`: the DTO fields (top level) that together identify a record; the BigQuery MERGE key.
 * - `detail`: set when the list operation returns only ids (`listReturns: 'ids'`): each id is fetched with the detail
 *   operation, whose path has one `{…}` placeholder for the id, and the detail DTO is the record.
 * - `linesSplitAcrossPages`: the list pages by *lines*, so one record's line array can continue on the next page; the
 *   caller joins the parts before converting (see `joinSplitRecords`).
 */
export type ExportEntity = {
  readonly id: ExportEntityId;
  readonly tableName: string;
  readonly description: string;
  readonly list: VismaOperation;
  readonly listReturns: 'records' | 'ids';
  readonly detail: VismaOperation | null;
  /** Response DTO schema name in `components.schemas` (of the detail operation when `listReturns` is `ids`). */
  readonly dtoSchema: string;
  readonly key: readonly string[];
  readonly lastModified: LastModifiedSource | null;
  readonly delta: ExportDelta;
  readonly paging: ExportPaging;
  readonly linesSplitAcrossPages: { readonly linesField: string } | null;
};

const GET = 'GET' as const;
const LAST_MODIFIED = { kind: 'field', field: 'lastModifiedDateTime' } as const;
const DELTA_WITH_CONDITION = { since: 'lastModifiedDateTime', condition: 'lastModifiedDateTimeCondition' } as const;
const PAGED = { pageNumber: 'pageNumber', pageSize: 'pageSize', maxPageSize: null } as const;

/** The catalogue, in export order (master data first, then documents, then the ledger). */
export const EXPORT_ENTITIES: readonly ExportEntity[] = [
  {
    id: 'customers',
    tableName: 'visma_customers',
    description: 'Customers (AR303000).',
    // Customer_GetAll
    list: { method: GET, path: '/v1/customer', operationId: 'Customer_GetAll', fixedQuery: { expandAccountInformation: 'true', expandPaymentMethods: 'true', expandDirectDebit: 'true' } },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'CustomerDto',
    // `number` is the customer id every customer path takes (`/v1/customer/{customerCd}`).
    key: ['number'],
    lastModified: LAST_MODIFIED,
    delta: DELTA_WITH_CONDITION,
    paging: PAGED,
    linesSplitAcrossPages: null,
  },
  {
    id: 'suppliers',
    tableName: 'visma_suppliers',
    description: 'Suppliers (AP303000).',
    // Supplier_GetAll
    list: { method: GET, path: '/v1/supplier', operationId: 'Supplier_GetAll', fixedQuery: { expandAccountInformation: 'true', expandNote: 'true' } },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'SupplierDto',
    key: ['number'],
    lastModified: LAST_MODIFIED,
    delta: DELTA_WITH_CONDITION,
    paging: PAGED,
    linesSplitAcrossPages: null,
  },
  {
    id: 'employees',
    tableName: 'visma_employees',
    description: 'Employees (EP203000).',
    // Employee_GetAllEmployees; `employeeNumber` is the `{employeeCd}` of Employee_GetEmployeeByemployeeCd.
    list: { method: GET, path: '/v1/employee', operationId: 'Employee_GetAllEmployees', fixedQuery: {} },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'EmployeeDto',
    key: ['employeeNumber'],
    lastModified: LAST_MODIFIED,
    delta: DELTA_WITH_CONDITION,
    paging: PAGED,
    linesSplitAcrossPages: null,
  },
  {
    id: 'gl_accounts',
    tableName: 'visma_gl_accounts',
    description: 'General ledger accounts (GL202500).',
    // Account_GetAll: no pageNumber/pageSize (only the deprecated numberToRead/skipRecords), so one response.
    list: { method: GET, path: '/v1/account', operationId: 'Account_GetAll', fixedQuery: { includeAccountClassDescription: 'true' } },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'AccountDto',
    // AccountDto's identifier is `accountCD` (the account number); `accountID` is internal.
    key: ['accountCD'],
    lastModified: LAST_MODIFIED,
    delta: DELTA_WITH_CONDITION,
    paging: null,
    linesSplitAcrossPages: null,
  },
  {
    id: 'dimensions',
    tableName: 'visma_dimensions',
    description: 'Dimensions (CS202000) with their segments and segment values.',
    // Dimension_GetDimensionList returns `string[]` (dimension ids), no parameters but erp-api-background.
    list: { method: GET, path: '/v1/dimension', operationId: 'Dimension_GetDimensionList', fixedQuery: {} },
    listReturns: 'ids',
    // Dimension_GetDimensionBydimensionId → DtoDimension; `expandSegmentsValues=false` would leave segmentValues out.
    detail: { method: GET, path: '/v1/dimension/{dimensionId}', operationId: 'Dimension_GetDimensionBydimensionId', fixedQuery: { expandSegmentsValues: 'true' } },
    dtoSchema: 'DtoDimension',
    key: ['id'],
    // DtoDimension has no last-modified field; each DtoSegment has `lastModified` (date-time).
    lastModified: { kind: 'latest-of-items', items: 'segments', field: 'lastModified' },
    // The id list takes no delta (the detail operation's lastModifiedDateTime filters segment values, not dimensions).
    delta: null,
    paging: null,
    linesSplitAcrossPages: null,
  },
  {
    id: 'supplier_invoices',
    tableName: 'visma_supplier_invoices',
    description: 'Supplier ledger documents: invoices, credit and debit adjustments, prepayments (AP301000).',
    // SupplierInvoice_GetAllInvoices
    list: { method: GET, path: '/v1/supplierInvoice', operationId: 'SupplierInvoice_GetAllInvoices', fixedQuery: { expandNote: 'true', expandApproval: 'true', expandLandedCosts: 'true' } },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'SupplierInvoiceDto',
    // Reference numbers are numbered per document type: `/v1/supplierInvoice/{documentType}/{invoiceNumber}`.
    key: ['documentType', 'referenceNumber'],
    lastModified: LAST_MODIFIED,
    delta: DELTA_WITH_CONDITION,
    paging: PAGED,
    linesSplitAcrossPages: null,
  },
  {
    id: 'supplier_payments',
    tableName: 'visma_supplier_payments',
    description: 'Supplier payments, prepayments, refunds and voids (AP302000).',
    // SupplierPayment_GetAllPayments
    list: { method: GET, path: '/v1/supplierPayment', operationId: 'SupplierPayment_GetAllPayments', fixedQuery: {} },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'SupplierPaymentDto',
    // `type` (Payment, DebitAdj, Prepayment, Refund, VoidPayment, VoidRefund) + `refNbr` ("Voucher no."), as in
    // `/v1/supplierPayment/{paymentType}/{paymentNumber}`.
    key: ['type', 'refNbr'],
    lastModified: LAST_MODIFIED,
    delta: DELTA_WITH_CONDITION,
    paging: PAGED,
    linesSplitAcrossPages: null,
  },
  {
    id: 'purchase_orders',
    tableName: 'visma_purchase_orders',
    description: 'Purchase orders (PO301000).',
    // PurchaseOrder_GetAllOrder
    list: { method: GET, path: '/v1/purchaseorder', operationId: 'PurchaseOrder_GetAllOrder', fixedQuery: { includeCustomFreeFields: 'true' } },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'PurchaseOrderDto',
    key: ['orderType', 'orderNbr'],
    lastModified: LAST_MODIFIED,
    delta: DELTA_WITH_CONDITION,
    paging: PAGED,
    linesSplitAcrossPages: null,
  },
  {
    id: 'purchase_receipts',
    tableName: 'visma_purchase_receipts',
    description: 'Purchase receipts, returns and transfer receipts (PO302000).',
    // PurchaseReceiptV2_GetAllReceipts: same PurchaseReceiptDto as /v1/PurchaseReceipt (PurchaseReceipt_GetAllReceiptBasic)
    // without the deprecated numberToRead/skipRecords; both say "the allowed max page size which is 500".
    list: { method: GET, path: '/v2/PurchaseReceipt', operationId: 'PurchaseReceiptV2_GetAllReceipts', fixedQuery: { includeCustomFreeFields: 'true', expandNote: 'true' } },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'PurchaseReceiptDto',
    // `receiptType` (PoReceipt, PoReturn, TransferReceipt) + `receiptNbr`.
    key: ['receiptType', 'receiptNbr'],
    lastModified: LAST_MODIFIED,
    delta: DELTA_WITH_CONDITION,
    paging: { pageNumber: 'pageNumber', pageSize: 'pageSize', maxPageSize: 500 },
    linesSplitAcrossPages: null,
  },
  {
    id: 'customer_invoices',
    tableName: 'visma_customer_invoices',
    description: 'Customer invoices and other customer ledger documents (AR301000).',
    // CustomerInvoice_GetAll
    list: { method: GET, path: '/v1/customerinvoice', operationId: 'CustomerInvoice_GetAll', fixedQuery: { expandApplications: 'true', expandTaxDetails: 'true', expandInvoiceAddress: 'true' } },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'CustomerInvoiceDto',
    key: ['documentType', 'referenceNumber'],
    lastModified: LAST_MODIFIED,
    delta: DELTA_WITH_CONDITION,
    paging: PAGED,
    linesSplitAcrossPages: null,
  },
  {
    id: 'customer_credit_notes',
    tableName: 'visma_customer_credit_notes',
    description: 'Customer credit notes (AR301000); /v1/creditNote is the deprecated twin.',
    // CustomerCreditNote_GetAll
    list: { method: GET, path: '/v1/customerCreditNote', operationId: 'CustomerCreditNote_GetAll', fixedQuery: { expandApplications: 'true', expandTaxDetails: 'true', expandInvoiceAddress: 'true' } },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'CustomerCreditNoteDto',
    key: ['documentType', 'referenceNumber'],
    lastModified: LAST_MODIFIED,
    delta: DELTA_WITH_CONDITION,
    paging: PAGED,
    linesSplitAcrossPages: null,
  },
  {
    id: 'customer_payments',
    tableName: 'visma_customer_payments',
    description: 'Customer payments, credit notes applied, prepayments, refunds (AR302000); /v1/payment is the deprecated twin.',
    // CustomerPayment_GetAllPayments → PaymentDto
    list: { method: GET, path: '/v1/customerPayment', operationId: 'CustomerPayment_GetAllPayments', fixedQuery: {} },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'PaymentDto',
    key: ['type', 'refNbr'],
    lastModified: LAST_MODIFIED,
    delta: DELTA_WITH_CONDITION,
    paging: PAGED,
    linesSplitAcrossPages: null,
  },
  {
    id: 'journal_transactions',
    tableName: 'visma_journal_transactions',
    description: 'General ledger journal transaction batches with their lines (GL301000).',
    // JournalTransactionV2_GetAllJournalTransactions: `lastModifiedDateTime` ("mandatory if PeriodId is not provided")
    // but no lastModifiedDateTimeCondition; "pagesize and totalcount denote number of journal transaction lines ... the
    // transactions for one specific batch can be split into several responses".
    list: { method: GET, path: '/v2/journaltransaction', operationId: 'JournalTransactionV2_GetAllJournalTransactions', fixedQuery: {} },
    listReturns: 'records',
    detail: null,
    dtoSchema: 'JournalTransactionDto',
    // A GL batch is identified by its module (workspace, e.g. ModuleGL, ModuleAR) and batch number, as in
    // `/v2/journaltransaction/module/{module}/{journalTransactionNumber}/attachment`.
    key: ['module', 'batchNumber'],
    lastModified: LAST_MODIFIED,
    delta: { since: 'lastModifiedDateTime', condition: null },
    paging: PAGED,
    linesSplitAcrossPages: { linesField: 'journalTransactionLines' },
  },
];

/**
 * The catalogue entry for `id` (also accepts a plain string, e.g. from a stored export run).
 * @throws MappingError `invalid-field` naming `entity` for an id not in the catalogue.
 */
export function exportEntity(id: string): ExportEntity {
  const entity = EXPORT_ENTITIES.find((e) => e.id === id);
  if (!entity) throw new MappingError('invalid-field', 'entity', `"${id}" is not an export entity (${EXPORT_ENTITIES.map((e) => e.id).join(', ')})`);
  return entity;
}
