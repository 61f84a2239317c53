export * from './core';
export * from './visma';
