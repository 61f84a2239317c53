/**
 * Mapping rules of a Norwegian test company (NOK) that also sells to Sweden, in EUR and in JPY.
 * VAT codes follow the Norwegian SAF-T standard tax codes (3 = 25 %, 31 = 15 %, 33 = 12 %,
 * 5 = zero-rated, 6 = outside the scope); Swedish codes are named SE25/SE12/SE6.
 */
import { type MappingRules, type MappingRulesInput, parseMappingRules } from '@mlc/mapping';

export const ACCOUNTS = {
  product: '3000',
  shipping: '3020',
  discount: '3080',
  'gift-card': '2960',
  fee: '3040',
  handling: '3030',
  wrapping: '3050',
  rounding: '7790',
  food: '3100',
  books: '3200',
  marketplace: '3300',
} as const;

export const RULES_INPUT: MappingRulesInput = {
  accounts: {
    byLineType: {
      product: ACCOUNTS.product,
      shipping: ACCOUNTS.shipping,
      discount: ACCOUNTS.discount,
      'gift-card': ACCOUNTS['gift-card'],
      fee: ACCOUNTS.fee,
      handling: ACCOUNTS.handling,
      wrapping: ACCOUNTS.wrapping,
      rounding: ACCOUNTS.rounding,
    },
    overrides: [
      { match: { channelIds: ['2'], lineTypes: ['product', 'discount'] }, accountNumber: ACCOUNTS.marketplace, label: 'Marketplace channel' },
      { match: { categoryIds: ['23'] }, accountNumber: ACCOUNTS.food, label: 'Food' },
      { match: { skuPattern: 'BOOK-*' }, accountNumber: ACCOUNTS.books, label: 'Books' },
    ],
    receivable: '1500',
  },
  subaccount: {
    segments: [
      { segmentId: 1, source: 'country', values: { NO: '10', SE: '20' }, defaultValue: '90' },
      { segmentId: 2, source: 'channel', values: { '1': 'WEB', '2': 'MKT' } },
    ],
  },
  vatCodes: [
    { country: 'NO', ratePercent: '25', vatCodeId: '3' },
    { country: 'NO', ratePercent: '15', vatCodeId: '31' },
    { country: 'NO', ratePercent: '12', vatCodeId: '33' },
    { country: 'NO', ratePercent: '0', vatCodeId: '5' },
    { country: 'SE', ratePercent: '25', vatCodeId: 'SE25' },
    { country: 'SE', ratePercent: '12', vatCodeId: 'SE12' },
    { country: 'SE', ratePercent: '6', vatCodeId: 'SE6' },
    { country: 'JP', ratePercent: '10', vatCodeId: 'JP10' },
    { country: '*', lineType: 'gift-card', ratePercent: '*', vatCodeId: '6' },
  ],
  rounding: { vatCodeId: '6', maxAdjustment: '1.00' },
  invoice: { branchNumber: '1', creditTermsId: '14D', paymentMethodIds: { '*': 'SHOP' } },
};

export function testRules(overrides: Partial<MappingRulesInput> = {}): MappingRules {
  return parseMappingRules({ ...RULES_INPUT, ...overrides });
}
