/**
 * Seeds of the commercetools sandbox (see seed/README.md for the files and their source):
 * - `examples`: the official examples, byte-for-byte as records of the project (order, payment, customer, product,
 *   inventory entry, store; they keep their own ids, versions and dates and have no Messages);
 * - `demo`: OUR demo project records (seed.demo.ts), computed by the same code as API calls.
 */
import type { Json } from './json';
import type { CommercetoolsState } from './state';
import customerExample from './seed/customer.example.json';
import inventoryExample from './seed/inventory.example.json';
import orderExample from './seed/order.example.json';
import paymentExample from './seed/payment.example.json';
import productExample from './seed/product.example.json';
import storeExample from './seed/store.example.json';
import { seedDemo } from './seed.demo';

export type CommercetoolsSeed = 'demo' | 'examples' | 'both' | 'none';

/** The official example records the sandbox seeds, by collection (read-only copies). */
export const COMMERCETOOLS_SEED_EXAMPLES = {
  orders: orderExample as unknown as Json,
  payments: paymentExample as unknown as Json,
  customers: customerExample as unknown as Json,
  products: productExample as unknown as Json,
  inventory: inventoryExample as unknown as Json,
  stores: storeExample as unknown as Json,
} as const;

/** Fills a freshly reset state. Demo records are dated from `demoStartMs` on. */
export function loadSeed(state: CommercetoolsState, seed: CommercetoolsSeed, demoStartMs: number): void {
  if (seed === 'examples' || seed === 'both') {
    for (const [collection, record] of Object.entries(COMMERCETOOLS_SEED_EXAMPLES)) state.put(collection as keyof typeof COMMERCETOOLS_SEED_EXAMPLES, structuredClone(record));
  }
  if (seed === 'demo' || seed === 'both') seedDemo(state, demoStartMs);
}
