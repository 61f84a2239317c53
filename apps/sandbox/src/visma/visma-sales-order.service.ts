import { jsonText } from '../core/json-text';
import type { VismaCompanyState } from './visma-company.store';
import { salesOrderKey } from './visma-company.store';
import { computeTotals, readSubaccount, scaledText } from './visma-customer-document.service';
import { isObject, startOfDayUtc, unwrapBoolean, unwrapDateTime, unwrapInteger, unwrapObject, unwrapScaled, unwrapString, type VismaJsonObject } from './visma-dto.util';
import { divRound } from './visma-money.util';
import type { VismaSalesOrderAddressRecord, VismaSalesOrderContactRecord, VismaSalesOrderLineRecord, VismaSalesOrderRecord } from './visma-order-records.types';
import type { VismaAddress, VismaContact, VismaCustomerRecord } from './visma-records.types';
import { vismaException, vismaUnknownReference, vismaValidationError } from './visma.error';

const QTY_SCALE = 6;
const QTY_ONE = 1_000_000n;

/**
 * Creates a sales order from its request DTO (`SalesOrderUpdateDto` with `SalesOrderLineUpdateDto` lines, operation
 * SalesOrder_Post of visma-net-erp-api.v1_20250424.openapi.json) and returns the record (not stored).
 * - Mandatory (spec "Mandatory field"): `orderType` (a seeded, active order type); the customer — `customer`, or else
 *   `vatRegistrationId` / `gln` naming exactly one customer; each line's `inventoryNumber` (`inventoryId`, deprecated,
 *   is read when it is absent), a seeded active item.
 * - Numbering as the ERP does it: with `overrideNumberSeries: true` the `orderNumber` is taken as given (missing →
 *   400, already used for the type → 400 `duplicate`); otherwise the type's number series assigns `000001`, … and any
 *   `orderNumber` is ignored.
 * - Amounts in integer minor units: extPrice = round(quantity × unitPrice); discount = discountAmount ?? round(extPrice
 *   × discountPercent / 100); line amount = extPrice − discount; VAT per VAT id at document level (computeTotals);
 *   orderTotal = Σ line amounts + VAT. The sandbox has no rate table: base-currency amounts equal order amounts.
 * - Defaults: date today, requestOn = date, currency/terms/VAT zone from the customer, branch from the company, line
 *   unit/price/description from the item, line VAT category from the item (domestic VAT zone) or the zone's default,
 *   quantity 1, operation Issue; billing/shipping address and contact from the customer unless overridden.
 * Throws 400 Visma errors for everything it refuses (unknown references, malformed values, negative quantities).
 */
export function createSalesOrder(dto: VismaJsonObject, company: VismaCompanyState): VismaSalesOrderRecord {
  const orderType = unwrapString(dto, 'orderType')?.trim();
  if (!orderType) throw vismaValidationError("Error: 'Order type' cannot be empty.", 'Mandatory field: orderType');
  const type = company.orderType(orderType);
  if (!type || type.active === false) throw vismaUnknownReference(`Order type '${orderType}' does not exist or is inactive.`);
  const customer = resolveCustomer(dto, company);

  const currency = unwrapString(dto, 'currency') ?? customer.currencyId;
  if (!company.seed.currencies.includes(currency)) throw vismaUnknownReference(`Currency '${currency}' does not exist.`);
  const creditTermsId = unwrapString(dto, 'terms') ?? customer.creditTermsId;
  if (!company.creditTerms(creditTermsId)) throw vismaUnknownReference(`Credit terms '${creditTermsId}' do not exist.`);
  const vatZoneId = unwrapString(dto, 'customerVATZone') ?? customer.vatZoneId;
  if (!company.vatZone(vatZoneId)) throw vismaUnknownReference(`VAT zone '${vatZoneId}' does not exist.`);
  const branchNumber = unwrapString(dto, 'branchNumber') ?? company.seed.defaults.branchNumber;
  if (!company.branch(branchNumber)) throw vismaUnknownReference(`Branch '${branchNumber}' does not exist.`);

  const now = company.now();
  const dateMs = unwrapDateTime(dto, 'date') ?? startOfDayUtc(now);
  const requestOnMs = unwrapDateTime(dto, 'requestOn') ?? dateMs;
  const hold = unwrapBoolean(dto, 'hold') ?? false;
  const rawLines = dto['lines'];
  if (rawLines !== undefined && rawLines !== null && !Array.isArray(rawLines)) throw vismaValidationError("'lines' must be an array.");
  const isDomestic = vatZoneId === company.seed.defaults.vatZoneId;
  const lines = (rawLines ?? []).map((raw, i) => readLine(raw, i, company, { branchNumber, requestOnMs, isDomestic, vatZoneId }));
  const totals = computeTotals(lines, company);
  const orderNo = resolveOrderNumber(dto, orderType, company);
  const optional = (field: string): Record<string, string> => {
    const v = unwrapString(dto, field);
    return v === undefined ? {} : { [field]: v };
  };
  const paymentMethodId = unwrapString(dto, 'paymentMethod');
  return {
    orderType,
    orderNo,
    customerNumber: customer.number,
    status: hold ? 'Hold' : 'Open',
    hold,
    dateMs,
    requestOnMs,
    ...optional('customerOrder'),
    ...optional('customerRefNo'),
    currency,
    exchangeRateMicro: QTY_ONE,
    ...optional('description'),
    ...optional('note'),
    branchNumber,
    vatZoneId,
    creditTermsId,
    ...(paymentMethodId !== undefined ? { paymentMethodId } : {}),
    billingAddress: readAddress(dto, 'soBillingAddress', customer.invoiceAddress),
    billingContact: readContact(dto, 'soBillingContact', customer.invoiceContact),
    shippingAddress: readAddress(dto, 'soShippingAddress', customer.deliveryAddress),
    shippingContact: readContact(dto, 'soShippingContact', customer.deliveryContact),
    lines,
    taxDetails: totals.taxDetails,
    vatTaxableTotalMinor: totals.vatTaxableTotalMinor,
    vatExemptTotalMinor: totals.vatExemptTotalMinor,
    taxTotalMinor: totals.vatTotalMinor,
    // SalesOrderDto.discountTotal holds group/document discounts; line discounts stay on the lines.
    discountTotalMinor: 0,
    orderTotalMinor: totals.amountMinor,
    rowVersion: company.nextRowVersion(),
    createdMs: now,
    lastModifiedMs: now,
  };
}

