export * from './http-types';
export * from './router';
export * from './faults';
export * from './seq-log';
export * from './request-log';
export { controlBadRequest, readCursorQuery } from './control-api';
export * from './server';
