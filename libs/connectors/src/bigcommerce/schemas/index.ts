export * from './common.schema';
export * from './customer.schema';
export * from './hook.schema';
export * from './order.schema';
export * from './refund.schema';
export * from './store.schema';
export * from './webhook-stub.schema';
