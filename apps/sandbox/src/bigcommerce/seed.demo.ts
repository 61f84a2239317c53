/**
 * OUR demo data (not from BigCommerce): Nordic customers and orders that cover what the official
 * examples do not — several VAT rates per order, a manual discount, shipping and handling, an
 * order-level fee, a gift-certificate line and a gift-certificate payment, digital goods, and
 * non-USD transactional currencies. Order bodies are `POST /v2/orders` shapes (amounts as strings),
 * so they go through the same parser and order math as API calls.
 */
export type DemoOrder = {
  id: number;
  dateCreated: string;
  dateModified: string;
  body: Record<string, unknown>;
  /** Facts a V2 POST cannot set (read-only): payments by gift certificate / store credit, payment status. */
  giftCertificateAmount?: string;
  paymentStatus: string;
};

const address = (first: string, last: string, street: string, city: string, zip: string, country: string, iso2: string, email: string) => ({
  first_name: first, last_name: last, company: '', street_1: street, street_2: '', city, state: '', zip, country, country_iso2: iso2, phone: '', email,
});

export const DEMO_CUSTOMERS: ReadonlyArray<{ id: number; dateCreated: string; body: Record<string, unknown> }> = [
  {
    id: 2,
    dateCreated: '2025-05-02T08:15:00Z',
    body: {
      email: 'aino.virtanen@example.fi', first_name: 'Aino', last_name: 'Virtanen', company: 'Virtanen Oy', phone: '+358 40 123 4567',
      addresses: [{ first_name: 'Aino', last_name: 'Virtanen', address1: 'Mannerheimintie 12', city: 'Helsinki', postal_code: '00100', country_code: 'FI', address_type: 'commercial' }],
    },
  },
  {
    id: 3,
    dateCreated: '2025-05-03T09:30:00Z',
    body: {
      email: 'erik.lindqvist@example.se', first_name: 'Erik', last_name: 'Lindqvist', phone: '+46 70 123 45 67',
      addresses: [{ first_name: 'Erik', last_name: 'Lindqvist', address1: 'Drottninggatan 5', city: 'Stockholm', postal_code: '111 51', country_code: 'SE', address_type: 'residential' }],
    },
  },
  {
    id: 4,
    dateCreated: '2025-05-04T10:45:00Z',
    body: {
      email: 'ingrid.hansen@example.no', first_name: 'Ingrid', last_name: 'Hansen', phone: '+47 912 34 567',
      addresses: [{ first_name: 'Ingrid', last_name: 'Hansen', address1: 'Karl Johans gate 20', city: 'Oslo', postal_code: '0159', country_code: 'NO', address_type: 'residential' }],
    },
  },
];

const fi = address('Aino', 'Virtanen', 'Mannerheimintie 12', 'Helsinki', '00100', 'Finland', 'FI', 'aino.virtanen@example.fi');
const se = address('Erik', 'Lindqvist', 'Drottninggatan 5', 'Stockholm', '111 51', 'Sweden', 'SE', 'erik.lindqvist@example.se');
const no = address('Ingrid', 'Hansen', 'Karl Johans gate 20', 'Oslo', '0159', 'Norway', 'NO', 'ingrid.hansen@example.no');
const us = address('Sam', 'Guest', '500 Congress Ave', 'Austin', '78701', 'United States', 'US', 'sam.guest@example.com');

