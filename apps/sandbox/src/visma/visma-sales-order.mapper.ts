import type { VismaCompanyState } from './visma-company.store';
import { COUNTRY_NAMES, isoOf } from './visma-dto.util';
import { applyRateMicro, divRound, minorToDecimal, toScaled } from './visma-money.util';
import type { VismaSalesOrderAddressRecord, VismaSalesOrderContactRecord, VismaSalesOrderLineRecord, VismaSalesOrderRecord } from './visma-order-records.types';

/**
 * SalesOrderDto (response, plain) of a sales order record: `…InBaseCurrency` fields are the order amounts × the
 * exchange rate, the others are in the order currency; decimals are JSON numbers built from minor units. `note` is
 * left out of list items unless `showNotes` (the list parameter "Set to true to include notes"). Shapes:
 * components.schemas.SalesOrderDto, SalesOrderLineDto and their `…InSalesOrderDto` parts of
 * visma-net-erp-api.v1_20250424.openapi.json.
 */
export function salesOrderToDto(o: VismaSalesOrderRecord, company: VismaCompanyState, options: { showNotes?: boolean } = {}): Record<string, unknown> {
  const base = (minor: number): number => minorToDecimal(applyRateMicro(minor, o.exchangeRateMicro));
  const cur = (minor: number): number => minorToDecimal(minor);
  const customer = company.customers.get(o.customerNumber);
  const zone = company.vatZone(o.vatZoneId);
  const terms = company.creditTerms(o.creditTermsId);
  const branch = company.branch(o.branchNumber);
  const id = (customer?.internalId ?? 0) * 10;
  const showNotes = options.showNotes ?? true;
  return {
    soBillingContact: contactDto(o.billingContact, id + 2),
    soBillingAddress: addressDto(o.billingAddress, id + 2),
    customerVATZone: { id: o.vatZoneId, description: zone?.description ?? '', defaultVatCategory: zone?.defaultVatCategory ?? '' },
    invoiceSeparately: false,
    terms: { id: o.creditTermsId, description: terms?.description ?? '' },
    ...(o.paymentMethodId !== undefined ? { paymentMethod: { id: o.paymentMethodId, description: o.paymentMethodId } } : {}),
    soShippingContact: contactDto(o.shippingContact, id + 3),
    soShippingAddress: addressDto(o.shippingAddress, id + 3),
    schedShipment: isoOf(o.requestOnMs),
    shipSeparately: false,
    shipComplete: 'BackOrderAllowed',
    isRotRutDeductible: false,
    emailed: false,
    lines: o.lines.map((l) => lineToDto(l, o, company)),
    shipments: [],
    orderType: o.orderType,
    orderNo: o.orderNo,
    status: o.status,
    hold: o.hold,
    date: isoOf(o.dateMs),
    requestOn: isoOf(o.requestOnMs),
    ...(o.customerOrder !== undefined ? { customerOrder: o.customerOrder } : {}),
    ...(o.customerRefNo !== undefined ? { customerRefNo: o.customerRefNo } : {}),
    customer: { internalId: customer?.internalId ?? 0, number: o.customerNumber, name: customer?.name ?? '' },
    location: { countryId: customer?.mainAddress.countryId ?? company.seed.countryId, id: 'MAIN', name: 'Primary Location' },
    currency: o.currency,
    ...(o.description !== undefined ? { description: o.description } : {}),
    orderTotal: cur(o.orderTotalMinor),
    orderTotalInBaseCurrency: base(o.orderTotalMinor),
    vatTaxableTotal: cur(o.vatTaxableTotalMinor),
    vatTaxableTotalInBaseCurrency: base(o.vatTaxableTotalMinor),
    vatExemptTotal: cur(o.vatExemptTotalMinor),
    vatExemptTotalInBaseCurrency: base(o.vatExemptTotalMinor),
    taxTotal: cur(o.taxTotalMinor),
    taxTotalInBaseCurrency: base(o.taxTotalMinor),
    exchangeRate: Number(o.exchangeRateMicro) / 1_000_000,
    discountTotal: cur(o.discountTotalMinor),
    discountTotalInBaseCurrency: base(o.discountTotalMinor),
    lastModifiedDateTime: isoOf(o.lastModifiedMs),
    branchNumber: { number: o.branchNumber, name: branch?.name ?? '' },
    ...(o.note !== undefined && showNotes ? { note: o.note } : {}),
    attachments: [],
  };
}

