import { type RunningSandboxes, startAllSandboxes } from '@mlc/sandbox';
import { sandboxStore } from '../../apps/demo/src/demo-activity';
import { setUpDemo, type DemoSetup } from '../../apps/demo/src/demo-setup';
import { type SyncRecordEntity } from '../../apps/api/src/database/entities';
import { type JsonAnswer, startTestApp, type TestApp, waitFor } from './api-harness';

export type Pipeline = {
  t: TestApp;
  sandboxes: RunningSandboxes;
  demo: DemoSetup;
  /** Calls the BigCommerce sandbox store with the demo token. */
  store(method: string, path: string, body?: unknown): Promise<{ status: number; body: JsonAnswer }>;
  /** Waits until the record reaches one of `statuses` and returns it. */
  record(entityType: string, externalId: string, statuses?: string[], timeoutMs?: number): Promise<SyncRecordEntity>;
  close(): Promise<void>;
};

/**
 * The whole product against the sandboxes: sandboxes on free ports, the real app (API + worker) on real
 * PostgreSQL and Redis, configured through its own API by the demo set-up (connections, flow, mapping,
 * webhooks registered at the app's URL, reconciliation requested); with `woocommerce` also the demo WooCommerce shop, with
 * `adobeCommerce` the demo Adobe Commerce store and its supplier-invoice flow back, with `commercetools` the demo
 * commercetools project and its flow into both companies, with `bigquery` the demo warehouse and the Norwegian company's
 * ledger export into it (`vismaLedgerHistory` seeds that company with a year of ledger to export).
 */
export async function startPipeline(
  env: Record<string, string> = {},
  options: { woocommerce?: boolean; adobeCommerce?: boolean; commercetools?: boolean; bigquery?: boolean; vismaLedgerHistory?: boolean } = {},
): Promise<Pipeline> {
  const sandboxes = await startAllSandboxes({
    ports: { visma: 0, bigcommerce: 0, woocommerce: 0, adobeCommerce: 0, commercetools: 0, bigquery: 0 },
    ...(options.vismaLedgerHistory ? { visma: { ledgerHistory: true } } : {}),
  });
  const t = await startTestApp({ JOB_BACKOFF_BASE_MS: '50', JOB_ATTEMPTS: '4', ...env });
  const demo = await setUpDemo({
    apiUrl: t.url,
    publicBaseUrl: t.url,
    // The demo's WooCommerce shop only where a test asks for it, so other tests see the BigCommerce store alone.
    sandboxes: {
      visma: sandboxes.visma,
      bigcommerce: sandboxes.bigcommerce,
      ...(options.woocommerce ? { woocommerce: sandboxes.woocommerce } : {}),
      ...(options.adobeCommerce ? { adobeCommerce: sandboxes.adobeCommerce } : {}),
      ...(options.commercetools ? { commercetools: sandboxes.commercetools } : {}),
      ...(options.bigquery ? { bigquery: sandboxes.bigquery } : {}),
    },
    admin: { email: t.config.ADMIN_EMAIL!, password: t.config.ADMIN_PASSWORD! },
    callsPerHour: 100_000,
  });
  return {
    t,
    sandboxes,
    demo,
    store: sandboxStore(sandboxes),
    record: (entityType, externalId, statuses = ['posted', 'failed', 'skipped'], timeoutMs = 15_000) =>
      waitFor(
        async () => {
          const rows: SyncRecordEntity[] = await t.db.query(
            `SELECT id, status, target_ref AS "targetRef", attempts, last_error AS "lastError", source_payload AS "sourcePayload"
               FROM sync_record WHERE connection_id = $1 AND entity_type = $2 AND external_id = $3`,
            [demo.bigcommerceConnectionId, entityType, externalId],
          );
          const row = rows[0];
          return row && statuses.includes(row.status) ? row : undefined;
        },
        { timeoutMs, what: `${entityType} ${externalId} in ${statuses.join('/')}` },
      ),
    close: async () => {
      await t.close();
      await sandboxes.close();
    },
  };
}

type Buyer = { first: string; last: string; street: string; city: string; zip: string; country: string; iso2: string; email: string };

/** A paid order as BigCommerce's POST /v2/orders takes it (orders.v2.oas2.yml `order_Post`), shipped to the buyer. */
function paidOrder(buyer: Buyer, currency: string, shippingMethod: string, products: object[], shipping: { ex: string; inc: string }) {
  const address = {
    first_name: buyer.first, last_name: buyer.last, company: '', street_1: buyer.street, street_2: '', city: buyer.city, state: '',
    zip: buyer.zip, country: buyer.country, country_iso2: buyer.iso2, phone: '', email: buyer.email,
  };
  return {
    status_id: 11,
    customer_id: 0,
    default_currency_code: currency,
    billing_address: address,
    shipping_addresses: [{ ...address, shipping_method: shippingMethod }],
    products,
    shipping_cost_ex_tax: shipping.ex,
    shipping_cost_inc_tax: shipping.inc,
    payment_method: 'Test Payment Gateway',
  };
}

/** A paid Norwegian order in NOK (25 % VAT). */
export function norwegianOrder(overrides: { email?: string; sku?: string; quantity?: number } = {}) {
  const buyer = { first: 'Kari', last: 'Nordmann', street: 'Storgata 1', city: 'Oslo', zip: '0155', country: 'Norway', iso2: 'NO', email: overrides.email ?? 'kari.nordmann@example.no' };
  const products = [{ name: 'Ski Wax Kit', sku: overrides.sku ?? 'SKI-WAX', quantity: overrides.quantity ?? 2, price_ex_tax: '399.20', price_inc_tax: '499.00' }];
  return paidOrder(buyer, 'NOK', 'Bring', products, { ex: '79.20', inc: '99.00' });
}

/** A paid Swedish order in SEK: 25 % goods and shipping, 12 % food. */
export function swedishOrder(email: string) {
  const buyer = { first: 'Elsa', last: 'Berg', street: 'Kungsgatan 2', city: 'Göteborg', zip: '411 19', country: 'Sweden', iso2: 'SE', email };
  const products = [
    { name: 'Rain Jacket', sku: 'RJ-BLU-L', quantity: 1, price_ex_tax: '1199.20', price_inc_tax: '1499.00' },
    { name: 'Lingonberry Jam', sku: 'JAM-LING', quantity: 2, price_ex_tax: '44.64', price_inc_tax: '50.00' },
  ];
  return paidOrder(buyer, 'SEK', 'PostNord', products, { ex: '49.00', inc: '61.25' });
}
