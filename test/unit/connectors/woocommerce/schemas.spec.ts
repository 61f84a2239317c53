import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ZodTypeAny } from 'zod';
import { WC_CUSTOMER, WC_ORDER, WC_REFUND, WC_WEBHOOK } from '@mlc/connectors';

const DIR = join(__dirname, '../../../fixtures/woocommerce');
const SCHEMAS: ReadonlyArray<[string, ZodTypeAny]> = [
  ['wc-v3.orders.', WC_ORDER],
  ['wc-v3.order-refunds.', WC_REFUND],
  ['wc-v3.customers.', WC_CUSTOMER],
  ['wc-v3.webhooks.', WC_WEBHOOK],
];

/** The records of one example: the object, a list's items, or a batch answer's create/update/delete items. */
function recordsOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  const o = json as Record<string, unknown>;
  if ('create' in o || 'update' in o || 'delete' in o) return ['create', 'update', 'delete'].flatMap((k) => (Array.isArray(o[k]) ? (o[k] as unknown[]) : []));
  return [json];
}

const rows = readdirSync(DIR)
  .filter((f) => f.endsWith('.response.json'))
  .map((file) => [file, SCHEMAS.find(([prefix]) => file.startsWith(prefix))?.[1]] as const);

describe('WooCommerce schemas', () => {
  it('should cover every copied example', () => {
    expect(rows.length).toBe(22);
    expect(rows.every(([, schema]) => schema !== undefined)).toBe(true);
  });

  it.each(rows)('should parse every record of %s and keep unknown fields', (file, schema) => {
    const records = recordsOf(JSON.parse(readFileSync(join(DIR, file), 'utf8')) as unknown);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const parsed = (schema as ZodTypeAny).safeParse(record);
      if (!parsed.success) throw new Error(`${file}: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
      expect(parsed.data).toHaveProperty('_links');
    }
  });

  it('should keep amounts as major-unit strings and nullable dates as null', () => {
    const order = WC_ORDER.parse(JSON.parse(readFileSync(join(DIR, 'wc-v3.orders.retrieve-an-order.response.json'), 'utf8')));
    expect(order.total).toBe('29.35');
    expect(order.line_items[0]?.subtotal).toBe('6.00');
    expect((order as Record<string, unknown>)['date_completed']).toBeNull();
    const refund = WC_REFUND.parse(JSON.parse(readFileSync(join(DIR, 'wc-v3.order-refunds.retrieve-a-refund.response.json'), 'utf8')));
    expect(refund.amount).toBe('10.00');
  });

  it('should reject an order whose amount is a number', () => {
    const order = JSON.parse(readFileSync(join(DIR, 'wc-v3.orders.retrieve-an-order.response.json'), 'utf8')) as Record<string, unknown>;
    expect(WC_ORDER.safeParse({ ...order, total: 29.35 }).success).toBe(false);
  });
});
