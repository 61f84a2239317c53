import type { PostalAddress, SalesCustomer } from '../canonical/sales-document';
import type { VismaSupplierAddressDraft, VismaSupplierContactDraft, VismaSupplierDraft, VismaSupplierUpdateDraft } from './visma-sales-order.dto';
import type { VismaOrderProblem, VismaSupplierSettings } from './visma-sales-order.settings';

/** Per-call context of a new supplier. */
export type VismaSupplierContext = {
  /** Currency of the supplier (e.g. the order's); falls back to `settings.currencyId`, else Visma's default. */
  currencyId?: string | undefined;
  /**
   * A supplier number chosen by the caller (sent with `overrideNumberSeries: true`), so a retried create can be found
   * with one GET /v1/supplier/{supplierCd}; omit to let Visma's number series assign one.
   */
  supplierNumber?: string | undefined;
};

/** The supplier as Visma holds it, as far as the update builder compares it (a subset of SupplierDto, plain). */
export type VismaSupplierCurrent = {
  name?: string | null | undefined;
  vatRegistrationId?: string | null | undefined;
  mainContact?: { name?: string | null | undefined; attention?: string | null | undefined; email?: string | null | undefined; phone1?: string | null | undefined } | null | undefined;
  mainAddress?:
    | {
        addressLine1?: string | null | undefined;
        addressLine2?: string | null | undefined;
        postalCode?: string | null | undefined;
        city?: string | null | undefined;
        country?: { id?: string | null | undefined } | null | undefined;
        county?: { id?: string | null | undefined } | null | undefined;
      }
    | null
    | undefined;
};

export type VismaSupplierResult = { ok: true; document: VismaSupplierDraft } | { ok: false; problems: VismaOrderProblem[] };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_NAME = 255;

/**
 * Canonical shop customer → body of POST /v1/supplier (`SupplierUpdateDto`, operation Supplier_Post):
 * `name` = company, else the person's name; `mainContact` = {name (the same legal name), attention (the person, when a
 * company), email, phone1}; `mainAddress` = the billing address; `vatRegistrationId` = the shop's VAT number;
 * `status` Active; `supplierClassId` ("Mandatory field: Supplier class") and the optional terms, payment method and
 * VAT zone from `settings`; `currencyId` from `ctx`, else `settings`. With `ctx.supplierNumber` the number is ours
 * (`overrideNumberSeries: true`).
 * @returns every problem at once (`missing-supplier-class`, `missing-supplier-name`, `invalid-email`), or the draft
 */
export function toVismaSupplier(customer: SalesCustomer, settings: VismaSupplierSettings, ctx: VismaSupplierContext = {}): VismaSupplierResult {
  const problems: VismaOrderProblem[] = [];
  const name = supplierName(customer);
  if (name === '') problems.push({ code: 'missing-supplier-name', field: 'customer.name', message: `The shop customer ${customer.email} has neither a name nor a company; Visma needs a supplier name.` });
  if (!EMAIL.test(customer.email.trim())) problems.push({ code: 'invalid-email', field: 'customer.email', message: `'${customer.email}' is not an e-mail address; suppliers are matched by e-mail.` });
  if (settings.supplierClassId === undefined) {
    problems.push({ code: 'missing-supplier-class', field: 'supplier.supplierClassId', message: 'No Visma supplier class is set for new suppliers; choose one under Suppliers → Supplier class.' });
  }
  if (problems.length > 0 || settings.supplierClassId === undefined) return { ok: false, problems };
  const document: VismaSupplierDraft = {
    name: { value: name },
    status: { value: 'Active' },
    supplierClassId: { value: settings.supplierClassId },
    mainContact: { value: contactOf(customer, name) },
    mainAddress: { value: addressOf(customer.billingAddress) },
  };
  if (ctx.supplierNumber !== undefined) {
    document.number = { value: ctx.supplierNumber };
    document.overrideNumberSeries = { value: true };
  }
  const currencyId = ctx.currencyId ?? settings.currencyId;
  if (currencyId !== undefined) document.currencyId = { value: currencyId };
  if (settings.creditTermsId !== undefined) document.creditTermsId = { value: settings.creditTermsId };
  if (settings.paymentMethodId !== undefined) document.paymentMethodId = { value: settings.paymentMethodId };
  if (settings.vatZoneId !== undefined) document.vatZoneId = { value: settings.vatZoneId };
  if (customer.vatNumber !== undefined && customer.vatNumber.trim() !== '') document.vatRegistrationId = { value: customer.vatNumber.trim() };
  return { ok: true, document };
}