function lineToDto(l: VismaSalesOrderLineRecord, o: VismaSalesOrderRecord, company: VismaCompanyState): Record<string, unknown> {
  const item = company.inventoryItem(l.inventoryNumber);
  const branch = company.branch(l.branchNumber);
  const quantityMicro = toScaled(l.quantity, 6);
  const discUnitPriceMinor = quantityMicro === 0n ? l.unitPriceMinor : Number(divRound(BigInt(l.amountMinor) * 1_000_000n, quantityMicro));
  const subaccount = l.subaccount.join('-');
  const seeded = company.seed.subaccounts.find((s) => s.segmentValues.join('-') === subaccount);
  return {
    operation: l.operation,
    freeItem: false,
    requestedOn: isoOf(l.requestedOnMs),
    shipOn: isoOf(l.shipOnMs),
    shipComplete: 'BackOrderAllowed',
    completed: false,
    markForPO: false,
    taxCategory: l.vatCategoryId,
    commissionable: false,
    subaccount: { active: seeded?.active !== false, id: subaccount, description: seeded?.description ?? subaccount },
    isRotRutDeductible: false,
    lineNbr: l.lineNbr,
    sortOrder: l.lineNbr,
    inventory: { number: l.inventoryNumber, description: item?.description ?? '' },
    uom: l.uom,
    quantity: Number(l.quantity),
    qtyOnShipments: 0,
    openQty: Number(l.quantity),
    unitCost: 0,
    unitPrice: minorToDecimal(l.unitPriceMinor),
    unitPriceInBaseCurrency: minorToDecimal(applyRateMicro(l.unitPriceMinor, o.exchangeRateMicro)),
    discountPercent: Number(l.discountPercent),
    discountAmount: minorToDecimal(l.discountMinor),
    manualDiscount: l.manualDiscount,
    discUnitPrice: minorToDecimal(discUnitPriceMinor),
    extPrice: minorToDecimal(l.extPriceMinor),
    unbilledAmount: minorToDecimal(l.amountMinor),
    lineDescription: l.lineDescription,
    branchNumber: { number: l.branchNumber, name: branch?.name ?? '' },
    ...(l.note !== undefined ? { note: l.note } : {}),
    attachments: [],
  };
}

function addressDto(a: VismaSalesOrderAddressRecord, addressId: number): Record<string, unknown> {
  return {
    overrideAddress: a.overrideAddress,
    addressId,
    ...(a.addressLine1 !== undefined ? { addressLine1: a.addressLine1 } : {}),
    ...(a.addressLine2 !== undefined ? { addressLine2: a.addressLine2 } : {}),
    ...(a.addressLine3 !== undefined ? { addressLine3: a.addressLine3 } : {}),
    ...(a.postalCode !== undefined ? { postalCode: a.postalCode } : {}),
    ...(a.city !== undefined ? { city: a.city } : {}),
    ...(a.countryId !== undefined ? { country: { id: a.countryId, name: COUNTRY_NAMES[a.countryId] ?? a.countryId } } : {}),
    ...(a.county !== undefined ? { county: { id: a.county, name: a.county } } : {}),
  };
}

function contactDto(c: VismaSalesOrderContactRecord, contactId: number): Record<string, unknown> {
  const { overrideContact, ...fields } = c;
  return { overrideContact, contactId, ...fields };
}