function resolveCustomer(dto: VismaJsonObject, company: VismaCompanyState): VismaCustomerRecord {
  const number = unwrapString(dto, 'customer')?.trim();
  const vat = unwrapString(dto, 'vatRegistrationId')?.trim();
  const gln = unwrapString(dto, 'gln')?.trim();
  let customer: VismaCustomerRecord | undefined;
  let named: string;
  if (number) {
    named = number;
    customer = company.customers.get(number);
  } else if (vat || gln) {
    named = vat ?? gln ?? '';
    const found = [...company.customers.values()].filter((c) => (vat ? c.vatRegistrationId === vat : c.gln === gln));
    if (found.length > 1) throw vismaValidationError(`More than one customer has '${named}'; name the customer.`);
    customer = found[0];
  } else {
    throw vismaValidationError("Error: 'Customer' cannot be empty.", 'Mandatory field: customer (or vatRegistrationId / gln)');
  }
  if (!customer) throw vismaUnknownReference(`Customer '${named}' does not exist.`);
  if (customer.status === 'Inactive') throw vismaValidationError(`Customer '${customer.number}' is inactive.`);
  return customer;
}

function resolveOrderNumber(dto: VismaJsonObject, orderType: string, company: VismaCompanyState): string {
  if (unwrapBoolean(dto, 'overrideNumberSeries') !== true) return company.nextSalesOrderNumber(orderType);
  const wanted = unwrapString(dto, 'orderNumber')?.trim();
  if (!wanted) throw vismaValidationError("Error: 'Order no.' cannot be empty when overrideNumberSeries is true.");
  if (company.salesOrders.has(salesOrderKey(orderType, wanted))) throw vismaException(400, 'duplicate', `Sales order '${orderType} ${wanted}' already exists.`);
  return wanted;
}

type LineDefaults = { branchNumber: string; requestOnMs: number; isDomestic: boolean; vatZoneId: string };

