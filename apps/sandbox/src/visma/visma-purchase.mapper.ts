import type { VismaCompanyState } from './visma-company.store';
import { subaccountDto } from './visma-customer-document.mapper';
import { computeTotals } from './visma-customer-document.service';
import { isoOf, periodOf } from './visma-dto.util';
import { DEMO_RATES_MICRO, extendedCostMinor, ledgerOf } from './visma-ledger.store';
import type { VismaChangeMeta, VismaPurchaseReceiptRecord } from './visma-ledger.types';
import { applyRateMicro, minorToDecimal, toScaled } from './visma-money.util';
import { etagOf } from './visma-query.util';
import type { VismaPurchaseOrderRecord } from './visma-supplier-invoice.types';

const QTY_ONE = 1_000_000n;
const DAY_MS = 86_400_000;
const WAREHOUSE = { id: 'MAIN', description: 'Hovedlager' };

/** TaxDetailDto entries of computeTotals' tax details. */
function taxDetailDtos(details: ReturnType<typeof computeTotals>['taxDetails'], company: VismaCompanyState): Array<Record<string, unknown>> {
  return details.map((t) => ({
    taxId: t.vatId,
    vatId: { number: t.vatId, description: company.vat(t.vatId)?.description ?? '' },
    vatRate: t.rateBasisPoints / 100,
    taxableAmount: minorToDecimal(t.taxableMinor),
    vatAmount: minorToDecimal(t.vatMinor),
  }));
}

function supplierRef(number: string, company: VismaCompanyState): Record<string, unknown> {
  const s = company.suppliers.get(number);
  return { ...(s ? { internalId: s.internalId } : {}), number, name: s?.name ?? '' };
}

function accountRef(accountNumber: string, company: VismaCompanyState): Record<string, unknown> {
  const a = company.account(accountNumber);
  return { type: a?.type ?? 'Expense', number: accountNumber, description: a?.description ?? '' };
}

/**
 * PurchaseOrderDto / PurchaseOrderLineDto (response, plain) of a purchase order in `company.purchaseOrders`, with its
 * change metadata from the ledger state. Amounts: `…` in the order currency, `…InBaseCurrency` in the base currency
 * (the seeded SEK rate for SEK orders). VAT per line from the item's VAT category (computeTotals). A line counts as
 * received (`qtyOnReceipts`, `receivedAmt`, `completed`) when the order's receipt exists and is Released.
 * Source: components.schemas.PurchaseOrderDto and PurchaseOrderLineDto of visma-net-erp-api.v1_20250424.openapi.json.
 */
