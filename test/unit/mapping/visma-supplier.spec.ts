/**
 * toVismaSupplier / toVismaSupplierUpdate: the shop customer comes from the official BigCommerce sample order
 * (bigcommerce-order.factory.ts); every body is validated against the official SupplierUpdateDto (test/fixtures/visma
 * subset, ajv with additionalProperties: false) and the connector's own request schema.
 */
import { VISMA_SUPPLIER_CREATE_DOCUMENT, VISMA_SUPPLIER_DOCUMENT } from '@mlc/connectors';
import {
  type SalesCustomer,
  type VismaSupplierCurrent,
  bigCommerceOrderToSalesDocument,
  parseVismaSupplierSettings,
  toVismaSupplier,
  toVismaSupplierUpdate,
} from '@mlc/mapping';
import { VismaSchemaValidator } from '../../integration/sandbox/visma/visma-sandbox.helpers';
import { buildOrderBundle } from './bigcommerce-order.factory';

const schemas = new VismaSchemaValidator({ dateTime: 'offset-optional' });
const settings = parseVismaSupplierSettings({ supplierClassId: 'NO', creditTermsId: '30', paymentMethodId: 'BANK', vatZoneId: 'NO' });
const shopCustomer = (): SalesCustomer =>
  bigCommerceOrderToSalesDocument(buildOrderBundle({ currency: 'NOK', country: 'NO', inclusive: true, lines: [{ sku: 'A-1', qty: 1, unit: '10.00', ratePercent: '25' }] }), {
    storeId: 'store-1',
    issueDate: '2025-03-31',
  }).customer;

describe('toVismaSupplier', () => {
  it.each([
    ['a person', {}, 'Jane Doe', undefined],
    ['a company with a VAT number', { company: 'Doe Handel AS', vatNumber: 'NO912345678MVA' }, 'Doe Handel AS', 'Jane Doe'],
  ] as const)('should build a SupplierUpdateDto the official schema accepts when the customer is %s', (_name, extra, name, attention) => {
    const customer = { ...shopCustomer(), ...extra };
    const result = toVismaSupplier(customer, settings, { currencyId: 'NOK' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { document } = result;

    expect(schemas.errors('SupplierUpdateDto', document)).toEqual([]);
    expect(() => VISMA_SUPPLIER_CREATE_DOCUMENT.parse(document)).not.toThrow();
    expect([document.name.value, document.status.value, document.supplierClassId.value, document.currencyId?.value]).toEqual([name, 'Active', 'NO', 'NOK']);
    expect([document.creditTermsId?.value, document.paymentMethodId?.value, document.vatZoneId?.value]).toEqual(['30', 'BANK', 'NO']);
    expect(document.mainContact.value).toEqual({
      name: { value: name },
      email: { value: 'janedoe@email.com' },
      phone1: { value: '1234567890' },
      ...(attention ? { attention: { value: attention } } : {}),
    });
    expect(document.mainAddress?.value).toEqual({
      addressLine1: { value: '555 East Street' },
      postalCode: { value: '78108' },
      city: { value: 'Austin' },
      countryId: { value: 'NO' },
      county: { value: 'Texas' },
    });
    expect(document.vatRegistrationId?.value).toBe('vatNumber' in extra ? extra.vatNumber : undefined);
    expect([document.number, document.overrideNumberSeries]).toEqual([undefined, undefined]);
  });

  it('should send our own supplier number with overrideNumberSeries when the caller chooses one', () => {
    const result = toVismaSupplier(shopCustomer(), settings, { supplierNumber: 'WEB11' });
    expect(result.ok && [result.document.number, result.document.overrideNumberSeries]).toEqual([{ value: 'WEB11' }, { value: true }]);
    expect(result.ok && schemas.errors('SupplierUpdateDto', result.document)).toEqual([]);
  });

  it('should report every problem at once when the class, the name and a valid e-mail are missing', () => {
    const customer = { ...shopCustomer(), name: ' ', email: 'not-an-address' };
    const result = toVismaSupplier(customer, parseVismaSupplierSettings({}));
    expect(result.ok ? [] : result.problems.map((p) => [p.code, p.field])).toEqual([
      ['missing-supplier-name', 'customer.name'],
      ['invalid-email', 'customer.email'],
      ['missing-supplier-class', 'supplier.supplierClassId'],
    ]);
  });
});

describe('toVismaSupplierUpdate', () => {
  const current = (): VismaSupplierCurrent => ({
    name: 'Jane Doe',
    mainContact: { name: 'Jane Doe', email: 'JaneDoe@Email.com', phone1: '1234567890' },
    mainAddress: { addressLine1: '555 East Street', postalCode: '78108', city: 'Austin', country: { id: 'NO' }, county: { id: 'Texas' } },
  });

  it('should change nothing when the supplier already matches (e-mail compared case-insensitively)', () => {
    expect(toVismaSupplierUpdate(shopCustomer(), current())).toBeUndefined();
  });

  it('should send only the changed parts, each as a whole wrapped object, when the shop customer moved and got a VAT number', () => {
    const customer = { ...shopCustomer(), vatNumber: 'NO999888777MVA', billingAddress: { ...shopCustomer().billingAddress, line1: '1 New Road', city: 'Oslo' } };
    const change = toVismaSupplierUpdate(customer, current());

    expect(change && Object.keys(change).sort()).toEqual(['mainAddress', 'vatRegistrationId']);
    expect(change?.mainAddress?.value).toMatchObject({ addressLine1: { value: '1 New Road' }, city: { value: 'Oslo' }, postalCode: { value: '78108' } });
    expect(schemas.errors('SupplierUpdateDto', change)).toEqual([]);
    expect(() => VISMA_SUPPLIER_DOCUMENT.parse(change)).not.toThrow();
  });

  it('should update the main contact and the name but never clear a VAT number the shop does not know', () => {
    const customer = { ...shopCustomer(), company: 'Doe Consulting', email: 'billing@doe.example' };
    const change = toVismaSupplierUpdate(customer, { ...current(), vatRegistrationId: 'NO123MVA' });

    expect(change).toEqual({
      name: { value: 'Doe Consulting' },
      mainContact: { value: { name: { value: 'Doe Consulting' }, attention: { value: 'Jane Doe' }, email: { value: 'billing@doe.example' }, phone1: { value: '1234567890' } } },
    });
  });
});