export const DEMO_ORDERS: readonly DemoOrder[] = [
  {
    id: 301,
    dateCreated: 'Mon, 02 Jun 2025 09:00:00 +0000',
    dateModified: 'Mon, 02 Jun 2025 09:05:00 +0000',
    paymentStatus: 'captured',
    body: {
      status_id: 11, customer_id: 2, default_currency_code: 'EUR', billing_address: fi, shipping_addresses: [{ ...fi, shipping_method: 'Posti Parcel' }],
      products: [
        { name: 'Merino Wool Sweater', sku: 'MWS-GRY-M', quantity: 2, price_ex_tax: '80.00', price_inc_tax: '100.40' },
        { name: 'Organic Coffee Beans 1 kg', sku: 'COF-ORG-1KG', quantity: 3, price_ex_tax: '20.00', price_inc_tax: '22.80' },
        { name: 'Nordic Cookbook', sku: 'BOOK-NORD', quantity: 1, price_ex_tax: '30.00', price_inc_tax: '33.00' },
      ],
      shipping_cost_ex_tax: '8.00', shipping_cost_inc_tax: '10.04', discount_amount: '10.00',
      payment_method: 'Test Payment Gateway', payment_provider_id: 'demo-txn-301', external_source: 'mlc-demo (ours)',
    },
  },
  {
    id: 302,
    dateCreated: 'Tue, 03 Jun 2025 10:00:00 +0000',
    dateModified: 'Tue, 03 Jun 2025 10:00:00 +0000',
    paymentStatus: 'captured',
    body: {
      status_id: 11, customer_id: 3, default_currency_code: 'SEK', billing_address: se, shipping_addresses: [{ ...se, shipping_method: 'PostNord' }],
      products: [
        { name: 'Rain Jacket', sku: 'RJ-BLU-L', quantity: 1, price_ex_tax: '1199.20', price_inc_tax: '1499.00' },
        { name: 'Lingonberry Jam', sku: 'JAM-LING', quantity: 4, price_ex_tax: '44.64', price_inc_tax: '50.00' },
        { name: 'Swedish Design Magazine', sku: 'MAG-SDM', quantity: 2, price_ex_tax: '94.34', price_inc_tax: '100.00' },
      ],
      shipping_cost_ex_tax: '49.00', shipping_cost_inc_tax: '61.25',
      fees: [{ type: 'custom_fee', display_name_customer: 'Eco packaging', display_name_merchant: 'Eco packaging fee', source: 'mlc-demo', cost_ex_tax: '20.00', cost_inc_tax: '25.00' }],
      payment_method: 'Test Payment Gateway', payment_provider_id: 'demo-txn-302', external_source: 'mlc-demo (ours)',
    },
  },
  {
    id: 303,
    dateCreated: 'Wed, 04 Jun 2025 11:00:00 +0000',
    dateModified: 'Wed, 04 Jun 2025 11:30:00 +0000',
    paymentStatus: 'captured',
    giftCertificateAmount: '20.00',
    body: {
      status_id: 10, customer_id: 0, billing_address: us,
      products: [
        { name: 'Gift Certificate $50', sku: 'GC-50', type: 'giftcertificate', quantity: 1, price_ex_tax: '50.00', price_inc_tax: '50.00' },
        { name: 'E-book: Bookkeeping Basics', sku: 'EBOOK-BB', type: 'digital', quantity: 1, price_ex_tax: '9.99', price_inc_tax: '9.99' },
      ],
      payment_method: 'Test Payment Gateway', payment_provider_id: 'demo-txn-303', external_source: 'mlc-demo (ours)',
    },
  },
  {
    id: 304,
    dateCreated: 'Thu, 05 Jun 2025 12:00:00 +0000',
    dateModified: 'Fri, 06 Jun 2025 08:00:00 +0000',
    paymentStatus: 'captured',
    body: {
      status_id: 2, customer_id: 4, default_currency_code: 'NOK', billing_address: no, shipping_addresses: [{ ...no, shipping_method: 'Bring' }],
      products: [
        { name: 'Ski Wax Kit', sku: 'SKI-WAX', quantity: 1, price_ex_tax: '399.20', price_inc_tax: '499.00' },
        { name: 'Brown Cheese 500 g', sku: 'CHEESE-BR', quantity: 2, price_ex_tax: '86.09', price_inc_tax: '99.00' },
      ],
      shipping_cost_ex_tax: '79.20', shipping_cost_inc_tax: '99.00', handling_cost_ex_tax: '20.00', handling_cost_inc_tax: '25.00',
      payment_method: 'Test Payment Gateway', payment_provider_id: 'demo-txn-304', external_source: 'mlc-demo (ours)', items_shipped: 3,
    },
  },
];
