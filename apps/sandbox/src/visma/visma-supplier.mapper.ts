import type { VismaCompanyState } from './visma-company.store';
import { COUNTRY_NAMES, isoOf, unwrapBoolean, unwrapObject, unwrapString, type VismaJsonObject } from './visma-dto.util';
import { SUPPLIER_STATUSES, type VismaSupplierRecord, type VismaSupplierStatus } from './visma-order-records.types';
import type { VismaAddress, VismaContact } from './visma-records.types';
import { vismaException, vismaUnknownReference, vismaValidationError } from './visma.error';

/**
 * SupplierDto (response, plain) ⇄ record, and SupplierUpdateDto (request, value-wrapped) → record. Shapes:
 * components.schemas.SupplierDto / SupplierUpdateDto / AddressUpdateDto / ContactInfoUpdateDto / SupplierClassDto of
 * visma-net-erp-api.v1_20250424.openapi.json. Mandatory on create (SupplierDto "Mandatory field"): name and supplier
 * class — the sandbox refuses a create without `supplierClassId` rather than guessing a default. Status defaults to
 * Active; credit terms and payment method to the class's; VAT zone to the company's; currency to the base currency.
 * `timeStamp` (format byte) is the base64 row version, the same value the `ETag` header quotes.
 */

function timeStampOf(rowVersion: bigint): string {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(rowVersion);
  return buf.toString('base64');
}

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

/** The SupplierDto of a record (without `metadata`; lists add it). `note` only when `withNote` (list: expandNote). */
export function supplierToDto(r: VismaSupplierRecord, company: VismaCompanyState, options: { withNote?: boolean } = {}): Record<string, unknown> {
  const cls = company.supplierClass(r.supplierClassId);
  const terms = company.creditTerms(r.creditTermsId);
  const zone = company.vatZone(r.vatZoneId);
  const base = r.internalId * 10;
  return {
    internalId: r.internalId,
    number: r.number,
    name: r.name,
    status: r.status,
    mainAddress: addressDto(r.mainAddress, base + 1),
    mainContact: { contactId: base + 1, ...r.mainContact },
    ...(r.accountReference !== undefined ? { accountReference: r.accountReference } : {}),
    ...(r.parentRecordNumber !== undefined ? { parentRecord: { number: r.parentRecordNumber, name: company.suppliers.get(r.parentRecordNumber)?.name ?? '' } } : {}),
    supplierClass: { id: r.supplierClassId, description: cls?.description ?? '' },
    creditTerms: { id: r.creditTermsId, description: terms?.description ?? '' },
    ...(r.documentLanguage !== undefined ? { documentLanguage: r.documentLanguage } : {}),
    currencyId: r.currencyId,
    remitAddress: addressDto(r.remitAddress, base + 2),
    remitContact: { contactId: base + 2, ...r.remitContact },
    ...(r.paymentMethodId !== undefined ? { paymentMethod: { id: r.paymentMethodId, description: r.paymentMethodId } } : {}),
    supplierAddress: addressDto(r.supplierAddress, base + 3),
    supplierContact: { contactId: base + 3, ...r.supplierContact },
    location: { countryId: r.mainAddress.countryId ?? company.seed.countryId, id: 'MAIN', name: 'Primary Location' },
    ...(r.vatRegistrationId !== undefined ? { vatRegistrationId: r.vatRegistrationId } : {}),
    ...(r.corporateId !== undefined ? { corporateId: r.corporateId } : {}),
    vatZone: { id: r.vatZoneId, description: zone?.description ?? '', defaultVatCategory: zone?.defaultVatCategory ?? '' },
    attributes: [],
    lastModifiedDateTime: isoOf(r.lastModifiedMs),
    ...(r.note !== undefined && options.withNote !== false ? { note: r.note } : {}),
    timeStamp: timeStampOf(r.rowVersion),
  };
}

