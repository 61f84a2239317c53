import type { VismaCashAccountSeed, VismaCustomerPaymentRecord, VismaPaymentMethodSeed } from './visma-customer-payment.types';
import { inventoryItemView, type VismaInventoryRecord } from './visma-inventory.types';
import type { VismaSalesOrderRecord, VismaSupplierRecord } from './visma-order-records.types';
import { supplierInvoiceKey, type VismaPurchaseOrderRecord, type VismaSupplierInvoiceRecord } from './visma-supplier-invoice.types';
import type { VismaCustomerRecord, VismaDocumentKind, VismaDocumentRecord } from './visma-records.types';
import type {
  VismaAccountSeed,
  VismaBranchSeed,
  VismaCompanySeed,
  VismaCreditTermsSeed,
  VismaCustomerClassSeed,
  VismaCustomerSeed,
  VismaDimensionSeed,
  VismaInventoryItemSeed,
  VismaOrderTypeSeed,
  VismaSupplierClassSeed,
  VismaSupplierSeed,
  VismaVatCategorySeed,
  VismaVatSeed,
  VismaVatZoneSeed,
} from './visma-seed.types';

/** Counts and documents of one company, as `GET /_sandbox/visma/companies/:companyId/state` answers. */
export type VismaCompanySnapshot = {
  tenantId: string;
  companyId: string;
  name: string;
  counts: { customers: number; invoices: number; creditNotes: number; salesOrders: number; suppliers: number };
  customers: VismaCustomerRecord[];
  invoices: VismaDocumentRecord[];
  creditNotes: VismaDocumentRecord[];
  salesOrders: VismaSalesOrderRecord[];
  suppliers: VismaSupplierRecord[];
  customerPayments: VismaCustomerPaymentRecord[];
  purchaseOrders: VismaPurchaseOrderRecord[];
  supplierInvoices: VismaSupplierInvoiceRecord[];
};

/**
 * The in-memory state of one ERP company: seeded reference data (read-only) plus customers, customer documents,
 * sales orders (keyed `orderType/orderNo`) and suppliers (mutable). `reset()` restores the seed. Every write takes a
 * new row version (the ETag source).
 */
export class VismaCompanyState {
  readonly customers = new Map<string, VismaCustomerRecord>();
  readonly invoices = new Map<string, VismaDocumentRecord>();
  readonly creditNotes = new Map<string, VismaDocumentRecord>();
  /** Sales orders by `salesOrderKey(orderType, orderNo)`. */
  readonly salesOrders = new Map<string, VismaSalesOrderRecord>();
  readonly suppliers = new Map<string, VismaSupplierRecord>();
  /** Customer payments by `refNbr`. */
  readonly customerPayments = new Map<string, VismaCustomerPaymentRecord>();
  /** Purchase orders (seeded, read-only) by `orderNbr`. */
  readonly purchaseOrders = new Map<string, VismaPurchaseOrderRecord>();
  /** Supplier invoices by `supplierInvoiceKey(documentType, referenceNumber)`. */
  readonly supplierInvoices = new Map<string, VismaSupplierInvoiceRecord>();
  /** Inventory items by `inventoryNumber` (loaded by visma-inventory.service.ts `seedInventory`). */
  readonly inventory = new Map<string, VismaInventoryRecord>();
  private readonly resetHooks: Array<(company: VismaCompanyState) => void> = [];
  private paymentSeq = 0;
  private supplierInvoiceSeq = 0;
  private readonly salesOrderSeq = new Map<string, number>();
  private rowVersion = 1000n;
  private internalIdSeq = 0;
  private readonly documentSeq: Record<VismaDocumentKind, number> = { Invoice: 0, CreditNote: 0 };

  constructor(
    readonly seed: VismaCompanySeed,
    private readonly clock: () => number,
  ) {
    this.reset();
  }

