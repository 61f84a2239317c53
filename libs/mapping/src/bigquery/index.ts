export * from './export-entities';
export * from './visma-export-schemas';
export * from './column-name';
export * from './table-schema';
export * from './schema-evolution';
export * from './bigquery-values';
export * from './to-row';
export * from './split-records';
