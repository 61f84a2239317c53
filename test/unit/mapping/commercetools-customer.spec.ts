import { commercetoolsAddress, commercetoolsCustomerToSalesCustomer, commercetoolsOrderCustomer, type CtCustomer, MappingError } from '@mlc/mapping';
import { buildOrder, officialCustomerExample, TWO_RATES } from './commercetools.factory';

describe('commercetoolsCustomerToSalesCustomer', () => {
  it('should map the official customer.example.json (no addresses)', () => {
    expect(commercetoolsCustomerToSalesCustomer(officialCustomerExample())).toEqual({
      email: 'johndoe@example.com', name: 'John Doe', shopCustomerId: '3cdcdcc8-80c5-41bb-abb5-ac8772c9cc24',
      billingAddress: { name: 'John Doe', line1: '', postalCode: '', city: '', countryCode: '' },
    });
  });

  it('should take the default billing and shipping addresses, company and VAT id', () => {
    const customer: CtCustomer = {
      ...officialCustomerExample(), companyName: 'Nordmann AS', vatId: 'NO999999999MVA',
      addresses: [
        { id: 'a1', firstName: 'John', lastName: 'Doe', streetName: 'Storgata', streetNumber: '1', additionalStreetInfo: 'Oppgang B', pOBox: '12', postalCode: '0155', city: 'Oslo', country: 'no', phone: '+47 22 00 00 00' },
        { id: 'a2', firstName: 'Jane', lastName: 'Doe', streetName: 'Kungsgatan', streetNumber: '5', postalCode: '111 43', city: 'Stockholm', state: 'Stockholm', country: 'SE', mobile: '+46 70 000 00 00' },
      ],
      defaultBillingAddressId: 'a1', shippingAddressIds: ['a2'],
    };
    expect(commercetoolsCustomerToSalesCustomer(customer)).toEqual({
      email: 'johndoe@example.com', name: 'John Doe', company: 'Nordmann AS', phone: '+47 22 00 00 00', vatNumber: 'NO999999999MVA',
      shopCustomerId: '3cdcdcc8-80c5-41bb-abb5-ac8772c9cc24',
      billingAddress: { name: 'John Doe', line1: 'Storgata 1', line2: 'Oppgang B, PO Box 12', postalCode: '0155', city: 'Oslo', countryCode: 'NO', phone: '+47 22 00 00 00' },
      shippingAddress: { name: 'Jane Doe', line1: 'Kungsgatan 5', postalCode: '111 43', city: 'Stockholm', region: 'Stockholm', countryCode: 'SE', phone: '+46 70 000 00 00' },
    });
  });

  it('should reject a customer without e-mail naming the field', () => {
    expect(() => commercetoolsCustomerToSalesCustomer({ ...officialCustomerExample(), email: ' ' })).toThrow(MappingError);
    expect(() => commercetoolsCustomerToSalesCustomer({ ...officialCustomerExample(), email: '' })).toThrow(/^email: /);
  });
});

describe('commercetoolsOrderCustomer', () => {
  it('should read the buyer of an order from customerEmail and the addresses', () => {
    const order = buildOrder(TWO_RATES);
    order.customerId = 'c-42';
    order.billingAddress = { ...order.billingAddress, company: 'Nordmann AS', email: 'billing@example.no' };
    expect(commercetoolsOrderCustomer(order)).toMatchObject({
      email: 'kari@example.no', name: 'Kari Nordmann', company: 'Nordmann AS', shopCustomerId: 'c-42',
      billingAddress: { line1: 'Storgata 1', city: 'Oslo', countryCode: 'NO', email: 'billing@example.no' }, shippingAddress: { name: 'Kari Nordmann' },
    });
  });

  it('should fall back to the company and then the given name for an address without names', () => {
    expect(commercetoolsAddress({ company: 'ACME', country: 'de' }, 'x').name).toBe('ACME');
    expect(commercetoolsAddress(undefined, 'fallback')).toEqual({ name: 'fallback', line1: '', postalCode: '', city: '', countryCode: '' });
  });
});
