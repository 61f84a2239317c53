import type { MappingRulesInput } from '@mlc/mapping';

/**
 * Mapping rules of the demo Visma company "Nordlys Handel AS" (Norwegian chart of accounts in the Visma
 * sandbox seed): sales on 3000, food on 3020, shipping on 3700, gift cards sold as a liability on 2900,
 * rounding on 7770; Norwegian VAT codes 3 (25 %), 31 (15 %), 33 (12 %), 5 (0 % domestic), 52 (export, 0 %),
 * 6 (outside the VAT act) for gift cards and rounding. Foreign VAT rates are deliberately not mapped: a
 * Norwegian company cannot post Finnish or Swedish VAT, and the demo shows those orders failing with the
 * reason, as a finance admin would need to see them.
 */
export const DEMO_MAPPING_RULES: MappingRulesInput = {
  accounts: {
    byLineType: {
      product: '3000',
      shipping: '3700',
      handling: '3700',
      discount: '3000',
      'gift-card': '2900',
      fee: '3000',
      wrapping: '3000',
      rounding: '7770',
    },
    // Card payments the card scheme took back (commercetools chargebacks) are a loss on receivables.
    byRole: { chargeback: '7830' },
    overrides: [
      { match: { skuPattern: 'CHEESE-*' }, accountNumber: '3020', label: 'Food' },
      { match: { skuPattern: 'CT-COFFEE-*' }, accountNumber: '3020', label: 'Food (commercetools)' },
      { match: { skuPattern: 'CT-BOOK-*' }, accountNumber: '3100', label: 'Books, VAT-free (commercetools)' },
    ],
    receivable: '1500',
  },
  vatCodes: [
    { country: 'NO', ratePercent: '25', vatCodeId: '3' },
    { country: 'NO', ratePercent: '15', vatCodeId: '31' },
    { country: 'NO', ratePercent: '12', vatCodeId: '33' },
    { country: 'NO', ratePercent: '0', vatCodeId: '5' },
    { country: '*', ratePercent: '0', vatCodeId: '52' },
    { country: '*', lineType: 'gift-card', ratePercent: '*', vatCodeId: '6' },
  ],
  rounding: { vatCodeId: '6', maxAdjustment: '1.00' },
  invoice: { paymentMethodIds: {} },
  // Paid Adobe Commerce invoices and commercetools charges become customer payments on the bank account (the sandbox
  // seeds cash account 1920); charges paid by gift card settle against the gift-card liability (cash account 2900-GK).
  payments: { cashAccount: '1920', giftCardCashAccount: '2900-GK' },
  // commercetools products become trade goods (the sandbox's stock item class VARER, posting class HV).
  inventoryItems: { itemClass: 'VARER' },
};

/**
 * Mapping rules of the second demo company "Fjällvind Design AB" (Swedish BAS chart in the Visma sandbox seed):
 * sales at 25 % on 3001, food at 12 % on 3002 (lingonberry jam), press at 6 % on 3003 (magazines), freight on 3520,
 * öres- och kronutjämning (rounding) on 3740, receivables 1510; Swedish VAT codes MP25, MP12, MP6, MF (0 %
 * domestic), EXP (export outside the EU). The demo flow routes SEK orders and Swedish addresses here.
 */
export const DEMO_SWEDEN_MAPPING_RULES: MappingRulesInput = {
  accounts: {
    byLineType: { product: '3001', shipping: '3520', handling: '3520', discount: '3001', fee: '3001', wrapping: '3001', rounding: '3740' },
    byRole: { chargeback: '6351' },
    overrides: [
      { match: { skuPattern: 'JAM-*' }, accountNumber: '3002', label: 'Food 12 %' },
      { match: { skuPattern: 'MAG-*' }, accountNumber: '3003', label: 'Press 6 %' },
      { match: { skuPattern: 'CT-COFFEE-*' }, accountNumber: '3002', label: 'Food 12 % (commercetools)' },
      { match: { skuPattern: 'CT-BOOK-*' }, accountNumber: '3003', label: 'Books 6 % (commercetools)' },
    ],
    receivable: '1510',
  },
  vatCodes: [
    { country: 'SE', ratePercent: '25', vatCodeId: 'MP25' },
    { country: 'SE', ratePercent: '12', vatCodeId: 'MP12' },
    { country: 'SE', ratePercent: '6', vatCodeId: 'MP6' },
    { country: 'SE', ratePercent: '0', vatCodeId: 'MF' },
    { country: '*', ratePercent: '0', vatCodeId: 'EXP' },
  ],
  rounding: { vatCodeId: 'MF', maxAdjustment: '1.00' },
  invoice: { paymentMethodIds: {} },
  // Money paid back through the payment provider is recorded as a customer refund from the bank account (1930), so the
  // customer ledger and the bank both show it (payments → record refunds); Norway leaves refunds to the bank matching.
  payments: { cashAccount: '1930', giftCardCashAccount: '2421-PK', recordRefunds: true },
};
