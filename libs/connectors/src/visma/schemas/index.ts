export * from './common.schema';
export * from './customer.schema';
export * from './customer-invoice.schema';
export * from './reference-data.schema';
export * from './wrapped-document.schema';
export * from './sales-order.schema';
export * from './supplier.schema';
