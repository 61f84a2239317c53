import { VISMA_DEMO } from './visma-demo.constants';
import type { VismaCompanyInventorySeed } from './visma-inventory.types';

/**
 * Inventory demo data of both demo companies. The four stock items carry the commercetools demo SKUs
 * (apps/sandbox/src/commercetools/demo.constants.ts: CT-MUG-01, CT-COFFEE-500, CT-TEE-M, CT-BOOK-01), so a stock flow
 * can sync Visma quantities to commercetools inventory entries. CT-MUG-01 in Norway lies in two warehouses (sums are
 * tested); CT-MUG-01 and CT-TEE-M have quantities booked by sales orders, so `available` differs from `onHand`.
 * The company seed's own order items (KAFFE-1KG, FRAKT…) are inventory items too, without quantities
 * (visma-inventory.service.ts). Prices follow the commercetools prices; VAT categories: 25 % standard, reduced food
 * rate, books (NO 0 % `5`, SE 6 % `MP6`). Item and posting classes (one stock and one non-stock item class per company,
 * each with a default posting class; Norway has a third posting class for writes that choose one). Invented demo data.
 */
export const NORWAY_INVENTORY_SEED: VismaCompanyInventorySeed = {
  warehouses: [
    { id: 'MAIN', description: 'Hovedlager Oslo', locationId: 1, locationName: 'R1' },
    { id: 'BERGEN', description: 'Butikklager Bergen', locationId: 2, locationName: 'B1' },
  ],
  defaultUnit: 'STK',
  itemClasses: { stock: { id: 'VARER', description: 'Handelsvarer', postingClassId: 'HV' }, nonStock: { id: 'TJENESTE', description: 'Tjenester og gebyrer', postingClassId: 'TJ' } },
  postingClasses: [{ id: 'HV', description: 'Handelsvarer' }, { id: 'TJ', description: 'Tjenester' }, { id: 'EGEN', description: 'Egenproduserte varer' }],
  items: [
    {
      inventoryNumber: 'CT-MUG-01',
      description: 'Keramisk krus',
      defaultPrice: '199.00',
      vatCategoryId: '3',
      createdDateTime: '2025-01-06T08:00:00.000Z',
      lastModifiedDateTime: '2025-03-01T09:00:00.000Z',
      stock: [
        { warehouse: 'MAIN', onHand: '96', soBooked: '4', lastModifiedDateTime: '2025-03-05T07:00:00.000Z' },
        { warehouse: 'BERGEN', onHand: '24', lastModifiedDateTime: '2025-03-05T07:30:00.000Z' },
      ],
    },
    {
      inventoryNumber: 'CT-COFFEE-500',
      description: 'Kaffebønner 500 g',
      defaultPrice: '149.00',
      vatCategoryId: '31',
      createdDateTime: '2025-01-06T08:05:00.000Z',
      lastModifiedDateTime: '2025-03-02T09:00:00.000Z',
      stock: [{ warehouse: 'MAIN', onHand: '80' }],
    },
    {
      inventoryNumber: 'CT-TEE-M',
      description: 'T-skjorte, str. M',
      defaultPrice: '299.00',
      vatCategoryId: '3',
      createdDateTime: '2025-01-06T08:10:00.000Z',
      lastModifiedDateTime: '2025-03-03T09:00:00.000Z',
      stock: [{ warehouse: 'MAIN', onHand: '45', soBooked: '5' }],
    },
    {
      inventoryNumber: 'CT-BOOK-01',
      description: 'Nordisk kokebok',
      defaultPrice: '349.00',
      vatCategoryId: '5',
      createdDateTime: '2025-01-06T08:15:00.000Z',
      lastModifiedDateTime: '2025-03-04T09:00:00.000Z',
      stock: [{ warehouse: 'MAIN', onHand: '20' }],
    },
  ],
};

export const SWEDEN_INVENTORY_SEED: VismaCompanyInventorySeed = {
  warehouses: [{ id: 'MAIN', description: 'Centrallager Göteborg', locationId: 1, locationName: 'A1' }],
  defaultUnit: 'ST',
  itemClasses: { stock: { id: 'VAROR', description: 'Handelsvaror', postingClassId: 'HV' }, nonStock: { id: 'TJANST', description: 'Tjänster och avgifter', postingClassId: 'TJ' } },
  postingClasses: [{ id: 'HV', description: 'Handelsvaror' }, { id: 'TJ', description: 'Tjänster' }],
  items: [
    { inventoryNumber: 'CT-MUG-01', description: 'Keramikmugg', defaultPrice: '229.00', vatCategoryId: 'MP25', createdDateTime: '2025-01-07T08:00:00.000Z', lastModifiedDateTime: '2025-03-01T10:00:00.000Z', stock: [{ warehouse: 'MAIN', onHand: '60', soBooked: '3' }] },
    { inventoryNumber: 'CT-COFFEE-500', description: 'Kaffebönor 500 g', defaultPrice: '169.00', vatCategoryId: 'MP12', createdDateTime: '2025-01-07T08:05:00.000Z', lastModifiedDateTime: '2025-03-02T10:00:00.000Z', stock: [{ warehouse: 'MAIN', onHand: '40' }] },
    { inventoryNumber: 'CT-TEE-M', description: 'T-shirt, storlek M', defaultPrice: '329.00', vatCategoryId: 'MP25', createdDateTime: '2025-01-07T08:10:00.000Z', lastModifiedDateTime: '2025-03-03T10:00:00.000Z', stock: [{ warehouse: 'MAIN', onHand: '30' }] },
    { inventoryNumber: 'CT-BOOK-01', description: 'Nordisk kokbok', defaultPrice: '379.00', vatCategoryId: 'MP6', createdDateTime: '2025-01-07T08:15:00.000Z', lastModifiedDateTime: '2025-03-04T10:00:00.000Z', stock: [{ warehouse: 'MAIN', onHand: '15' }] },
  ],
};

/** Inventory seed by legacy company id; a company not listed gets one MAIN warehouse and only its order items. */
export const INVENTORY_SEEDS: Readonly<Record<string, VismaCompanyInventorySeed>> = {
  [VISMA_DEMO.companies.norway.companyId]: NORWAY_INVENTORY_SEED,
  [VISMA_DEMO.companies.sweden.companyId]: SWEDEN_INVENTORY_SEED,
};

/** The fallback for companies without inventory seed (custom test companies). */
export const EMPTY_INVENTORY_SEED: VismaCompanyInventorySeed = {
  warehouses: [{ id: 'MAIN', description: 'Main warehouse', locationId: 1, locationName: 'MAIN' }],
  defaultUnit: 'PCS',
  itemClasses: { stock: { id: 'STOCK', description: 'Stock items', postingClassId: 'STOCK' }, nonStock: { id: 'NONSTOCK', description: 'Non-stock items', postingClassId: 'NONSTOCK' } },
  postingClasses: [{ id: 'STOCK', description: 'Stock items' }, { id: 'NONSTOCK', description: 'Non-stock items' }],
  items: [],
};
