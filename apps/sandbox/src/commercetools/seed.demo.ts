/**
 * The demo project (ours, not commercetools'): stores `no` (Norway, NOK) and `se` (Sweden, SEK), three tax
 * categories, four products with inventory, two customers, and seven orders with payments, written through the
 * control service so versions, dates and Messages are those the API would produce:
 * - NO-1001 card: Authorization then Charge, both Success; Paid, Confirmed.
 * - NO-1002 card Charge Success, discount code WELCOME50 (−50 NOK on the total), then a partial Refund of 100 NOK.
 * - NO-1003 gift card (200 NOK) + card for the rest, both charged; guest customer.
 * - NO-1004 card Authorization, cancelled before any charge (CancelAuthorization; orderState Cancelled).
 * - SE-2001 card Charge Success, UnitPriceLevel tax calculation. Its writes share their millisecond with NO-1003's,
 *   so `lastModifiedAt` ties exist and key cursors must break them by `id`.
 * - SE-2002 three mugs at 10 % off each, two shipping methods (shippingMode Multiple), card Charge still Pending.
 * - SE-2003 guest, book + gift wrapping (a custom line item), card Charge Success.
 */
import { CommercetoolsControl } from './control.service';
import { COMMERCETOOLS_DEMO, COMMERCETOOLS_PRODUCTS, COMMERCETOOLS_STORES, COMMERCETOOLS_TAX_CATEGORIES } from './demo.constants';
import type { Json } from './json';
import { centMoney } from './money';
import type { OrderDraftInput } from './order-builder';
import type { CommercetoolsState, ModifiedBy } from './state';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MERCHANT: ModifiedBy = { clientId: COMMERCETOOLS_DEMO.storefrontClientId, isPlatformClient: false };

function seedCatalog(state: CommercetoolsState, atMs: number): void {
  state.at(atMs, () => {
    for (const s of COMMERCETOOLS_STORES) {
      state.commit('stores', { id: state.newId(), key: s.key, name: { en: s.name }, languages: [s.language, 'en'], countries: [{ code: s.country }], distributionChannels: [], supplyChannels: [], productSelections: [] }, [{ type: 'StoreCreated', payload: (saved) => ({ name: saved['name'], languages: saved['languages'], countries: saved['countries'], distributionChannels: [], supplyChannels: [], productSelections: [] }) }], MERCHANT, true);
    }
    const categoryIds = new Map<string, string>();
    for (const c of COMMERCETOOLS_TAX_CATEGORIES) {
      const id = state.newId();
      categoryIds.set(c.key, id);
      state.commit('tax-categories', { id, key: c.key, name: c.name, rates: c.rates.map((r) => ({ ...r, includedInPrice: true, subRates: [] })) }, [], MERCHANT, true);
    }
    const productTypeId = state.newId();
    for (const p of COMMERCETOOLS_PRODUCTS) {
      const data = {
        name: { en: p.name },
        categories: [],
        slug: { en: p.key },
        masterVariant: { id: 1, sku: p.sku, prices: (['NOK', 'SEK'] as const).map((cur) => ({ id: state.newId(), value: centMoney(cur, p.prices[cur]) })), images: [], attributes: [], assets: [] },
        variants: [],
        searchKeywords: {},
        attributes: [],
      };
      state.commit('products', { id: state.newId(), key: p.key, productType: { typeId: 'product-type', id: productTypeId }, masterData: { current: structuredClone(data), staged: data, published: true, hasStagedChanges: false }, taxCategory: { typeId: 'tax-category', id: categoryIds.get(p.taxCategory) } }, [], MERCHANT, true);
      state.commit('inventory', { id: state.newId(), key: `stock-${p.key}`, sku: p.sku, quantityOnStock: p.stock, availableQuantity: p.stock }, [{ type: 'InventoryEntryCreated', payload: (saved) => ({ inventoryEntry: saved }) }], MERCHANT, true);
    }
  });
}

