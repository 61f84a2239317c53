import {
  CT_CUSTOMER,
  CT_CUSTOMER_PAGE,
  CT_INVENTORY_DRAFT,
  CT_INVENTORY_ENTRY,
  CT_INVENTORY_PAGE,
  CT_INVENTORY_UPDATE,
  CT_MESSAGE,
  CT_MESSAGE_PAGE,
  CT_ORDER,
  CT_ORDER_PAGE,
  CT_PAYMENT,
  CT_PAYMENT_PAGE,
  CT_PRODUCT,
  CT_PRODUCT_DRAFT,
  CT_PRODUCT_PAGE,
  CT_PRODUCT_UPDATE,
  CT_STORE,
  CT_TYPED_MONEY,
} from '@mlc/connectors';
import type { ZodTypeAny } from 'zod';
import { fixture } from './fake-commercetools';

describe('commercetools schemas against the official examples', () => {
  it.each<[string, ZodTypeAny]>([
    ['order.example.json', CT_ORDER],
    ['orders.example.json', CT_ORDER_PAGE],
    ['payment.example.json', CT_PAYMENT],
    ['payments.example.json', CT_PAYMENT_PAGE],
    ['customer.example.json', CT_CUSTOMER],
    ['customers.example.json', CT_CUSTOMER_PAGE],
    ['product.example.json', CT_PRODUCT],
    ['products.example.json', CT_PRODUCT_PAGE],
    ['inventory.example.json', CT_INVENTORY_ENTRY],
    ['inventories.example.json', CT_INVENTORY_PAGE],
    ['message.example.json', CT_MESSAGE],
    ['messages.example.json', CT_MESSAGE_PAGE],
    ['store.example.json', CT_STORE],
    ['product-create.example.json', CT_PRODUCT_DRAFT],
    ['product-update.example.json', CT_PRODUCT_UPDATE],
    ['inventory-create.example.json', CT_INVENTORY_DRAFT],
    ['inventory-update.example.json', CT_INVENTORY_UPDATE],
  ])('should parse %s', (file, schema) => {
    const result = schema.safeParse(fixture(file));
    expect(result.error?.issues).toBeUndefined();
  });

  it('should keep unknown fields and money exactly as sent', () => {
    const order = CT_ORDER.parse(fixture('order.example.json'));
    expect(order.totalPrice).toEqual({ type: 'centPrecision', fractionDigits: 2, currencyCode: 'EUR', centAmount: 1000 });
    expect(order['syncInfo']).toEqual([]);
    expect(CT_TYPED_MONEY.parse({ type: 'highPrecision', currencyCode: 'EUR', centAmount: 1235, fractionDigits: 4, preciseAmount: 123456 })).toMatchObject({ preciseAmount: 123456, fractionDigits: 4 });
  });

  it('should refuse fractional minor units and a high-precision amount without preciseAmount', () => {
    expect(CT_TYPED_MONEY.safeParse({ type: 'centPrecision', currencyCode: 'EUR', centAmount: 10.5, fractionDigits: 2 }).success).toBe(false);
    expect(CT_TYPED_MONEY.safeParse({ type: 'highPrecision', currencyCode: 'EUR', centAmount: 10, fractionDigits: 4 }).success).toBe(false);
  });

  it('should drop the customer password hash', () => {
    const customer = CT_CUSTOMER.parse(fixture('customer.example.json'));
    expect(customer).not.toHaveProperty('password');
    expect(customer.email).toBe('johndoe@example.com');
  });

  it('should type the quantity actions of inventory updates strictly', () => {
    expect(CT_INVENTORY_UPDATE.safeParse({ version: 1, actions: [{ action: 'changeQuantity', quantity: 2.5 }] }).success).toBe(false);
    expect(CT_INVENTORY_UPDATE.safeParse({ version: 1, actions: [{ action: 'setRestockableInDays', restockableInDays: 3 }] }).success).toBe(true);
    expect(CT_INVENTORY_UPDATE.safeParse({ version: 1, actions: [{ action: 'dropEverything' }] }).success).toBe(false);
  });
});