/**
 * The PUT /v1/supplier/{supplierCd} body (Supplier_PutBysupplierCd) that brings `current` in line with the shop
 * customer: only the fields that differ — `name`, `vatRegistrationId` (set or changed, never cleared), the whole
 * `mainContact` when one of its fields differs (e-mail compared case-insensitively) and the whole `mainAddress` when
 * one of its fields differs. Class, status, terms and currency are left as the accountant set them. Pure, so it
 * fits `suppliers.updateWithRetry(number, (fresh) => toVismaSupplierUpdate(customer, fresh))`.
 * @returns the change, or undefined when the supplier is already as wanted (no PUT needed)
 */
export function toVismaSupplierUpdate(customer: SalesCustomer, current: VismaSupplierCurrent): VismaSupplierUpdateDraft | undefined {
  const change: VismaSupplierUpdateDraft = {};
  const name = supplierName(customer);
  if (name !== '' && name !== (current.name ?? '')) change.name = { value: name };
  const vat = customer.vatNumber?.trim() ?? '';
  if (vat !== '' && vat !== (current.vatRegistrationId ?? '')) change.vatRegistrationId = { value: vat };

  const contact = contactOf(customer, name || (current.name ?? ''));
  const had = current.mainContact ?? {};
  const contactDiffers =
    (contact.name?.value ?? '') !== (had.name ?? '') ||
    (contact.attention !== undefined && contact.attention.value !== (had.attention ?? '')) ||
    (contact.email?.value ?? '').toLowerCase() !== (had.email ?? '').trim().toLowerCase() ||
    (contact.phone1 !== undefined && contact.phone1.value !== (had.phone1 ?? ''));
  if (contactDiffers) change.mainContact = { value: contact };

  const address = addressOf(customer.billingAddress);
  const at = current.mainAddress ?? {};
  const differs = (wanted: { value: string } | undefined, have: string | null | undefined): boolean => wanted !== undefined && wanted.value !== (have ?? '');
  const addressDiffers =
    differs(address.addressLine1, at.addressLine1) ||
    differs(address.addressLine2, at.addressLine2) ||
    differs(address.postalCode, at.postalCode) ||
    differs(address.city, at.city) ||
    differs(address.countryId, at.country?.id) ||
    differs(address.county, at.county?.id);
  if (addressDiffers) change.mainAddress = { value: address };
  return Object.keys(change).length > 0 ? change : undefined;
}

function supplierName(customer: SalesCustomer): string {
  return (customer.company?.trim() || customer.name.trim()).slice(0, MAX_NAME);
}

function contactOf(customer: SalesCustomer, legalName: string): VismaSupplierContactDraft {
  const draft: VismaSupplierContactDraft = { name: { value: legalName }, email: { value: customer.email.trim() } };
  const person = customer.name.trim();
  if (customer.company?.trim() && person !== '' && person !== legalName) draft.attention = { value: person };
  const phone = customer.phone ?? customer.billingAddress.phone;
  if (phone !== undefined && phone.trim() !== '') draft.phone1 = { value: phone.trim() };
  return draft;
}

function addressOf(a: PostalAddress): VismaSupplierAddressDraft {
  const draft: VismaSupplierAddressDraft = {};
  if (a.line1 !== '') draft.addressLine1 = { value: a.line1 };
  if (a.line2 !== undefined && a.line2 !== '') draft.addressLine2 = { value: a.line2 };
  if (a.postalCode !== '') draft.postalCode = { value: a.postalCode };
  if (a.city !== '') draft.city = { value: a.city };
  if (a.countryCode !== '') draft.countryId = { value: a.countryCode };
  if (a.region !== undefined && a.region !== '') draft.county = { value: a.region };
  return draft;
}
