/**
 * Request bodies for Visma.net ERP sales orders and suppliers (source:
 * /work/shared/specs/visma-net/visma-net-erp-api.v1_20250424.openapi.json, components.schemas):
 * - POST /v1/salesorder → `SalesOrderUpdateDto` (lines in `lines`, `SalesOrderLineUpdateDto`; addresses
 *   `SalesOrderAddressUpdateDto`, contacts `SalesOrderContactUpdateDto`),
 * - POST /v1/supplier and PUT /v1/supplier/{supplierCd} → `SupplierUpdateDto` (`AddressUpdateDto`,
 *   `ContactInfoUpdateDto`).
 * Fields are value-wrapped (`{ "field": { "value": x } }`) except `lines`, the line's `operation` and `subaccount`
 * (array of `SegmentUpdateDto`). Decimals are JSON numbers built from minor units by `minorToJsonNumber`.
 * Only the fields this connector sets are listed.
 */
import type { VismaSegmentDraft, VismaValue } from './visma-documents.dto';

/** `SalesOrderLineUpdateDto`. There is no account field: Visma takes the sales account from the item when invoicing. */
export type VismaSalesOrderLineDraft = {
  operation: 'Insert';
  lineNbr: VismaValue<number>;
  /** "Mandatory field" in the spec (`inventoryId` is deprecated). */
  inventoryNumber: VismaValue<string>;
  lineDescription: VismaValue<string>;
  quantity: VismaValue<number>;
  /** Excluding VAT, major units as a JSON number. */
  unitPrice: VismaValue<number>;
  /** The line's VAT category (the same id the invoice line sends as `vatCodeId`). */
  taxCategory: VismaValue<string>;
  uom?: VismaValue<string>;
  subaccount?: VismaSegmentDraft[];
  branchNumber?: VismaValue<string>;
};

/** `SalesOrderAddressUpdateDto`. */
export type VismaSalesOrderAddressDraft = {
  overrideAddress: VismaValue<boolean>;
  addressLine1: VismaValue<string>;
  addressLine2?: VismaValue<string>;
  postalCode: VismaValue<string>;
  city: VismaValue<string>;
  countryId?: VismaValue<string>;
  county?: VismaValue<string>;
};

/** `SalesOrderContactUpdateDto`. */
export type VismaSalesOrderContactDraft = {
  overrideContact: VismaValue<boolean>;
  name: VismaValue<string>;
  email?: VismaValue<string>;
  phone1?: VismaValue<string>;
};

/** Body of POST /v1/salesorder (`SalesOrderUpdateDto`). */
export type VismaSalesOrderDraft = {
  orderType: VismaValue<string>;
  /** Our exactly-once key, sent with `overrideNumberSeries: true` (numbering mode `own-number`). */
  orderNumber?: VismaValue<string>;
  overrideNumberSeries?: VismaValue<boolean>;
  customer: VismaValue<string>;
  date: VismaValue<string>;
  requestOn: VismaValue<string>;
  /** The shop order number, as the customer knows it ("Customer order"). */
  customerOrder: VismaValue<string>;
  /** Our external reference ("External reference … in a third-party application"); checked on look-up. */
  customerRefNo: VismaValue<string>;
  currency: VismaValue<string>;
  description: VismaValue<string>;
  hold: VismaValue<boolean>;
  branchNumber?: VismaValue<string>;
  customerVATZone?: VismaValue<string>;
  terms?: VismaValue<string>;
  paymentMethod?: VismaValue<string>;
  note?: VismaValue<string>;
  soBillingAddress?: VismaValue<VismaSalesOrderAddressDraft>;
  soBillingContact?: VismaValue<VismaSalesOrderContactDraft>;
  soShippingAddress?: VismaValue<VismaSalesOrderAddressDraft>;
  soShippingContact?: VismaValue<VismaSalesOrderContactDraft>;
  lines: VismaSalesOrderLineDraft[];
};

/** `AddressUpdateDto` (supplier addresses). */
export type VismaSupplierAddressDraft = {
  addressLine1?: VismaValue<string>;
  addressLine2?: VismaValue<string>;
  postalCode?: VismaValue<string>;
  city?: VismaValue<string>;
  countryId?: VismaValue<string>;
  county?: VismaValue<string>;
};

/** `ContactInfoUpdateDto` (supplier contacts). */
export type VismaSupplierContactDraft = {
  name?: VismaValue<string>;
  attention?: VismaValue<string>;
  email?: VismaValue<string>;
  phone1?: VismaValue<string>;
};

/** Body of PUT /v1/supplier/{supplierCd} (`SupplierUpdateDto`): only the fields that change. */
export type VismaSupplierUpdateDraft = {
  name?: VismaValue<string>;
  vatRegistrationId?: VismaValue<string>;
  mainAddress?: VismaValue<VismaSupplierAddressDraft>;
  mainContact?: VismaValue<VismaSupplierContactDraft>;
};

/** Body of POST /v1/supplier (`SupplierUpdateDto`); `name` and `supplierClassId` are "Mandatory field"s. */
export type VismaSupplierDraft = VismaSupplierUpdateDraft & {
  name: VismaValue<string>;
  number?: VismaValue<string>;
  overrideNumberSeries?: VismaValue<boolean>;
  status: VismaValue<'Active'>;
  supplierClassId: VismaValue<string>;
  currencyId?: VismaValue<string>;
  creditTermsId?: VismaValue<string>;
  paymentMethodId?: VismaValue<string>;
  vatZoneId?: VismaValue<string>;
  mainContact: VismaValue<VismaSupplierContactDraft>;
};
