export * from './http-types';
export * from './router';
export * from './faults';
export * from './request-log';
export * from './server';