  /** Drops every write and reloads the seeded customers. */
  reset(): void {
    this.customers.clear();
    this.invoices.clear();
    this.creditNotes.clear();
    this.salesOrders.clear();
    this.suppliers.clear();
    this.customerPayments.clear();
    this.purchaseOrders.clear();
    this.supplierInvoices.clear();
    this.inventory.clear();
    this.paymentSeq = 0;
    this.supplierInvoiceSeq = 0;
    this.salesOrderSeq.clear();
    this.internalIdSeq = 0;
    this.documentSeq.Invoice = 0;
    this.documentSeq.CreditNote = 0;
    for (const c of this.seed.customers) this.customers.set(c.number, this.customerFromSeed(c));
    for (const c of this.seed.suppliers) this.suppliers.set(c.number, this.supplierFromSeed(c));
    for (const hook of this.resetHooks) hook(this);
  }

  /**
   * Runs `hook` now and after every reset, to load seed data built by other modules (purchase orders and supplier
   * invoices, visma-supplier-invoice.service.ts) without this store importing them.
   */
  addResetHook(hook: (company: VismaCompanyState) => void): void {
    this.resetHooks.push(hook);
    hook(this);
  }

  /** The sandbox clock, epoch milliseconds. */
  now(): number {
    return this.clock();
  }

  /** A new, company-wide increasing row version (never reused, also across reset). */
  nextRowVersion(): bigint {
    this.rowVersion += 1n;
    return this.rowVersion;
  }

  nextInternalId(): number {
    this.internalIdSeq += 1;
    return this.internalIdSeq;
  }

  /** Next free customer number: one above the highest numeric customer number. */
  nextCustomerNumber(): string {
    let max = 0;
    for (const n of this.customers.keys()) if (/^\d+$/.test(n)) max = Math.max(max, Number(n));
    return String(max + 1);
  }

  /** Next document reference number of the kind's number series, 6 digits (`000001`), skipping used ones. */
  nextDocumentNumber(kind: VismaDocumentKind): string {
    const map = this.documents(kind);
    let candidate: string;
    do {
      this.documentSeq[kind] += 1;
      candidate = String(this.documentSeq[kind]).padStart(6, '0');
    } while (map.has(candidate));
    return candidate;
  }

  /** Next free supplier number: one above the highest numeric supplier number. */
  nextSupplierNumber(): string {
    let max = 0;
    for (const n of this.suppliers.keys()) if (/^\d+$/.test(n)) max = Math.max(max, Number(n));
    return String(max + 1);
  }

  /** Next number of the order type's number series, 6 digits (`000001`), skipping numbers taken manually. */
  nextSalesOrderNumber(orderType: string): string {
    let seq = this.salesOrderSeq.get(orderType) ?? 0;
    let candidate: string;
    do {
      seq += 1;
      candidate = String(seq).padStart(6, '0');
    } while (this.salesOrders.has(salesOrderKey(orderType, candidate)));
    this.salesOrderSeq.set(orderType, seq);
    return candidate;
  }

  /** Next customer payment number (6 digits, `000001`), skipping numbers taken manually. */
  nextPaymentNumber(): string {
    let candidate: string;
    do {
      this.paymentSeq += 1;
      candidate = String(this.paymentSeq).padStart(6, '0');
    } while (this.customerPayments.has(candidate));
    return candidate;
  }

  /** Next position in the supplier invoice list (creation order). */
  nextSupplierInvoiceSeq(): number {
    this.supplierInvoiceSeq += 1;
    return this.supplierInvoiceSeq;
  }

  /** Next supplier invoice number: one above the highest numeric number of any document type. */
  nextSupplierInvoiceNumber(): string {
    let max = 100000;
    for (const r of this.supplierInvoices.values()) if (/^\d+$/.test(r.referenceNumber)) max = Math.max(max, Number(r.referenceNumber));
    return String(max + 1);
  }