export function purchaseOrderToDto(po: VismaPurchaseOrderRecord, company: VismaCompanyState): Record<string, unknown> {
  const ledger = ledgerOf(company);
  const meta: VismaChangeMeta = ledger.purchaseOrderMetaOf(po.orderNbr) ?? { seq: 0, rowVersion: 0n, createdMs: po.dateMs, lastModifiedMs: po.dateMs };
  const rate = po.currencyId === company.seed.baseCurrency ? QTY_ONE : (DEMO_RATES_MICRO[po.currencyId] ?? QTY_ONE);
  const base = (minor: number): number => minorToDecimal(applyRateMicro(minor, rate));
  const receipt = po.receiptNbr === undefined ? undefined : ledger.purchaseReceipts.get(po.receiptNbr);
  const isReceived = receipt?.status === 'Released';
  const branch = company.branch(company.seed.defaults.branchNumber);
  const branchRef = { number: company.seed.defaults.branchNumber, name: branch?.name ?? '' };
  const account = company.seed.defaults.purchaseAccount ?? '4000';
  const lines = po.lines.map((l) => {
    const unitCostMinor = Number(toScaled(l.unitCost, 2));
    const extCostMinor = extendedCostMinor(l.quantity, unitCostMinor);
    const item = company.inventoryItem(l.inventoryNumber);
    const vatCategoryId = item?.vatCategoryId ?? '3';
    return { l, unitCostMinor, extCostMinor, vatCategoryId, uom: item?.uom ?? 'STK' };
  });
  const totals = computeTotals(lines.map((x) => ({ vatCategoryId: x.vatCategoryId, amountMinor: x.extCostMinor })), company);
  const openMinor = isReceived || po.status === 'Closed' ? 0 : totals.amountMinor;
  const openQty = isReceived || po.status === 'Closed' ? 0 : lines.reduce((sum, x) => sum + Number(x.l.quantity), 0);
  const supplier = company.suppliers.get(po.supplierNumber);
  const terms = supplier ? company.creditTerms(supplier.creditTermsId) : undefined;
  const zone = supplier ? company.vatZone(supplier.vatZoneId) : undefined;
  const promisedMs = po.dateMs + 7 * DAY_MS;
  return {
    shippingDestinationType: 'CompanyLocation',
    warehouse: { ...WAREHOUSE },
    ...(terms ? { terms: { id: terms.id, description: terms.description } } : {}),
    ...(zone ? { supplierVatZone: { id: zone.id, description: zone.description, defaultVatCategory: zone.defaultVatCategory } } : {}),
    dontPrint: true,
    printed: false,
    dontEmail: false,
    emailed: true,
    openQuantity: openQty,
    openBalance: minorToDecimal(openMinor),
    orderType: po.orderType,
    orderNbr: po.orderNbr,
    hold: false,
    status: po.status,
    date: isoOf(po.dateMs),
    promisedOn: isoOf(promisedMs),
    ...(po.description !== undefined ? { description: po.description } : {}),
    supplier: supplierRef(po.supplierNumber, company),
    location: { id: 1, name: 'Primary Location' },
    currency: po.currencyId,
    exchangeRate: Number(rate) / 1_000_000,
    lineTotal: minorToDecimal(totals.detailTotalMinor),
    lineTotalInBaseCurrency: base(totals.detailTotalMinor),
    vatExemptTotal: minorToDecimal(totals.vatExemptTotalMinor),
    vatExemptTotalInBaseCurrency: base(totals.vatExemptTotalMinor),
    taxTotal: minorToDecimal(totals.vatTotalMinor),
    taxTotalInBaseCurrency: base(totals.vatTotalMinor),
    orderTotal: minorToDecimal(totals.amountMinor),
    orderTotalInBaseCurrency: base(totals.amountMinor),
    controlTotal: minorToDecimal(totals.amountMinor),
    controlTotalInBaseCurrency: base(totals.amountMinor),
    branch: branchRef,
    lines: lines.map(({ l, unitCostMinor, extCostMinor, vatCategoryId, uom }) => ({
      lineNbr: l.lineNbr,
      branch: { ...branchRef },
      inventory: { number: l.inventoryNumber, description: company.inventoryItem(l.inventoryNumber)?.description ?? l.description },
      lineType: 'GoodsForInventory',
      warehouse: { ...WAREHOUSE },
      lineDescription: l.description,
      uom,
      orderQty: Number(l.quantity),
      qtyOnReceipts: isReceived ? Number(l.quantity) : 0,
      unitCost: minorToDecimal(unitCostMinor),
      unitCostInBaseCurrency: base(unitCostMinor),
      extCost: minorToDecimal(extCostMinor),
      discountPercent: 0,
      discountAmount: 0,
      manualDiscount: false,
      amount: minorToDecimal(extCostMinor),
      receivedAmt: isReceived ? minorToDecimal(extCostMinor) : 0,
      minReceipt: 0,
      maxReceipt: 100,
      completeOn: 100,
      receiptAction: 'AcceptButWarn',
      taxCategory: { number: vatCategoryId, description: company.vatCategory(vatCategoryId)?.description ?? '' },
      account: accountRef(account, company),
      sub: subaccountDto(company.seed.defaults.subaccount, company),
      requested: isoOf(po.dateMs),
      promised: isoOf(promisedMs),
      completed: isReceived,
      canceled: false,
      orderType: po.orderType,
    })),
    taxDetails: taxDetailDtos(totals.taxDetails, company),
    purchaseReceipts: receipt ? [receiptSummary(receipt, company)] : [],
    lastModifiedDateTime: isoOf(meta.lastModifiedMs),
    timeStamp: etagOf(meta.rowVersion).replace(/"/g, ''),
  };
}

function receiptSummary(r: VismaPurchaseReceiptRecord, company: VismaCompanyState): Record<string, unknown> {
  const totals = receiptTotals(r, company);
  return {
    type: r.receiptType,
    receiptNumber: r.receiptNbr,
    status: r.status,
    supplierName: company.suppliers.get(r.supplierNumber)?.name ?? '',
    currency: r.currencyId,
    totalQty: r.lines.reduce((sum, l) => sum + Number(l.quantity), 0),
    totalAmt: minorToDecimal(totals.detailTotalMinor),
  };
}

function receiptTotals(r: VismaPurchaseReceiptRecord, company: VismaCompanyState): ReturnType<typeof computeTotals> {
  return computeTotals(r.lines.map((l) => ({ vatCategoryId: l.vatCategoryId, amountMinor: l.extCostMinor })), company);
}

/**
 * PurchaseReceiptDto / PurchaseReceiptLineDto (response, plain) of a receipt record. `totalAmt` is the lines' cost
 * (excluding VAT), in the receipt currency. Source: components.schemas.PurchaseReceiptDto and PurchaseReceiptLineDto of
 * visma-net-erp-api.v1_20250424.openapi.json (the same DTO for GET /v1/PurchaseReceipt and /v2/PurchaseReceipt).
 */
export function purchaseReceiptToDto(r: VismaPurchaseReceiptRecord, company: VismaCompanyState): Record<string, unknown> {
  const totals = receiptTotals(r, company);
  const branch = company.branch(r.branchNumber);
  const branchRef = { number: r.branchNumber, name: branch?.name ?? '' };
  const supplier = company.suppliers.get(r.supplierNumber);
  const totalQty = r.lines.reduce((sum, l) => sum + Number(l.quantity), 0);
  const dueDays = supplier ? (company.creditTerms(supplier.creditTermsId)?.dueDays ?? 30) : 30;
  return {
    ...(r.note !== undefined ? { note: r.note } : {}),
    timeStamp: etagOf(r.rowVersion).replace(/"/g, ''),
    receiptType: r.receiptType,
    receiptNbr: r.receiptNbr,
    hold: r.status === 'Hold',
    status: r.status,
    date: isoOf(r.dateMs),
    postPeriod: periodOf(r.dateMs),
    warehouse: { id: r.warehouseId, description: WAREHOUSE.description },
    supplier: supplierRef(r.supplierNumber, company),
    location: { countryId: supplier?.mainAddress.countryId ?? company.seed.countryId, id: 'MAIN', name: 'Primary Location' },
    currency: r.currencyId,
    exchangeRate: Number(r.exchangeRateMicro) / 1_000_000,
    createBill: false,
    ...(r.supplierRef !== undefined ? { supplierRef: r.supplierRef } : {}),
    totalQty,
    controlQty: totalQty,
    vatExemptTotal: minorToDecimal(totals.vatExemptTotalMinor),
    vatTaxableTotal: minorToDecimal(totals.vatTaxableTotalMinor),
    totalAmt: minorToDecimal(totals.detailTotalMinor),
    controlTotal: minorToDecimal(totals.detailTotalMinor),
    lastModifiedDateTime: isoOf(r.lastModifiedMs),
    branchNumber: branchRef,
    lines: r.lines.map((l) => {
      const item = company.inventoryItem(l.inventoryNumber);
      const account = company.account(l.accountNumber);
      const sub = company.seed.defaults.subaccount.join('-');
      return {
        lineNbr: l.lineNbr,
        branch: { ...branchRef },
        branchNumber: { ...branchRef },
        inventory: { number: l.inventoryNumber, description: item?.description ?? l.description },
        lineType: 'GoodsForInventory',
        warehouse: { id: r.warehouseId, description: WAREHOUSE.description },
        location: { countryId: company.seed.countryId, id: 'R1', name: 'Mottak' },
        transactionDescription: l.description,
        uom: item?.uom ?? 'STK',
        orderQty: Number(l.quantity),
        openQty: r.status === 'Released' ? 0 : Number(l.quantity),
        receiptQty: Number(l.quantity),
        unitCost: minorToDecimal(l.unitCostMinor),
        extCost: minorToDecimal(l.extCostMinor),
        discountPercent: 0,
        discountAmount: 0,
        manualDiscount: false,
        amount: minorToDecimal(l.extCostMinor),
        taxCategory: { number: l.vatCategoryId, description: company.vatCategory(l.vatCategoryId)?.description ?? '' },
        account: accountRef(l.accountNumber, company),
        accountDescription: account?.description ?? '',
        sub: { active: true, id: sub, description: company.seed.subaccounts.find((s) => s.segmentValues.join('-') === sub)?.description ?? sub },
        ...(l.poOrderNbr !== undefined ? { poOrderType: 'RegularOrder', poOrderNbr: l.poOrderNbr } : {}),
        ...(l.poOrderLineNbr !== undefined ? { poOrderLineNbr: l.poOrderLineNbr } : {}),
        completePoLine: r.status === 'Released',
      };
    }),
    dueDate: isoOf(r.dateMs + dueDays * DAY_MS),
  };
}
