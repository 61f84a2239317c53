import { MappingError, vismaInventoryToStockLevel } from '@mlc/mapping';
import fc from 'fast-check';

const MUG = { inventoryNumber: 'CT-MUG-01', description: 'Ceramic mug', status: 'Active', type: 'FinishedGoodItem', stockItem: true };

describe('vismaInventoryToStockLevel', () => {
  it('should sum what is available over the warehouses (on hand minus booked)', () => {
    expect(vismaInventoryToStockLevel(MUG, [{ warehouseId: 'MAIN', available: '92' }, { warehouseId: 'BERGEN', available: '24.000' }])).toEqual({
      sku: 'CT-MUG-01',
      name: 'Ceramic mug',
      quantity: 116,
      sourceAvailable: '116',
      warehouses: [{ warehouseId: 'MAIN', available: '92' }, { warehouseId: 'BERGEN', available: '24.000' }],
    });
  });

  it('should count only the warehouses the flow names', () => {
    const level = vismaInventoryToStockLevel(MUG, [{ warehouseId: 'MAIN', available: '92' }, { warehouseId: 'BERGEN', available: '24' }], { warehouses: ['BERGEN'] });
    expect(level).toMatchObject({ quantity: 24 });
  });

  it('should show 0 for an oversold item and for an item Visma no longer sells', () => {
    expect(vismaInventoryToStockLevel(MUG, [{ warehouseId: 'MAIN', available: '-3' }])).toMatchObject({ quantity: 0, sourceAvailable: '-3' });
    expect(vismaInventoryToStockLevel({ ...MUG, status: 'NoSales' }, [{ warehouseId: 'MAIN', available: '10' }])).toMatchObject({ quantity: 0 });
  });

  it('should skip a non-stock item with the reason', () => {
    expect(vismaInventoryToStockLevel({ inventoryNumber: 'FRAKT', type: 'NonStockItem', stockItem: false }, [])).toEqual({ kind: 'skip', reason: 'Item FRAKT is a NonStockItem: it has no stock' });
  });

  it('should refuse fractional stock and malformed quantities naming the field', () => {
    expect(() => vismaInventoryToStockLevel(MUG, [{ warehouseId: 'MAIN', available: '0.1' }, { warehouseId: 'B', available: '0.2' }])).toThrow(/0\.3 available/);
    try {
      vismaInventoryToStockLevel(MUG, [{ warehouseId: 'MAIN', available: 'lots' }]);
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(MappingError);
      expect((err as MappingError).field).toBe('warehouses[0].available');
    }
  });

  it('should equal the integer sum of whole quantities, whatever their decimals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 3 })), { maxLength: 6 }), (rows) => {
        const availability = rows.map(([n, zeros], i) => ({ warehouseId: `W${i}`, available: zeros ? `${n}.${'0'.repeat(zeros)}` : String(n) }));
        const level = vismaInventoryToStockLevel(MUG, availability);
        return 'quantity' in level && level.quantity === rows.reduce((a, [n]) => a + n, 0);
      }),
    );
  });
});
