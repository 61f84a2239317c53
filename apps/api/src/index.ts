/**
 * What the product offers code outside it — the demo (apps/demo) and nothing else: the one-machine start with an
 * optional demo hook, the validated configuration's shape, and the export service the demo's summary waits on.
 * `main.ts` stays the process entry; importing this file starts nothing.
 */
export { startProduct, type StartedDemo } from './cli/start';
export type { AppConfig } from './config/config.schema';
export { ExportsService } from './modules/export/exports.service';
