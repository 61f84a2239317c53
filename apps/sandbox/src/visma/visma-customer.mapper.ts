import type { VismaCompanyState } from './visma-company.store';
import {
  COUNTRY_NAMES,
  isoOf,
  unwrapBoolean,
  unwrapInteger,
  unwrapObject,
  unwrapScaled,
  unwrapString,
  type VismaJsonObject,
} from './visma-dto.util';
import {
  CREDIT_RULES,
  CUSTOMER_STATUSES,
  STATEMENT_TYPES,
  type VismaAddress,
  type VismaContact,
  type VismaCustomerFlags,
  type VismaCustomerRecord,
} from './visma-records.types';
import { minorToDecimal } from './visma-money.util';
import { vismaException, vismaUnknownReference, vismaValidationError } from './visma.error';

/**
 * CustomerDto (response, plain) ⇄ record, and CustomerUpdateDto (request, value-wrapped) → record.
 * Shapes: components.schemas.CustomerDto / CustomerUpdateDto / AddressUpdateDto / ContactInfoUpdateDto of
 * visma-net-erp-api.v1_20250424.openapi.json. Mandatory on create (CustomerDto descriptions "Mandatory field"):
 * name; status, customer class and VAT zone default from the company.
 */

function addressDto(a: VismaAddress, addressId: number): Record<string, unknown> {
  return {
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

function contactDto(c: VismaContact, contactId: number): Record<string, unknown> {
  return { contactId, ...c };
}

/** The CustomerDto of a record (without `metadata`; lists add it). */
export function customerToDto(r: VismaCustomerRecord, company: VismaCompanyState): Record<string, unknown> {
  const cls = company.customerClass(r.customerClassId);
  const terms = company.creditTerms(r.creditTermsId);
  const zone = company.vatZone(r.vatZoneId);
  const ar = company.account(company.seed.defaults.arAccount);
  const sales = company.account(company.seed.defaults.salesAccount);
  const base = r.internalId * 10;
  return {
    internalId: r.internalId,
    number: r.number,
    name: r.name,
    status: r.status,
    mainAddress: addressDto(r.mainAddress, base + 1),
    mainContact: contactDto(r.mainContact, base + 1),
    ...(r.accountReference !== undefined ? { accountReference: r.accountReference } : {}),
    ...(r.parentRecordNumber !== undefined ? { parentRecord: { number: r.parentRecordNumber } } : {}),
    customerClass: { id: r.customerClassId, description: cls?.description ?? '' },
    creditTerms: { id: r.creditTermsId, description: terms?.description ?? '' },
    currencyId: r.currencyId,
    creditVerification: r.creditVerification,
    creditLimit: minorToDecimal(r.creditLimitMinor),
    creditDaysPastDue: r.creditDaysPastDue,
    invoiceAddress: addressDto(r.invoiceAddress, base + 2),
    invoiceContact: contactDto(r.invoiceContact, base + 2),
    printInvoices: r.flags.printInvoices,
    acceptAutoInvoices: r.flags.acceptAutoInvoices,
    sendInvoicesByEmail: r.flags.sendInvoicesByEmail,
    sendDunningLettersViaEMail: r.flags.sendDunningLettersViaEMail,
    printDunningLetters: r.flags.printDunningLetters,
    printStatements: r.flags.printStatements,
    sendStatementsByEmail: r.flags.sendStatementsByEmail,
    printMultiCurrencyStatements: r.flags.printMultiCurrencyStatements,
    statementType: r.statementType,
    deliveryAddress: addressDto(r.deliveryAddress, base + 3),
    deliveryContact: contactDto(r.deliveryContact, base + 3),
    ...(r.vatRegistrationId !== undefined ? { vatRegistrationId: r.vatRegistrationId } : {}),
    ...(r.corporateId !== undefined ? { corporateId: r.corporateId } : {}),
    ...(r.gln !== undefined ? { gln: r.gln } : {}),
    vatZone: { id: r.vatZoneId, description: zone?.description ?? '', defaultVatCategory: zone?.defaultVatCategory ?? '' },
    location: { countryId: r.mainAddress.countryId ?? company.seed.countryId, id: 'MAIN', name: 'Primary Location' },
    attributes: [],
    lastModifiedDateTime: isoOf(r.lastModifiedMs),
    createdDateTime: isoOf(r.createdMs),
    glAccounts: {
      ...(ar ? { customerLedgerAccount: { type: ar.type, number: ar.accountCD, description: ar.description } } : {}),
      ...(sales ? { salesAccount: { type: sales.type, number: sales.accountCD, description: sales.description } } : {}),
    },
    invoiceToDefaultLocation: r.flags.invoiceToDefaultLocation,
    ...(r.numberOfEmployees !== undefined ? { numberOfEmployees: r.numberOfEmployees } : {}),
    excludeDebtCollection: r.flags.excludeDebtCollection,
  };
}

function enumValue<T extends string>(dto: VismaJsonObject, field: string, allowed: readonly T[]): T | undefined {
  const v = unwrapString(dto, field);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    throw vismaValidationError(`The value '${v}' of '${field}' is not valid. Allowed values: ${allowed.join(', ')}.`);
  }
  return v as T;
}

function readAddress(dto: VismaJsonObject, field: string, current: VismaAddress): VismaAddress {
  const a = unwrapObject(dto, field);
  if (!a) return current;
  const next: VismaAddress = { ...current };
  for (const key of ['addressLine1', 'addressLine2', 'addressLine3', 'postalCode', 'city', 'county'] as const) {
    const v = unwrapString(a, key);
    if (v !== undefined) next[key] = v;
  }
  const country = unwrapString(a, 'countryId');
  if (country !== undefined) {
    if (!/^[A-Z]{2}$/.test(country)) throw vismaUnknownReference(`Country '${country}' does not exist.`);
    next.countryId = country;
  }
  return next;
}

function readContact(dto: VismaJsonObject, field: string, current: VismaContact): VismaContact {
  const c = unwrapObject(dto, field);
  if (!c) return current;
  const next: VismaContact = { ...current };
  for (const key of ['name', 'attention', 'email', 'web', 'phone1', 'phone2', 'fax'] as const) {
    const v = unwrapString(c, key);
    if (v !== undefined) next[key] = v;
  }
  return next;
}

/**
 * Applies a CustomerUpdateDto to `current` (PUT) or to a fresh record (POST, `current` undefined) and returns
 * the new record (not yet stored; row version and timestamps set). Throws 400 Visma errors for a missing
 * name on create, unknown class/terms/VAT zone/currency/parent and malformed values.
 */
export function applyCustomerUpdate(dto: VismaJsonObject, company: VismaCompanyState, current: VismaCustomerRecord | undefined): VismaCustomerRecord {
  const now = company.now();
  const d = company.seed.defaults;
  const name = unwrapString(dto, 'name');
  if (!current && (name === undefined || name.trim() === '')) {
    throw vismaValidationError("Error: 'Customer name' cannot be empty.", 'Mandatory field: name');
  }
  if (current && name !== undefined && name.trim() === '') throw vismaValidationError("Error: 'Customer name' cannot be empty.");
  let number = current?.number;
  if (!current) {
    const wanted = unwrapString(dto, 'number')?.trim();
    if (wanted) {
      if (company.customers.has(wanted)) throw vismaException(400, 'duplicate', `Customer '${wanted}' already exists.`);
      number = wanted;
    } else {
      number = company.nextCustomerNumber();
    }
  }
  const check = <T>(value: string | undefined, exists: (v: string) => T | undefined, what: string): string | undefined => {
    if (value !== undefined && !exists(value)) throw vismaUnknownReference(`${what} '${value}' does not exist.`);
    return value;
  };
  const customerClassId = check(unwrapString(dto, 'customerClassId'), (v) => company.customerClass(v), 'Customer class');
  const creditTermsId = check(unwrapString(dto, 'creditTermsId'), (v) => company.creditTerms(v), 'Credit terms');
  const vatZoneId = check(unwrapString(dto, 'vatZoneId'), (v) => company.vatZone(v), 'VAT zone');
  const currencyId = check(unwrapString(dto, 'currencyId'), (v) => (company.seed.currencies.includes(v) ? v : undefined), 'Currency');
  const parent = check(unwrapString(dto, 'parentRecordNumber'), (v) => company.customers.get(v), 'Parent customer');
  const creditLimit = unwrapScaled(dto, 'creditLimit', 2);
  const flags: VismaCustomerFlags = {
    printInvoices: false,
    acceptAutoInvoices: false,
    sendInvoicesByEmail: false,
    sendDunningLettersViaEMail: false,
    printDunningLetters: false,
    printStatements: false,
    sendStatementsByEmail: false,
    printMultiCurrencyStatements: false,
    invoiceToDefaultLocation: true,
    excludeDebtCollection: false,
    ...(current?.flags ?? {}),
  };
  for (const key of Object.keys(flags) as Array<keyof VismaCustomerFlags>) {
    const v = unwrapBoolean(dto, key);
    if (v !== undefined) flags[key] = v;
  }
  const mainAddress = readAddress(dto, 'mainAddress', current?.mainAddress ?? { countryId: company.seed.countryId });
  const mainContact = readContact(dto, 'mainContact', current?.mainContact ?? {});
  const str = (field: string, prev: string | undefined): { [k: string]: string } => {
    const v = unwrapString(dto, field) ?? prev;
    return v === undefined ? {} : { [field]: v };
  };
  const employees = unwrapInteger(dto, 'numberOfEmployees') ?? current?.numberOfEmployees;
  const parentRecordNumber = parent ?? current?.parentRecordNumber;
  return {
    internalId: current?.internalId ?? company.nextInternalId(),
    number: number ?? '',
    name: name ?? current?.name ?? '',
    status: enumValue(dto, 'status', CUSTOMER_STATUSES) ?? current?.status ?? 'Active',
    ...str('accountReference', current?.accountReference),
    ...(parentRecordNumber !== undefined ? { parentRecordNumber } : {}),
    currencyId: currencyId ?? current?.currencyId ?? company.seed.baseCurrency,
    customerClassId: customerClassId ?? current?.customerClassId ?? d.customerClassId,
    creditTermsId: creditTermsId ?? current?.creditTermsId ?? d.creditTermsId,
    vatZoneId: vatZoneId ?? current?.vatZoneId ?? d.vatZoneId,
    creditVerification: enumValue(dto, 'creditVerification', CREDIT_RULES) ?? current?.creditVerification ?? 'Disabled',
    creditLimitMinor: creditLimit !== undefined ? Number(creditLimit) : (current?.creditLimitMinor ?? 0),
    creditDaysPastDue: unwrapInteger(dto, 'creditDaysPastDue') ?? current?.creditDaysPastDue ?? 0,
    statementType: enumValue(dto, 'statementType', STATEMENT_TYPES) ?? current?.statementType ?? 'OpenItem',
    flags,
    mainAddress,
    mainContact,
    invoiceAddress: readAddress(dto, 'invoiceAddress', current?.invoiceAddress ?? mainAddress),
    invoiceContact: readContact(dto, 'invoiceContact', current?.invoiceContact ?? mainContact),
    deliveryAddress: readAddress(dto, 'deliveryAddress', current?.deliveryAddress ?? mainAddress),
    deliveryContact: readContact(dto, 'deliveryContact', current?.deliveryContact ?? mainContact),
    ...str('vatRegistrationId', current?.vatRegistrationId),
    ...str('corporateId', current?.corporateId),
    ...str('gln', current?.gln),
    ...str('note', current?.note),
    ...(employees !== undefined ? { numberOfEmployees: employees } : {}),
    rowVersion: company.nextRowVersion(),
    createdMs: current?.createdMs ?? now,
    lastModifiedMs: now,
  };
}
