import type { VismaSalesOrderRecord, VismaSupplierRecord } from './visma-order-records.types';
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
    this.salesOrderSeq.clear();
    this.internalIdSeq = 0;
    this.documentSeq.Invoice = 0;
    this.documentSeq.CreditNote = 0;
    for (const c of this.seed.customers) this.customers.set(c.number, this.customerFromSeed(c));
    for (const c of this.seed.suppliers) this.suppliers.set(c.number, this.supplierFromSeed(c));
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

  inventoryItem(inventoryNumber: string): VismaInventoryItemSeed | undefined {
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