  /**
   * A cash account by id: the seeded `cashAccounts`, or, when the seed has none, a GL account flagged
   * `isCashAccount` (then in the base currency).
   */
  cashAccount(id: string): VismaCashAccountSeed | undefined {
    if (this.seed.cashAccounts) return this.seed.cashAccounts.find((c) => c.cashAccountId === id);
    const gl = this.seed.accounts.find((a) => a.isCashAccount === true && a.accountCD === id);
    return gl ? { cashAccountId: gl.accountCD, description: gl.description, accountCD: gl.accountCD, currencyId: this.seed.baseCurrency } : undefined;
  }

  paymentMethod(id: string): VismaPaymentMethodSeed | undefined {
    return this.seed.paymentMethods?.find((m) => m.id === id);
  }

  /** The supplier invoice `number` of `documentType`, or of any type (Invoice first) when the type is not given. */
  supplierInvoice(number: string, documentType?: string): VismaSupplierInvoiceRecord | undefined {
    if (documentType !== undefined) return this.supplierInvoices.get(supplierInvoiceKey(documentType, number));
    const all = [...this.supplierInvoices.values()].filter((r) => r.referenceNumber === number);
    return all.find((r) => r.documentType === 'Invoice') ?? all[0];
  }

  /** The item as order lines read it: the live inventory item when loaded (so control-route changes apply), else the seed's. */
  inventoryItem(inventoryNumber: string): VismaInventoryItemSeed | undefined {
    const live = this.inventory.get(inventoryNumber);
    if (live) return inventoryItemView(live);
    return this.seed.inventoryItems.find((i) => i.inventoryNumber === inventoryNumber);
  }

  orderType(orderType: string): VismaOrderTypeSeed | undefined {
    return this.seed.orderTypes.find((t) => t.orderType === orderType);
  }

  supplierClass(id: string): VismaSupplierClassSeed | undefined {
    return this.seed.supplierClasses.find((c) => c.id === id);
  }

  /** The invoice or credit note map, by reference number. */
  documents(kind: VismaDocumentKind): Map<string, VismaDocumentRecord> {
    return kind === 'Invoice' ? this.invoices : this.creditNotes;
  }

  account(accountCD: string): VismaAccountSeed | undefined {
    return this.seed.accounts.find((a) => a.accountCD === accountCD);
  }

  vat(vatId: string): VismaVatSeed | undefined {
    return this.seed.vats.find((v) => v.vatId === vatId);
  }

  vatCategory(id: string): VismaVatCategorySeed | undefined {
    return this.seed.vatCategories.find((v) => v.vatCategoryId === id);
  }

  vatZone(id: string): VismaVatZoneSeed | undefined {
    return this.seed.vatZones.find((z) => z.id === id);
  }

  creditTerms(id: string): VismaCreditTermsSeed | undefined {
    return this.seed.creditTerms.find((t) => t.id === id);
  }

  customerClass(id: string): VismaCustomerClassSeed | undefined {
    return this.seed.customerClasses.find((c) => c.id === id);
  }

  branch(number: string): VismaBranchSeed | undefined {
    return this.seed.branches.find((b) => b.number === number);
  }

  dimension(id: string): VismaDimensionSeed | undefined {
    return this.seed.dimensions.find((d) => d.id === id);
  }

  /** Debug view for the control API and tests. */
  snapshot(): VismaCompanySnapshot {
    return {
      tenantId: this.seed.tenantId,
      companyId: this.seed.companyId,
      name: this.seed.name,
      counts: {
        customers: this.customers.size,
        invoices: this.invoices.size,
        creditNotes: this.creditNotes.size,
        salesOrders: this.salesOrders.size,
        suppliers: this.suppliers.size,
      },
      customers: [...this.customers.values()],
      invoices: [...this.invoices.values()],
      creditNotes: [...this.creditNotes.values()],
      salesOrders: [...this.salesOrders.values()],
      suppliers: [...this.suppliers.values()],
      customerPayments: [...this.customerPayments.values()],
      purchaseOrders: [...this.purchaseOrders.values()],
      supplierInvoices: [...this.supplierInvoices.values()],
    };
  }

