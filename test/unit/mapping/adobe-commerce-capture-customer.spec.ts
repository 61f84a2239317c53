import { type AcCustomer, type AcInvoice, adobeCommerceCustomerToSalesCustomer, adobeCommerceInvoiceToSalesCapture, MappingError } from '@mlc/mapping';
import { customer2, invoice3 } from './adobe-commerce.factory';

describe('adobeCommerceInvoiceToSalesCapture', () => {
  it('should read the official invoice 3 as a paid capture of order 3', () => {
    const capture = adobeCommerceInvoiceToSalesCapture(invoice3(), { storeId: 'default', orderIncrementId: '000000003', paymentMethod: 'banktransfer' });
    expect(capture).toEqual({
      source: { system: 'adobe-commerce', storeId: 'default', orderId: '3', externalReference: 'ac:default:3:c3' },
      invoiceExternalReference: 'ac:default:3',
      captureNumber: '000000003', captureDate: '2017-08-21', isPaid: true, isCanceled: false,
      currency: 'USD', amountMinor: 16500, paymentMethod: 'banktransfer', orderNumber: '000000003',
    });
  });

  it.each<[string, Partial<AcInvoice>, { isPaid: boolean; isCanceled: boolean; currency: string; amountMinor: number }]>([
    ['paid (state 2)', { state: 2 }, { isPaid: true, isCanceled: false, currency: 'USD', amountMinor: 16500 }],
    ['open: authorised, not captured yet (state 1)', { state: 1 }, { isPaid: false, isCanceled: false, currency: 'USD', amountMinor: 16500 }],
    ['canceled (state 3)', { state: 3 }, { isPaid: false, isCanceled: true, currency: 'USD', amountMinor: 16500 }],
    ['in SEK from a NOK-based website: grand_total, never base_grand_total', { order_currency_code: 'SEK', base_currency_code: 'NOK', grand_total: 1027.63, base_grand_total: 1056.04 }, { isPaid: true, isCanceled: false, currency: 'SEK', amountMinor: 102763 }],
    ['in yen (no minor unit)', { order_currency_code: 'JPY', grand_total: 16500 }, { isPaid: true, isCanceled: false, currency: 'JPY', amountMinor: 16500 }],
  ])('should map an invoice %s', (_name, patch, expected) => {
    const capture = adobeCommerceInvoiceToSalesCapture({ ...invoice3(), ...patch }, { storeId: 'default' });
    expect(capture).toMatchObject(expected);
    expect(capture).toMatchObject({ orderNumber: '', paymentMethod: '' });
  });

  it.each<[string, Partial<AcInvoice>, string]>([
    ['no currency', { order_currency_code: null }, 'order_currency_code'],
    ['no grand total', { grand_total: undefined }, 'grand_total'],
    ['an unknown state', { state: 7 }, 'state'],
    ['no created_at', { created_at: null }, 'created_at'],
    ['an order id that is not an integer', { order_id: 3.5 }, 'order_id'],
  ])('should throw a MappingError for %s', (_name, patch, field) => {
    const act = () => adobeCommerceInvoiceToSalesCapture({ ...invoice3(), ...patch }, { storeId: 'default' });
    expect(act).toThrow(MappingError);
    expect(act).toThrow(expect.objectContaining({ field }) as Error);
  });
});

describe('adobeCommerceCustomerToSalesCustomer', () => {
  it('should read the official customer 2 with its default billing address', () => {
    expect(adobeCommerceCustomerToSalesCustomer(customer2())).toEqual({
      email: 'jdoe@example.com', name: 'Jane Doe', phone: '512-555-1111', shopCustomerId: '2',
      billingAddress: { name: 'Jane Doe', line1: '123 Oak Ave', postalCode: '10755', city: 'Purchase', region: 'New York', countryCode: 'US', phone: '512-555-1111' },
    });
  });

  it.each<[string, (c: AcCustomer) => AcCustomer, Record<string, unknown>]>([
    ['taxvat as the VAT number', (c) => ({ ...c, taxvat: 'NO999999999MVA' }), { vatNumber: 'NO999999999MVA' }],
    ['the billing address\'s vat_id when taxvat is empty', (c) => ({ ...c, addresses: [{ ...c.addresses?.[0], vat_id: 'SE556677889901', company: 'Doe AB' }] }), { vatNumber: 'SE556677889901', company: 'Doe AB' }],
    ['the address named by default_billing, and the default shipping address when it is another', (c) => ({
      ...c, default_billing: '5', default_shipping: '2',
      addresses: [{ ...c.addresses?.[0], default_billing: false }, { id: 5, firstname: 'Jane', lastname: 'Doe', company: 'Doe AS', street: ['Storgata 1', 'Oppgang B'], city: 'Oslo', postcode: '0155', country_id: 'no', telephone: '+47 22 00 00 00' }],
    }), {
      company: 'Doe AS', billingAddress: { name: 'Jane Doe', company: 'Doe AS', line1: 'Storgata 1', line2: 'Oppgang B', postalCode: '0155', city: 'Oslo', countryCode: 'NO', phone: '+47 22 00 00 00' },
      shippingAddress: { name: 'Jane Doe', line1: '123 Oak Ave', postalCode: '10755', city: 'Purchase', region: 'New York', countryCode: 'US', phone: '512-555-1111' },
    }],
    ['no addresses at all', (c) => ({ ...c, addresses: [] }), { billingAddress: { name: 'Jane Doe', line1: '', postalCode: '', city: '', countryCode: '' } }],
  ])('should read %s', (_name, patch, expected) => {
    expect(adobeCommerceCustomerToSalesCustomer(patch(customer2()))).toMatchObject(expected);
  });

  it('should throw a MappingError naming email for a customer without one', () => {
    expect(() => adobeCommerceCustomerToSalesCustomer({ ...customer2(), email: ' ' })).toThrow(expect.objectContaining({ field: 'email' }) as Error);
  });
});