function readLine(raw: unknown, index: number, company: VismaCompanyState, d: LineDefaults): VismaSalesOrderLineRecord {
  const where = `line ${index + 1}`;
  if (!isObject(raw)) throw vismaValidationError(`Sales order ${where} must be an object.`);
  const operation = raw['operation'];
  if (operation !== undefined && operation !== 'Insert') throw vismaValidationError(`Operation '${jsonText(operation)}' is not valid on ${where} of a new order.`);
  const inventoryNumber = (unwrapString(raw, 'inventoryNumber') ?? unwrapString(raw, 'inventoryId'))?.trim();
  if (!inventoryNumber) throw vismaValidationError(`Error: 'Inventory ID' cannot be empty (${where}).`, 'Mandatory field: inventoryNumber');
  const item = company.inventoryItem(inventoryNumber);
  if (!item) throw vismaUnknownReference(`Inventory item '${inventoryNumber}' does not exist (${where}).`);
  if (item.active === false) throw vismaValidationError(`Inventory item '${inventoryNumber}' is inactive (${where}).`);
  const uom = unwrapString(raw, 'uom') ?? item.uom;
  if (uom !== item.uom) throw vismaValidationError(`Unit '${uom}' is not defined for item '${inventoryNumber}' (${where}).`);

  const zone = company.vatZone(d.vatZoneId);
  const vatCategoryId = unwrapString(raw, 'taxCategory') ?? (d.isDomestic ? item.vatCategoryId : (zone?.defaultVatCategory ?? item.vatCategoryId));
  if (!company.vatCategory(vatCategoryId)) throw vismaUnknownReference(`VAT category '${vatCategoryId}' does not exist (${where}).`);
  const branchNumber = unwrapString(raw, 'branchNumber') ?? d.branchNumber;
  if (!company.branch(branchNumber)) throw vismaUnknownReference(`Branch '${branchNumber}' does not exist (${where}).`);

  const quantity = unwrapScaled(raw, 'quantity', QTY_SCALE) ?? QTY_ONE;
  if (quantity < 0n) throw vismaValidationError(`The quantity cannot be negative on an Issue line (${where}).`);
  const unitPriceMinor = unwrapScaled(raw, 'unitPrice', 2) ?? BigInt(item.defaultPriceMinor);
  const ext = divRound(quantity * unitPriceMinor, QTY_ONE);
  const percent = unwrapScaled(raw, 'discountPercent', QTY_SCALE) ?? 0n;
  if (percent < 0n || percent > 100n * QTY_ONE) throw vismaValidationError(`The discount percent must be between 0 and 100 (${where}).`);
  const discountGiven = unwrapScaled(raw, 'discountAmount', 2);
  const discount = discountGiven ?? divRound(ext * percent, 100n * QTY_ONE);
  const salesOperation = unwrapString(raw, 'salesOrderOperation') ?? 'Issue';
  if (salesOperation !== 'Issue' && salesOperation !== 'Receipt') throw vismaValidationError(`The value '${salesOperation}' of 'salesOrderOperation' is not valid (${where}).`);
  const requestedOnMs = unwrapDateTime(raw, 'requestedOn') ?? d.requestOnMs;
  const note = unwrapString(raw, 'note');
  return {
    lineNbr: unwrapInteger(raw, 'lineNbr') ?? index + 1,
    inventoryNumber,
    lineDescription: unwrapString(raw, 'lineDescription') ?? item.description,
    uom,
    quantity: scaledText(quantity, QTY_SCALE),
    unitPriceMinor: Number(unitPriceMinor),
    extPriceMinor: Number(ext),
    discountPercent: scaledText(percent, QTY_SCALE),
    discountMinor: Number(discount),
    manualDiscount: unwrapBoolean(raw, 'manualDiscount') ?? discountGiven !== undefined,
    amountMinor: Number(ext - discount),
    vatCategoryId,
    subaccount: readSubaccount(raw['subaccount'], company, where),
    branchNumber,
    operation: salesOperation,
    requestedOnMs,
    shipOnMs: unwrapDateTime(raw, 'shipOn') ?? requestedOnMs,
    ...(note !== undefined ? { note } : {}),
  };
}

function readAddress(dto: VismaJsonObject, field: string, fallback: VismaAddress): VismaSalesOrderAddressRecord {
  const a = unwrapObject(dto, field);
  if (!a || unwrapBoolean(a, 'overrideAddress') === false) return { ...fallback, overrideAddress: false };
  const next: VismaSalesOrderAddressRecord = { overrideAddress: true };
  for (const key of ['addressLine1', 'addressLine2', 'addressLine3', 'postalCode', 'city', 'county'] as const) {
    const v = unwrapString(a, key);
    if (v !== undefined) next[key] = v;
  }
  const country = unwrapString(a, 'countryId');
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) throw vismaUnknownReference(`Country '${country}' does not exist.`);
  const countryId = country ?? fallback.countryId;
  if (countryId !== undefined) next.countryId = countryId;
  return next;
}

function readContact(dto: VismaJsonObject, field: string, fallback: VismaContact): VismaSalesOrderContactRecord {
  const c = unwrapObject(dto, field);
  if (!c || unwrapBoolean(c, 'overrideContact') === false) return { ...fallback, overrideContact: false };
  const next: VismaSalesOrderContactRecord = { overrideContact: true };
  for (const key of ['name', 'attention', 'email', 'web', 'phone1', 'phone2', 'fax'] as const) {
    const v = unwrapString(c, key);
    if (v !== undefined) next[key] = v;
  }
  return next;
}