  private supplierFromSeed(c: VismaSupplierSeed): VismaSupplierRecord {
    const at = Date.parse(c.createdDateTime);
    const cls = this.supplierClass(c.supplierClassId);
    const address = {
      ...(c.addressLine1 ? { addressLine1: c.addressLine1 } : {}),
      ...(c.postalCode ? { postalCode: c.postalCode } : {}),
      ...(c.city ? { city: c.city } : {}),
      countryId: c.countryId,
    };
    const contact = { name: c.name, ...(c.email ? { email: c.email } : {}), ...(c.phone ? { phone1: c.phone } : {}) };
    return {
      internalId: this.nextInternalId(),
      number: c.number,
      name: c.name,
      status: c.status ?? 'Active',
      supplierClassId: c.supplierClassId,
      creditTermsId: cls?.creditTermsId ?? this.seed.defaults.creditTermsId,
      ...(cls?.paymentMethodId ? { paymentMethodId: cls.paymentMethodId } : {}),
      currencyId: c.currencyId ?? this.seed.baseCurrency,
      vatZoneId: this.seed.defaults.supplierVatZoneId,
      ...(c.corporateId ? { corporateId: c.corporateId } : {}),
      ...(c.vatRegistrationId ? { vatRegistrationId: c.vatRegistrationId } : {}),
      mainAddress: { ...address },
      mainContact: { ...contact },
      remitAddress: { ...address },
      remitContact: { ...contact },
      supplierAddress: { ...address },
      supplierContact: { ...contact },
      rowVersion: this.nextRowVersion(),
      createdMs: at,
      lastModifiedMs: at,
    };
  }

  private customerFromSeed(c: VismaCustomerSeed): VismaCustomerRecord {
    const at = Date.parse(c.createdDateTime);
    const address = {
      ...(c.addressLine1 ? { addressLine1: c.addressLine1 } : {}),
      ...(c.postalCode ? { postalCode: c.postalCode } : {}),
      ...(c.city ? { city: c.city } : {}),
      countryId: c.countryId,
    };
    const contact = {
      name: c.name,
      ...(c.email ? { email: c.email } : {}),
      ...(c.phone ? { phone1: c.phone } : {}),
    };
    return {
      internalId: this.nextInternalId(),
      number: c.number,
      name: c.name,
      status: c.status ?? 'Active',
      currencyId: c.currencyId ?? this.seed.baseCurrency,
      customerClassId: c.customerClassId ?? this.seed.defaults.customerClassId,
      creditTermsId: c.creditTermsId ?? this.seed.defaults.creditTermsId,
      vatZoneId: c.vatZoneId ?? this.seed.defaults.vatZoneId,
      creditVerification: 'Disabled',
      creditLimitMinor: 0,
      creditDaysPastDue: 0,
      statementType: 'OpenItem',
      flags: {
        printInvoices: false,
        acceptAutoInvoices: false,
        sendInvoicesByEmail: c.email !== undefined,
        sendDunningLettersViaEMail: false,
        printDunningLetters: false,
        printStatements: false,
        sendStatementsByEmail: false,
        printMultiCurrencyStatements: false,
        invoiceToDefaultLocation: true,
        excludeDebtCollection: false,
      },
      mainAddress: { ...address },
      mainContact: { ...contact },
      invoiceAddress: { ...address },
      invoiceContact: { ...contact },
      deliveryAddress: { ...address },
      deliveryContact: { ...contact },
      ...(c.corporateId ? { corporateId: c.corporateId } : {}),
      ...(c.vatRegistrationId ? { vatRegistrationId: c.vatRegistrationId } : {}),
      rowVersion: this.nextRowVersion(),
      createdMs: at,
      lastModifiedMs: at,
    };
  }
}

/** The map key of a sales order: its type and number (SOOrder's key; numbers are unique per order type). */
export function salesOrderKey(orderType: string, orderNo: string): string {
  return `${orderType}/${orderNo}`;
}
