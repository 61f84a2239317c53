import { createSign, generateKeyPairSync } from 'node:crypto';
import {
  ADOBE_COMMERCE_WEBHOOK_SUBSCRIPTION,
  adobeCommerceWebhookSubscriptions,
  collectAll,
  ConnectorError,
  listCriteria,
  listModifiedPages,
  magentoDateTimeMs,
  parseAdobeCommerceWebhook,
  searchCriteriaQuery,
  startListCursor,
  toMagentoDateTime,
  verifyAdobeCommerceWebhook,
  type SearchCriteria,
} from '@mlc/connectors';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const OTHER_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const sign = (data: string): string => createSign('SHA256').update(data).sign(privateKey, 'base64');

describe('verifyAdobeCommerceWebhook', () => {
  const body = Buffer.from('{"eventName":"sales_order_save_after","data":{"order":{"entity_id":"8","updated_at":"2024-05-01 10:00:00"}}}');

  it('should accept the documented signature over the base64-encoded body', () => {
    const headers = { 'x-adobe-commerce-webhook-signature': sign(body.toString('base64')) };
    expect(verifyAdobeCommerceWebhook({ rawBody: body, headers, publicKeyPem: PUBLIC_PEM })).toEqual({ ok: true });
  });

  it('should accept a signature over the raw bytes when asked to', () => {
    const headers = { 'x-adobe-commerce-webhook-signature': sign(body.toString('utf8')) };
    expect(verifyAdobeCommerceWebhook({ rawBody: body, headers, publicKeyPem: PUBLIC_PEM, signedForm: 'raw-body' })).toEqual({ ok: true });
    expect(verifyAdobeCommerceWebhook({ rawBody: body, headers, publicKeyPem: PUBLIC_PEM })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['no header', {}, 'missing-signature'],
    ['a non-base64 header', { 'x-adobe-commerce-webhook-signature': 'not base64!' }, 'malformed-signature'],
    ['a signature of another body', { 'x-adobe-commerce-webhook-signature': sign(Buffer.from('{}').toString('base64')) }, 'bad-signature'],
  ])('should reject %s', (_name, headers, reason) => {
    expect(verifyAdobeCommerceWebhook({ rawBody: body, headers, publicKeyPem: PUBLIC_PEM })).toEqual({ ok: false, reason });
  });

  it('should reject a signature checked with another public key', () => {
    const headers = { 'x-adobe-commerce-webhook-signature': sign(body.toString('base64')) };
    expect(verifyAdobeCommerceWebhook({ rawBody: body, headers, publicKeyPem: OTHER_PEM })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('should accept a PEM pasted with literal \\n and throw a configuration error for no key', () => {
    const headers = { 'x-adobe-commerce-webhook-signature': sign(body.toString('base64')) };
    expect(verifyAdobeCommerceWebhook({ rawBody: body, headers, publicKeyPem: PUBLIC_PEM.replace(/\n/g, '\\n') }).ok).toBe(true);
    expect(() => verifyAdobeCommerceWebhook({ rawBody: body, headers, publicKeyPem: '' })).toThrow(ConnectorError);
    expect(() => verifyAdobeCommerceWebhook({ rawBody: body, headers, publicKeyPem: 'garbage' })).toThrow(ConnectorError);
  });
});

describe('parseAdobeCommerceWebhook', () => {
  it.each([
    ['an order', { eventName: 'sales_order_save_after', data: { order: { entity_id: '8', increment_id: '000000008', updated_at: '2024-05-01 10:00:00' } } }, { entityType: 'order', entityId: 8, orderId: undefined, updatedAt: '2024-05-01 10:00:00' }],
    ['an invoice', { eventName: 'observer.sales_order_invoice_save_after', data: { invoice: { entity_id: 3, order_id: '8', updated_at: '2024-05-01 10:00:01' } } }, { eventName: 'sales_order_invoice_save_after', entityType: 'invoice', entityId: 3, orderId: 8 }],
    ['an order with its state and status', { eventName: 'sales_order_save_after', data: { order: { entity_id: 8, state: 'processing', status: 'processing', updated_at: '2024-05-01 10:00:00' } } }, { state: 'processing/processing', dedupeKey: 'order:8:2024-05-01 10:00:00:processing/processing' }],
    ['a credit memo', { eventName: 'sales_order_creditmemo_save_after', data: { creditmemo: { entity_id: 4, order_id: 8 } } }, { entityType: 'credit-memo', entityId: 4, orderId: 8, updatedAt: undefined }],
    ['a customer', { eventName: 'customer_save_after_data_object', data: { customer_data_object: { id: 12, updated_at: '2024-05-01 10:00:02' }, orig_customer_data_object: { id: 12 } } }, { entityType: 'customer', entityId: 12, dedupeKey: 'customer:12:2024-05-01 10:00:02:' }],
    ['the data_object form', { eventName: 'sales_order_save_after', data: { data_object: { entity_id: 9 } } }, { entityType: 'order', entityId: 9 }],
    ['a filtered payload without eventName', { data: { invoice: { entity_id: '5', order_id: '2' } } }, { eventName: undefined, entityType: 'invoice', entityId: 5, orderId: 2 }],
    ['an unknown event', { eventName: 'catalog_product_save_after', data: { product: { entity_id: 1 } } }, { entityType: undefined, entityId: undefined, dedupeKey: undefined }],
  ])('should read %s', (_name, payload, expected) => {
    expect(parseAdobeCommerceWebhook(Buffer.from(JSON.stringify(payload)))).toMatchObject(expected);
  });

  it('should tell an invoice captured within the second it was created from a repeated delivery of it (state 1 → 2)', () => {
    const at = (state: number) => parseAdobeCommerceWebhook(JSON.stringify({ eventName: 'sales_order_invoice_save_after', data: { invoice: { entity_id: 3, order_id: 8, state, updated_at: '2024-05-01 10:00:01' } } }));
    expect(at(1).dedupeKey).not.toBe(at(2).dedupeKey);
    expect(at(2).dedupeKey).toBe(at(2).dedupeKey);
    expect(at(2).state).toBe('2');
  });

  it('should throw a validation error for a body that is not a JSON object', () => {
    expect(() => parseAdobeCommerceWebhook('[1]')).toThrow(ConnectorError);
    expect(() => parseAdobeCommerceWebhook('nope')).toThrow(ConnectorError);
  });
});

describe('adobeCommerceWebhookSubscriptions', () => {
  it('should build four valid after-event subscriptions limited to ids, state and updated_at', () => {
    const subs = adobeCommerceWebhookSubscriptions({ url: 'https://connector.test/webhooks/adobe-commerce/c1' });
    expect(subs.map((s) => s.webhook_method)).toEqual([
      'observer.sales_order_save_after',
      'observer.sales_order_invoice_save_after',
      'observer.sales_order_creditmemo_save_after',
      'observer.customer_save_after_data_object',
    ]);
    for (const s of subs) {
      expect(ADOBE_COMMERCE_WEBHOOK_SUBSCRIPTION.parse(s)).toEqual(s);
      expect(s).toMatchObject({ webhook_type: 'after', required: false, timeout: 2000 });
      expect(s.fields.every((f) => f.name === f.source && /^(eventName|data\.\w+\.(entity_id|id|order_id|increment_id|state|status|updated_at))$/.test(f.name))).toBe(true);
    }
  });
});

describe('searchCriteria', () => {
  it('should flatten groups, sort orders and always the page size', () => {
    const q = searchCriteriaQuery({ filterGroups: [[{ field: 'updated_at', value: '2024-05-01 10:00:00', conditionType: 'gteq' }]], sortOrders: [{ field: 'updated_at', direction: 'ASC' }], pageSize: 50, currentPage: 2 });
    expect(q).toEqual({
      'searchCriteria[filter_groups][0][filters][0][field]': 'updated_at',
      'searchCriteria[filter_groups][0][filters][0][value]': '2024-05-01 10:00:00',
      'searchCriteria[filter_groups][0][filters][0][condition_type]': 'gteq',
      'searchCriteria[sortOrders][0][field]': 'updated_at',
      'searchCriteria[sortOrders][0][direction]': 'ASC',
      'searchCriteria[pageSize]': 50,
      'searchCriteria[currentPage]': 2,
    });
  });

  it('should format Magento UTC datetimes and read them back', () => {
    expect(toMagentoDateTime(Date.UTC(2024, 4, 1, 10, 0, 5, 999))).toBe('2024-05-01 10:00:05');
    expect(magentoDateTimeMs('2024-05-01 10:00:05')).toBe(Date.UTC(2024, 4, 1, 10, 0, 5));
  });

  it('should start with since minus the overlap and the frozen until', () => {
    const c = startListCursor({ since: new Date('2024-05-01T10:00:00Z'), until: new Date('2024-05-02T00:00:00.700Z'), pageSize: 1000 });
    expect(c).toEqual({ v: 1, from: '2024-05-01 09:59:55', until: '2024-05-02 00:00:00', page: 1, pageSize: 300, seen: [] });
    expect(listCriteria(c).filterGroups).toEqual([[{ field: 'updated_at', value: '2024-05-01 09:59:55', conditionType: 'gteq' }], [{ field: 'updated_at', value: '2024-05-02 00:00:00', conditionType: 'lteq' }]]);
  });
});

type Row = { id: number; at: string };

/** Magento's search semantics over `rows`: gteq/lteq filters, ASC sort, and a page past the end answers the last page. */
function magentoSearch(rows: Row[], calls: SearchCriteria[]) {
  return (c: SearchCriteria) => {
    calls.push(c);
    const groups = c.filterGroups ?? [];
    const hit = rows
      .filter((r) => groups.every((g) => g.some((f) => (f.conditionType === 'gteq' ? r.at >= f.value : r.at <= f.value))))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
    const lastPage = Math.max(1, Math.ceil(hit.length / c.pageSize));
    const page = Math.min(c.currentPage, lastPage);
    return Promise.resolve({ items: hit.slice((page - 1) * c.pageSize, page * c.pageSize), totalCount: hit.length });
  };
}
const key = (r: Row) => ({ id: r.id, updatedAt: r.at });
const at = (s: number) => toMagentoDateTime(Date.UTC(2024, 4, 1, 10, 0, s));

describe('listModifiedPages', () => {
  it('should read every row once, stopping at currentPage * pageSize >= total_count', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, at: at(i) }));
    const calls: SearchCriteria[] = [];
    const start = startListCursor({ until: new Date(Date.UTC(2024, 4, 1, 11)), pageSize: 5 });
    const got = await collectAll(listModifiedPages(start, magentoSearch(rows, calls), key));
    expect(got.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(calls.every((c) => c.pageSize === 5)).toBe(true);
  });

  it('should page within one second when a whole page shares it, without duplicates', async () => {
    const rows = [...Array.from({ length: 7 }, (_, i) => ({ id: i + 1, at: at(1) })), { id: 8, at: at(2) }];
    const calls: SearchCriteria[] = [];
    const got = await collectAll(listModifiedPages(startListCursor({ until: new Date(Date.UTC(2024, 4, 1, 11)), pageSize: 3 }), magentoSearch(rows, calls), key));
    expect(got.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('should not skip an unchanged row when an earlier one leaves the window mid-run', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => ({ id: i + 1, at: at(i) }));
    const calls: SearchCriteria[] = [];
    const search = magentoSearch(rows, calls);
    const it = listModifiedPages(startListCursor({ until: new Date(Date.UTC(2024, 4, 1, 10, 0, 30)), pageSize: 3 }), search, key);
    const first = await it.next();
    const row1 = rows[0] as Row;
    row1.at = at(59); // changed after the run started: leaves the frozen window
    const rest: Row[] = [];
    for await (const page of it) rest.push(...page.items);
    const ids = [...(first.done ? [] : first.value.items), ...rest].map((r) => r.id);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('should resume from a JSON cursor and skip rows the previous run already saw', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => ({ id: i + 1, at: at(i) }));
    const start = startListCursor({ until: new Date(Date.UTC(2024, 4, 1, 11)), pageSize: 2 });
    const it = listModifiedPages(start, magentoSearch(rows, []), key);
    const first = await it.next();
    const cursor = first.done ? undefined : first.value.nextCursor;
    expect(cursor).toBeDefined();
    const resumed = await collectAll(listModifiedPages(JSON.parse(JSON.stringify(cursor)) as NonNullable<typeof cursor>, magentoSearch(rows, []), key));
    expect(resumed.map((r) => r.id)).toEqual([3, 4, 5, 6]);
    const overlap = startListCursor({ since: new Date(Date.UTC(2024, 4, 1, 10, 0, 5)), until: new Date(Date.UTC(2024, 4, 1, 11)), alreadySeen: [[4, at(3)], [5, at(4)]] });
    expect((await collectAll(listModifiedPages(overlap, magentoSearch(rows, []), key))).map((r) => r.id)).toEqual([1, 2, 3, 6]);
  });
});
