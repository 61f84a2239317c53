export * from './adobe-commerce';
export * from './bigcommerce';
export * from './bigquery';
export * from './commercetools';
export * from './core';
export * from './registry';
export * from './visma';
export * from './woocommerce';