/** The SupplierClassDto of a seeded class. */
export function supplierClassToDto(id: string, company: VismaCompanyState): Record<string, unknown> | undefined {
  const cls = company.supplierClass(id);
  if (!cls) return undefined;
  return {
    attributes: [],
    ...(cls.paymentMethodId !== undefined ? { paymentMethodId: cls.paymentMethodId, paymentMethodDescription: cls.paymentMethodId } : {}),
    timeStamp: timeStampOf(BigInt(company.seed.supplierClasses.indexOf(cls) + 1)),
    id: cls.id,
    description: cls.description,
  };
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
 * Applies a SupplierUpdateDto to `current` (PUT) or to a fresh record (POST, `current` undefined) and returns the new
 * record (not stored; row version and timestamps set). Absent fields keep their value. Number: on create `number` is
 * used when given (taken → 400 `duplicate`), else the next free number; `overrideNumberSeries: true` without a
 * number is a 400; on update the number cannot change. Throws 400 Visma errors for a missing name or class on create,
 * unknown class/terms/VAT zone/currency/parent, a bad status and malformed values.
 */
export function applySupplierUpdate(dto: VismaJsonObject, company: VismaCompanyState, current: VismaSupplierRecord | undefined): VismaSupplierRecord {
  const now = company.now();
  const name = unwrapString(dto, 'name');
  if ((!current && name === undefined) || (name !== undefined && name.trim() === '')) {
    throw vismaValidationError("Error: 'Supplier name' cannot be empty.", 'Mandatory field: name');
  }
  const wanted = unwrapString(dto, 'number')?.trim();
  const override = unwrapBoolean(dto, 'overrideNumberSeries');
  let number = current?.number;
  if (!current) {
    if (override === true && !wanted) throw vismaValidationError("Error: 'Supplier ID' cannot be empty when overrideNumberSeries is true.");
    if (wanted && company.suppliers.has(wanted)) throw vismaException(400, 'duplicate', `Supplier '${wanted}' already exists.`);
    number = wanted || company.nextSupplierNumber();
  } else if (wanted !== undefined && wanted !== current.number) {
    throw vismaValidationError(`Error: 'Supplier ID' cannot be changed (from '${current.number}' to '${wanted}').`);
  }
  const check = <T>(value: string | undefined, exists: (v: string) => T | undefined, what: string): string | undefined => {
    if (value !== undefined && !exists(value)) throw vismaUnknownReference(`${what} '${value}' does not exist.`);
    return value;
  };
  const classId = check(unwrapString(dto, 'supplierClassId'), (v) => company.supplierClass(v), 'Supplier class');
  if (!current && classId === undefined) throw vismaValidationError("Error: 'Supplier class' cannot be empty.", 'Mandatory field: supplierClassId');
  const cls = company.supplierClass(classId ?? current?.supplierClassId ?? '');
  const creditTermsId = check(unwrapString(dto, 'creditTermsId'), (v) => company.creditTerms(v), 'Credit terms');
  const vatZoneId = check(unwrapString(dto, 'vatZoneId'), (v) => company.vatZone(v), 'VAT zone');
  const currencyId = check(unwrapString(dto, 'currencyId'), (v) => (company.seed.currencies.includes(v) ? v : undefined), 'Currency');
  const parent = check(unwrapString(dto, 'parentRecordNumber'), (v) => company.suppliers.get(v), 'Parent supplier');
  const status = unwrapString(dto, 'status');
  if (status !== undefined && !(SUPPLIER_STATUSES as readonly string[]).includes(status)) {
    throw vismaValidationError(`The value '${status}' of 'status' is not valid. Allowed values: ${SUPPLIER_STATUSES.join(', ')}.`);
  }
  const mainAddress = readAddress(dto, 'mainAddress', current?.mainAddress ?? { countryId: company.seed.countryId });
  const mainContact = readContact(dto, 'mainContact', current?.mainContact ?? {});
  const str = (field: string, prev: string | undefined): { [k: string]: string } => {
    const v = unwrapString(dto, field) ?? prev;
    return v === undefined ? {} : { [field]: v };
  };
  const paymentMethodId = unwrapString(dto, 'paymentMethodId') ?? current?.paymentMethodId ?? cls?.paymentMethodId;
  const parentRecordNumber = parent ?? current?.parentRecordNumber;
  return {
    internalId: current?.internalId ?? company.nextInternalId(),
    number: number ?? '',
    name: name ?? current?.name ?? '',
    status: (status as VismaSupplierStatus | undefined) ?? current?.status ?? 'Active',
    supplierClassId: classId ?? current?.supplierClassId ?? '',
    creditTermsId: creditTermsId ?? current?.creditTermsId ?? cls?.creditTermsId ?? company.seed.defaults.creditTermsId,
    ...(paymentMethodId !== undefined ? { paymentMethodId } : {}),
    currencyId: currencyId ?? current?.currencyId ?? company.seed.baseCurrency,
    vatZoneId: vatZoneId ?? current?.vatZoneId ?? company.seed.defaults.supplierVatZoneId,
    ...str('accountReference', current?.accountReference),
    ...(parentRecordNumber !== undefined ? { parentRecordNumber } : {}),
    ...str('vatRegistrationId', current?.vatRegistrationId),
    ...str('corporateId', current?.corporateId),
    ...str('documentLanguage', current?.documentLanguage),
    ...str('note', current?.note),
    mainAddress,
    mainContact,
    remitAddress: readAddress(dto, 'remitAddress', current?.remitAddress ?? mainAddress),
    remitContact: readContact(dto, 'remitContact', current?.remitContact ?? mainContact),
    supplierAddress: readAddress(dto, 'supplierAddress', current?.supplierAddress ?? mainAddress),
    supplierContact: readContact(dto, 'supplierContact', current?.supplierContact ?? mainContact),
    rowVersion: company.nextRowVersion(),
    createdMs: current?.createdMs ?? now,
    lastModifiedMs: now,
  };
}
