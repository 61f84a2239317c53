import { VISMA_DEMO } from './visma-demo.constants';
import type { VismaCompanySeed } from './visma-seed.types';

/**
 * Swedish demo company "Fjällvind Design AB" (SEK). Chart of accounts after BAS 2024 (1510 kundfordringar,
 * 2611/2621/2631 utgående moms, 3001–3004 försäljning, 3105 export, 3740 öres- och kronutjämning).
 * VAT ids (MP25/MP12/MP6/MF/EXP) are invented sandbox names, not official Visma codes.
 */
export const SWEDEN_COMPANY_SEED: VismaCompanySeed = {
  tenantId: VISMA_DEMO.companies.sweden.tenantId,
  companyId: VISMA_DEMO.companies.sweden.companyId,
  name: VISMA_DEMO.companies.sweden.name,
  countryId: 'SE',
  baseCurrency: 'SEK',
  currencies: ['SEK', 'NOK', 'EUR', 'USD', 'DKK'],
  defaults: {
    branchNumber: '1',
    customerClassId: 'SE',
    creditTermsId: '30',
    vatZoneId: 'SE',
    arAccount: '1510',
    salesAccount: '3001',
    subaccount: ['HQ', '0000'],
    supplierVatZoneId: 'SE',
  },
  accounts: [
    { accountCD: '1510', description: 'Kundfordringar', type: 'Asset', accountClass: 'OMS', publicCode1: '1510', controlAccountModule: 'AR' },
    { accountCD: '1930', description: 'Företagskonto', type: 'Asset', accountClass: 'OMS', publicCode1: '1930', isCashAccount: true },
    { accountCD: '2421', description: 'Ej inlösta presentkort', type: 'Liability', accountClass: 'KORT', publicCode1: '2421' },
    { accountCD: '2440', description: 'Leverantörsskulder', type: 'Liability', accountClass: 'KORT', publicCode1: '2440' },
    { accountCD: '2611', description: 'Utgående moms på försäljning inom Sverige, 25 %', type: 'Liability', accountClass: 'MOMS', publicCode1: '2611' },
    { accountCD: '2621', description: 'Utgående moms på försäljning inom Sverige, 12 %', type: 'Liability', accountClass: 'MOMS', publicCode1: '2621' },
    { accountCD: '2631', description: 'Utgående moms på försäljning inom Sverige, 6 %', type: 'Liability', accountClass: 'MOMS', publicCode1: '2631' },
    { accountCD: '2650', description: 'Redovisningskonto för moms', type: 'Liability', accountClass: 'MOMS', publicCode1: '2650' },
    { accountCD: '3001', description: 'Försäljning inom Sverige, 25 % moms', type: 'Income', accountClass: 'FSG', taxCategory: 'MP25', publicCode1: '3001' },
    { accountCD: '3002', description: 'Försäljning inom Sverige, 12 % moms', type: 'Income', accountClass: 'FSG', taxCategory: 'MP12', publicCode1: '3002' },
    { accountCD: '3003', description: 'Försäljning inom Sverige, 6 % moms', type: 'Income', accountClass: 'FSG', taxCategory: 'MP6', publicCode1: '3003' },
    { accountCD: '3004', description: 'Försäljning inom Sverige, momsfri', type: 'Income', accountClass: 'FSG', taxCategory: 'MF', publicCode1: '3004' },
    { accountCD: '3105', description: 'Försäljning varor till land utanför EU', type: 'Income', accountClass: 'FSG', taxCategory: 'EXP', publicCode1: '3105' },
    { accountCD: '3520', description: 'Fakturerade frakter', type: 'Income', accountClass: 'FSG', taxCategory: 'MP25', publicCode1: '3520' },
    { accountCD: '3740', description: 'Öres- och kronutjämning', type: 'Income', accountClass: 'FSG', taxCategory: 'MF', publicCode1: '3740' },
    { accountCD: '4010', description: 'Inköp material och varor', type: 'Expense', accountClass: 'KOST', publicCode1: '4010' },
    { accountCD: '6351', description: 'Konstaterade förluster på kundfordringar (återkrävda kortbetalningar)', type: 'Expense', accountClass: 'KOST', publicCode1: '6351' },
  ],
  vats: [
    { vatId: 'MP25', description: 'Utgående moms 25 %', rateBasisPoints: 2500, isExempt: false, vismaXmlVatType: 'VatTypeHigh', payableAccount: '2611' },
    { vatId: 'MP12', description: 'Utgående moms 12 %', rateBasisPoints: 1200, isExempt: false, vismaXmlVatType: 'VatTypeMedium', payableAccount: '2621' },
    { vatId: 'MP6', description: 'Utgående moms 6 %', rateBasisPoints: 600, isExempt: false, vismaXmlVatType: 'VatTypeLow', payableAccount: '2631' },
    { vatId: 'MF', description: 'Momsfri försäljning 0 %', rateBasisPoints: 0, isExempt: true, vismaXmlVatType: 'VatTypeZero', payableAccount: '2611' },
    { vatId: 'EXP', description: 'Export utanför EU 0 %', rateBasisPoints: 0, isExempt: true, vismaXmlVatType: 'VatTypeZero', payableAccount: '2611' },
  ],
  vatCategories: [
    { vatCategoryId: 'MP25', description: 'Moms 25 %', vatId: 'MP25' },
    { vatCategoryId: 'MP12', description: 'Moms 12 %', vatId: 'MP12' },
    { vatCategoryId: 'MP6', description: 'Moms 6 %', vatId: 'MP6' },
    { vatCategoryId: 'MF', description: 'Momsfri', vatId: 'MF' },
    { vatCategoryId: 'EXP', description: 'Export', vatId: 'EXP' },
  ],
  vatZones: [
    { id: 'SE', description: 'Sverige', defaultVatCategory: 'MP25' },
    { id: 'EXPORT', description: 'Export', defaultVatCategory: 'EXP' },
  ],
  dimensions: [
    {
      id: 'SUBACCOUNT',
      description: 'Objekt',
      segments: [
        {
          segmentId: 1,
          description: 'Avdelning',
          length: 6,
          values: [
            { valueId: 'HQ', description: 'Administration' },
            { valueId: 'WEB', description: 'Webbutik' },
            { valueId: 'RETAIL', description: 'Butik' },
          ],
        },
        {
          segmentId: 2,
          description: 'Projekt',
          length: 4,
          values: [
            { valueId: '0000', description: 'Inget projekt' },
            { valueId: 'P100', description: 'Sommarkampanj' },
          ],
        },
      ],
    },
    {
      id: 'PROJECT',
      description: 'Projekt-ID',
      segments: [{ segmentId: 1, description: 'Projekt', length: 10, values: [] }],
    },
    { id: 'ACCOUNT', description: 'Kontonummer', segments: [{ segmentId: 1, description: 'Konto', length: 10, values: [] }] },
    { id: 'CUSTOMER', description: 'Kundnummer', segments: [{ segmentId: 1, description: 'Kund', length: 10, values: [] }] },
  ],
  subaccounts: [
    { segmentValues: ['HQ', '0000'], description: 'Administration - Inget projekt' },
    { segmentValues: ['WEB', '0000'], description: 'Webbutik - Inget projekt' },
    { segmentValues: ['RETAIL', '0000'], description: 'Butik - Inget projekt' },
  ],
  branches: [
    {
      branchId: 1,
      number: '1',
      name: 'Fjällvind Design AB',
      corporateId: '5591234567',
      vatRegistrationId: 'SE559123456701',
      addressLine1: 'Drottninggatan 10',
      postalCode: '111 51',
      city: 'Stockholm',
      countryId: 'SE',
    },
  ],
  creditTerms: [
    { id: '10', description: '10 dagar netto', dueDays: 10 },
    { id: '30', description: '30 dagar netto', dueDays: 30 },
  ],
  customerClasses: [
    { id: 'SE', description: 'Svenska kunder' },
    { id: 'EXP', description: 'Exportkunder' },
  ],
  customers: [
    {
      number: '20000',
      name: 'Göteborgs Möbler AB',
      email: 'order@gbgmobler.example',
      corporateId: '5560001111',
      vatRegistrationId: 'SE556000111101',
      addressLine1: 'Avenyn 3',
      postalCode: '411 36',
      city: 'Göteborg',
      countryId: 'SE',
      createdDateTime: '2024-02-01T07:45:00.000Z',
    },
    {
      number: '20001',
      name: 'Sven Svensson',
      email: 'sven.svensson@example.se',
      countryId: 'SE',
      city: 'Uppsala',
      createdDateTime: '2024-05-05T15:00:00.000Z',
    },
  ],
  inventoryItems: [
    { inventoryNumber: 'LAMPA-01', description: 'Bordslampa', type: 'StockItem', uom: 'ST', defaultPriceMinor: 89900, vatCategoryId: 'MP25' },
    { inventoryNumber: 'BOK-01', description: 'Designbok', type: 'StockItem', uom: 'ST', defaultPriceMinor: 29900, vatCategoryId: 'MP6' },
    { inventoryNumber: 'FRAKT', description: 'Frakt', type: 'NonStockItem', uom: 'ST', defaultPriceMinor: 0, vatCategoryId: 'MP25' },
    { inventoryNumber: 'RABATT', description: 'Rabatt', type: 'NonStockItem', uom: 'ST', defaultPriceMinor: 0, vatCategoryId: 'MP25' },
    { inventoryNumber: 'AVRUNDNING', description: 'Öresavrundning', type: 'NonStockItem', uom: 'ST', defaultPriceMinor: 0, vatCategoryId: 'MF' },
  ],
  orderTypes: [{ orderType: 'SO', description: 'Försäljningsorder' }],
  supplierClasses: [{ id: 'SE', description: 'Svenska leverantörer', paymentMethodId: 'BG', creditTermsId: '30' }],
  suppliers: [
    {
      number: '70000',
      name: 'Nordisk Trä AB',
      supplierClassId: 'SE',
      email: 'faktura@nordisktra.example',
      vatRegistrationId: 'SE556677889901',
      countryId: 'SE',
      city: 'Växjö',
      createdDateTime: '2024-03-03T10:00:00.000Z',
    },
  ],
  referenceDataModified: '2024-01-01T00:00:00.000Z',
  /** Bank accounts customer payments are booked on (the `cashAccount` of PaymentUpdateDto). */
  cashAccounts: [
    { cashAccountId: '1930', description: 'Företagskonto SEK', accountCD: '1930', currencyId: 'SEK' },
    // Redeemed gift cards settle invoices against the gift-card liability (2421), not the bank.
    { cashAccountId: '2421-PK', description: 'Presentkort (inlösta)', accountCD: '2421', currencyId: 'SEK' },
  ],
};
