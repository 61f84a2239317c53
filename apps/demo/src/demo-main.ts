import { startProduct } from '@mlc/api';
import { startDemo } from './demo-run';

/**
 * `npm start` in demo mode (scripts/start.js picks it when nothing real is configured, or MLC_MODE=demo): the demo
 * starts its sandboxes, then the product runs as in live mode, and the demo configures and plays it through its API.
 * The only entry that loads apps/sandbox.
 */
void startProduct(startDemo);
