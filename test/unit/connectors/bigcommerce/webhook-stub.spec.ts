import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConnectorSchemaMismatchError, parseBigCommerceWebhookStub } from '@mlc/connectors';

const DIR = path.resolve(__dirname, '../../../fixtures/bigcommerce/callbacks');
const samples = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, readFileSync(path.join(DIR, f))] as const);
/** Upstream placeholders without a payload (empty / one newline in bigcommerce/docs). */
const EMPTY = new Set(['store_app_uninstalled.json', 'store_metafield_created.json']);

describe('parseBigCommerceWebhookStub', () => {
  it('should find the official samples when the fixtures are in place', () => {
    expect(samples.length).toBeGreaterThanOrEqual(40);
  });

  it.each(samples.filter(([f]) => !EMPTY.has(f)))('should parse the official sample %s when it is a light payload', (file, raw) => {
    const json = JSON.parse(raw.toString('utf8')) as { scope: string; hash: string; data: { type: string; id?: unknown } };
    const stub = parseBigCommerceWebhookStub(raw);
    expect(stub.scope).toBe(json.scope);
    expect(stub.hash).toBe(json.hash);
    expect(stub.data.type).toBe(json.data.type);
    expect(stub.data.id).toEqual(json.data.id);
    expect(file.startsWith('store_')).toBe(true);
  });

  it.each(samples.filter(([f]) => EMPTY.has(f)))('should reject the empty upstream sample %s as not JSON', (_file, raw) => {
    expect(() => parseBigCommerceWebhookStub(raw)).toThrow(ConnectorSchemaMismatchError);
  });

  it('should expose the status change of store/order/statusUpdated when parsing it', () => {
    const raw = samples.find(([f]) => f === 'store_order_statusUpdated.json')?.[1];
    expect(parseBigCommerceWebhookStub(raw).data.status).toEqual({ previous_status_id: 0, new_status_id: 11 });
  });

  it('should expose the refund id of store/order/refund/created when parsing it', () => {
    const raw = samples.find(([f]) => f === 'store_order_refund_created.json')?.[1];
    expect(parseBigCommerceWebhookStub(raw).data.refund).toEqual({ refund_id: 3 });
  });

  it('should reject an order stub whose data.id is not an integer', () => {
    const body = { scope: 'store/order/created', store_id: '1', producer: 'stores/x', data: { type: 'order', id: 'abc' }, hash: 'h', created_at: 1 };
    expect(() => parseBigCommerceWebhookStub(body)).toThrow(/data\.id/);
  });

  it('should reject a stub without hash when the body misses it', () => {
    const body = { scope: 'store/order/created', store_id: '1', producer: 'stores/x', data: { type: 'order', id: 1 }, created_at: 1 };
    expect(() => parseBigCommerceWebhookStub(body)).toThrow(ConnectorSchemaMismatchError);
  });
});