/** A draft override where `undefined` removes a default (e.g. `customerId` of a guest order). */
type LooseDraft = { [K in keyof OrderDraftInput]?: OrderDraftInput[K] | undefined } & Pick<OrderDraftInput, 'lines' | 'orderNumber'>;

const address = (firstName: string, lastName: string, streetName: string, postalCode: string, city: string, country: string, email: string): Json => ({ firstName, lastName, streetName, postalCode, city, country, email });

/** Seeds the demo project; records are dated from `startMs` on (the sandbox dates it a week before its start). */
export function seedDemo(state: CommercetoolsState, startMs: number): void {
  const control = new CommercetoolsControl(state);
  seedCatalog(state, startMs - DAY);
  const at = (days: number, hours: number, fn: () => void, minutes = 0): void => state.at(startMs + days * DAY + hours * HOUR + minutes * MINUTE, fn);
  const kariAddress = address('Kari', 'Nordmann', 'Storgata 12', '0155', 'Oslo', 'NO', 'kari.nordmann@example.no');
  const svenAddress = address('Sven', 'Svensson', 'Drottninggatan 5', '111 51', 'Stockholm', 'SE', 'sven.svensson@example.se');
  let kari: Json = {};
  let sven: Json = {};
  at(-1, 2, () => {
    kari = control.createCustomer({ email: 'kari.nordmann@example.no', firstName: 'Kari', lastName: 'Nordmann', addresses: [kariAddress], defaultBillingAddress: 0, defaultShippingAddress: 0, locale: 'nb', storeKeys: ['no'] });
    sven = control.createCustomer({ email: 'sven.svensson@example.se', firstName: 'Sven', lastName: 'Svensson', addresses: [svenAddress], defaultBillingAddress: 0, defaultShippingAddress: 0, locale: 'sv', storeKeys: ['se'] });
  });
  const no = (extra: LooseDraft): OrderDraftInput => ({ storeKey: 'no', country: 'NO', currency: 'NOK', locale: 'nb', customerId: String(kari['id']), customerEmail: 'kari.nordmann@example.no', shippingAddress: kariAddress, billingAddress: kariAddress, shipping: { name: 'Posten', centAmount: 4_900, taxRate: 0.25, taxName: 'MVA 25%' }, ...extra }) as OrderDraftInput;
  const se = (extra: LooseDraft): OrderDraftInput => ({ storeKey: 'se', country: 'SE', currency: 'SEK', locale: 'sv', customerId: String(sven['id']), customerEmail: 'sven.svensson@example.se', shippingAddress: svenAddress, billingAddress: svenAddress, shipping: { name: 'PostNord', centAmount: 4_900, taxRate: 0.25, taxName: 'Moms 25%' }, ...extra }) as OrderDraftInput;
  const paid = (orderNumber: string, payments: Array<Parameters<CommercetoolsControl['addPayment']>[1]>, days: number, hours: number, paymentState = 'Paid'): void => {
    at(days, hours, () => payments.forEach((p) => control.addPayment(orderNumber, p)), 6);
    at(days, hours, () => control.changePaymentState(orderNumber, paymentState), 12);
  };

  at(0, 9, () => control.createOrder(no({ orderNumber: 'NO-1001', lines: [{ sku: 'CT-MUG-01', quantity: 2 }, { sku: 'CT-COFFEE-500', quantity: 1 }] })));
  paid('NO-1001', [{ method: 'creditCard', key: 'pay-NO-1001', transactions: [{ type: 'Authorization' }, { type: 'Charge' }] }], 0, 9);
  at(0, 10, () => control.changeOrderState('NO-1001', 'Confirmed'));

  at(1, 10, () => control.createOrder(no({ orderNumber: 'NO-1002', lines: [{ sku: 'CT-TEE-M', quantity: 1 }, { sku: 'CT-BOOK-01', quantity: 1 }], discountCode: { code: 'WELCOME50', centAmount: 5_000 } })));
  paid('NO-1002', [{ method: 'creditCard', key: 'pay-NO-1002', transactions: [{ type: 'Charge' }] }], 1, 10);
  at(2, 15, () => control.addTransaction('pay-NO-1002', { type: 'Refund', centAmount: 10_000, state: 'Success' }));

  const guest = address('Ola', 'Gjest', 'Kirkegata 3', '7011', 'Trondheim', 'NO', 'ola.gjest@example.no');
  at(2, 12, () => control.createOrder(no({ orderNumber: 'NO-1003', customerId: undefined, customerEmail: 'ola.gjest@example.no', shippingAddress: guest, billingAddress: guest, lines: [{ sku: 'CT-BOOK-01', quantity: 1 }, { sku: 'CT-COFFEE-500', quantity: 2 }] })));
  const no1003Total = Number((control.order('NO-1003')['totalPrice'] as Json)['centAmount']);
  paid('NO-1003', [{ method: 'giftcard', paymentInterface: 'sandbox-giftcards', key: 'pay-NO-1003-gift', amountPlannedCentAmount: 20_000, transactions: [{ type: 'Charge' }] }, { method: 'creditCard', key: 'pay-NO-1003-card', amountPlannedCentAmount: no1003Total - 20_000, transactions: [{ type: 'Charge' }] }], 2, 12);

  at(3, 8, () => control.createOrder(no({ orderNumber: 'NO-1004', lines: [{ sku: 'CT-MUG-01', quantity: 1 }] })));
  paid('NO-1004', [{ method: 'creditCard', key: 'pay-NO-1004', transactions: [{ type: 'Authorization' }] }], 3, 8, 'Pending');
  at(3, 11, () => {
    control.addTransaction('pay-NO-1004', { type: 'CancelAuthorization', state: 'Success' });
    control.changeOrderState('NO-1004', 'Cancelled');
  });

  at(2, 12, () => control.createOrder(se({ orderNumber: 'SE-2001', lines: [{ sku: 'CT-TEE-M', quantity: 1 }, { sku: 'CT-COFFEE-500', quantity: 2 }], taxCalculationMode: 'UnitPriceLevel' })));
  paid('SE-2001', [{ method: 'creditCard', key: 'pay-SE-2001', transactions: [{ type: 'Charge' }] }], 2, 12);

  at(4, 14, () => control.createOrder(se({ orderNumber: 'SE-2002', lines: [{ sku: 'CT-MUG-01', quantity: 3, discountCentAmount: 2_290 }], shipping: undefined, shippings: [{ key: 'home', name: 'PostNord', centAmount: 4_900, taxRate: 0.25, taxName: 'Moms 25%', address: svenAddress }, { key: 'office', name: 'Budbee', centAmount: 3_900, taxRate: 0.25, taxName: 'Moms 25%', address: { ...svenAddress, streetName: 'Kungsgatan 40', postalCode: '111 35' } }] })));
  paid('SE-2002', [{ method: 'creditCard', key: 'pay-SE-2002', transactions: [{ type: 'Charge', state: 'Pending' }] }], 4, 14, 'Pending');

  const anna = address('Anna', 'Andersson', 'Storgatan 1', '411 38', 'Göteborg', 'SE', 'anna.andersson@example.se');
  at(5, 16, () => control.createOrder(se({ orderNumber: 'SE-2003', customerId: undefined, customerEmail: 'anna.andersson@example.se', shippingAddress: anna, billingAddress: anna, lines: [{ sku: 'CT-BOOK-01', quantity: 1 }], customLines: [{ name: 'Gift wrapping', centAmount: 2_900, taxRate: 0.25, taxName: 'Moms 25%' }] })));
  paid('SE-2003', [{ method: 'creditCard', key: 'pay-SE-2003', transactions: [{ type: 'Charge' }] }], 5, 16);
}
