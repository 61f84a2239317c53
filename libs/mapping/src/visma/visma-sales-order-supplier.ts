/** Sales order and supplier builders for Visma.net ERP (one export line in src/index.ts). */
export * from './visma-sales-order.dto';
export * from './visma-sales-order.settings';
export * from './to-visma-sales-order';
export * from './to-visma-supplier';
