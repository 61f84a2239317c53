import type { VismaInventoryItemSeed } from './visma-seed.types';
import type { VismaPurchaseOrderSeed, VismaSupplierInvoiceSeed } from './visma-supplier-invoice.types';

/**
 * Procurement demo data of "Nordlys Handel AS" (base NOK): purchase orders and the supplier invoices that bill them.
 * `WS12-M-Orange` (Radiant Tee) and `MH01-S-Gray` (Chaz Kangeroo Hoodie) are Adobe Commerce (Luma) demo SKUs;
 * `NO-SUCH-SKU-1` is a Visma item the shop does not sell; `FRAKT` is a freight line with no purchase order. Invoice
 * 100002 is in SEK (rate 1.0215 NOK per SEK), so its base-currency figures differ. Invented demo data.
 */
export const NORWAY_PROCUREMENT_ITEMS: VismaInventoryItemSeed[] = [
  { inventoryNumber: 'WS12-M-Orange', description: 'Radiant Tee M Orange', type: 'StockItem', uom: 'STK', defaultPriceMinor: 29900, vatCategoryId: '3' },
  { inventoryNumber: 'MH01-S-Gray', description: 'Chaz Kangeroo Hoodie S Gray', type: 'StockItem', uom: 'STK', defaultPriceMinor: 59900, vatCategoryId: '3' },
  { inventoryNumber: 'NO-SUCH-SKU-1', description: 'Kleshengere (ikke i nettbutikken)', type: 'StockItem', uom: 'STK', defaultPriceMinor: 2500, vatCategoryId: '3' },
];

export const NORWAY_PURCHASE_ORDERS: VismaPurchaseOrderSeed[] = [
  {
    orderNbr: 'PO000101',
    supplierNumber: '50000',
    date: '2025-01-27T00:00:00.000Z',
    status: 'Closed',
    description: 'Vårkolleksjon, første levering',
    receiptNbr: 'PR000101',
    lines: [
      { lineNbr: 1, inventoryNumber: 'WS12-M-Orange', description: 'Radiant Tee M Orange', quantity: '20', unitCost: '89.00' },
      { lineNbr: 2, inventoryNumber: 'MH01-S-Gray', description: 'Chaz Kangeroo Hoodie S Gray', quantity: '10', unitCost: '245.50' },
    ],
  },
  {
    orderNbr: 'PO000102',
    supplierNumber: '50001',
    currencyId: 'SEK',
    date: '2025-02-01T00:00:00.000Z',
    status: 'Closed',
    description: 'Hettegensere og kleshengere (SEK)',
    receiptNbr: 'PR000102',
    lines: [
      { lineNbr: 1, inventoryNumber: 'MH01-S-Gray', description: 'Chaz Kangeroo Hoodie S Gray', quantity: '5', unitCost: '240.00' },
      { lineNbr: 2, inventoryNumber: 'NO-SUCH-SKU-1', description: 'Kleshengere', quantity: '2', unitCost: '150.00' },
    ],
  },
  {
    orderNbr: 'PO000103',
    supplierNumber: '50000',
    date: '2025-02-24T00:00:00.000Z',
    status: 'Open',
    description: 'Etterbestilling Radiant Tee',
    lines: [{ lineNbr: 1, inventoryNumber: 'WS12-M-Orange', description: 'Radiant Tee M Orange', quantity: '24', unitCost: '91.25' }],
  },
];

export const NORWAY_SUPPLIER_INVOICES: VismaSupplierInvoiceSeed[] = [
  {
    referenceNumber: '100001',
    supplierNumber: '50000',
    supplierReference: 'BB-2025-0117',
    description: 'PO000101 vårkolleksjon',
    date: '2025-02-03T00:00:00.000Z',
    status: 'Open',
    lastModifiedDateTime: '2025-02-04T09:00:00.000Z',
    lines: [
      { inventoryNumber: 'WS12-M-Orange', transactionDescription: 'Radiant Tee M Orange', quantity: '20', unitCost: '89.00', poNumber: 'PO000101', poLineNr: 1, poReceiptNbr: 'PR000101', poReceiptLineNbr: 1 },
      { inventoryNumber: 'MH01-S-Gray', transactionDescription: 'Chaz Kangeroo Hoodie S Gray', quantity: '10', unitCost: '245.50', poNumber: 'PO000101', poLineNr: 2, poReceiptNbr: 'PR000101', poReceiptLineNbr: 2 },
    ],
  },
  {
    referenceNumber: '100002',
    supplierNumber: '50001',
    supplierReference: 'EN-SE-3391',
    description: 'PO000102 i SEK',
    currencyId: 'SEK',
    exchangeRate: '1.0215',
    date: '2025-02-10T00:00:00.000Z',
    status: 'Open',
    lastModifiedDateTime: '2025-02-11T10:30:00.000Z',
    lines: [
      { inventoryNumber: 'MH01-S-Gray', transactionDescription: 'Chaz Kangeroo Hoodie S Gray', quantity: '5', unitCost: '240.00', poNumber: 'PO000102', poLineNr: 1, poReceiptNbr: 'PR000102', poReceiptLineNbr: 1 },
      { inventoryNumber: 'NO-SUCH-SKU-1', transactionDescription: 'Kleshengere', quantity: '2', unitCost: '150.00', poNumber: 'PO000102', poLineNr: 2, poReceiptNbr: 'PR000102', poReceiptLineNbr: 2 },
    ],
  },
  {
    referenceNumber: '100003',
    supplierNumber: '50000',
    supplierReference: 'BB-2025-0188',
    description: 'PO000103 delfaktura',
    date: '2025-03-03T00:00:00.000Z',
    status: 'Balanced',
    lastModifiedDateTime: '2025-03-04T08:15:00.000Z',
    lines: [
      { inventoryNumber: 'WS12-M-Orange', transactionDescription: 'Radiant Tee M Orange', quantity: '12', unitCost: '91.25', poNumber: 'PO000103', poLineNr: 1 },
      { inventoryNumber: 'FRAKT', transactionDescription: 'Frakt', quantity: '1', unitCost: '150.00' },
    ],
  },
];
