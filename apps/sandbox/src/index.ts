export * from './core';
export * from './visma';
export * from './bigcommerce';
export * from './woocommerce';
export * from './adobe-commerce';
export * from './commercetools';
export * from './start-all';
export * from './sandbox-env';
