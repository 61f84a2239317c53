import { z } from 'zod';
import type { ConnectionEntity, FlowEntity } from '../../../apps/api/src/database/entities';
import { CATCH_UP_SCHEDULE_SCHEMA, FLOW_ROUTING_SCHEMA, scheduleSlotAt } from '../../../apps/api/src/database/flow-settings';
import { BigCommerceRecordSource } from '../../../apps/api/src/modules/bigcommerce/bigcommerce-records.adapter';
import type { BigCommerceClients } from '../../../apps/api/src/modules/bigcommerce/bigcommerce-clients.service';
import { recordKeyOf } from '../../../apps/api/src/modules/bigcommerce/bigcommerce-webhook.verifier';
import { routeRecord } from '../../../apps/api/src/modules/mapping/documents';
import { companyOf, targetsOf } from '../../../apps/api/src/modules/mapping/flows.service';
import { SystemRegistry } from '../../../apps/api/src/modules/systems/system-registry.service';
import type { SystemFacts } from '../../../apps/api/src/modules/systems/system-facts';
import { buildOrderBundle } from '../mapping/bigcommerce-order.factory';

const NO = '00000000-0000-4000-8000-000000000001';
const SE = '00000000-0000-4000-8000-000000000002';

function flow(routing: unknown): Pick<FlowEntity, 'targetConnectionId' | 'routing'> {
  return { targetConnectionId: NO, routing: FLOW_ROUTING_SCHEMA.parse(routing) };
}

describe('routeRecord', () => {
  const rules = [{ targetConnectionId: SE, currencies: ['SEK'] }, { targetConnectionId: SE, countries: ['SE'], label: 'Swedish addresses' }];
  it.each([
    ['a SEK order', { storeId: 's', channelId: '1', country: 'NO', currency: 'SEK' }, 'default', { kind: 'target', targetConnectionId: SE, matchedBy: 'rule #1' }],
    ['a Swedish address in EUR', { storeId: 's', channelId: '1', country: 'SE', currency: 'EUR' }, 'default', { kind: 'target', targetConnectionId: SE, matchedBy: 'Swedish addresses' }],
    ['a NOK order, unmatched → default', { storeId: 's', channelId: '1', country: 'NO', currency: 'NOK' }, 'default', { kind: 'target', targetConnectionId: NO, matchedBy: 'default' }],
  ])('should route %s', (_name, routable, unmatched, expected) => {
    expect(routeRecord(flow({ rules, unmatched }), routable)).toEqual(expected);
  });

  it('should skip with the reason when nothing matches and the flow skips the rest', () => {
    const decision = routeRecord(flow({ rules, unmatched: 'skip' }), { storeId: 's', channelId: '1', country: 'NO', currency: 'NOK' });
    expect(decision).toMatchObject({ kind: 'skip' });
    expect(decision.kind === 'skip' && decision.reason).toContain("currency 'NOK'");
  });

  it('should report a no-company-route problem when the flow fails the rest', () => {
    expect(routeRecord(flow({ rules, unmatched: 'fail' }), { storeId: 's', channelId: '1', country: 'DK', currency: 'DKK' })).toMatchObject({ kind: 'problem', problem: { code: 'no-company-route', field: 'routing' } });
  });

  it('should list every company of a flow once, the default first, and refuse another as the mapping company', () => {
    const f = flow({ rules: [...rules, { targetConnectionId: NO, currencies: ['NOK'] }] });
    expect(targetsOf(f)).toEqual([NO, SE]);
    expect(companyOf(f as FlowEntity, undefined)).toBe(NO);
    expect(companyOf(f as FlowEntity, SE)).toBe(SE);
    expect(() => companyOf(f as FlowEntity, '00000000-0000-4000-8000-000000000009')).toThrow(/one of this flow/);
  });

  it('should refuse routing rules with bad criteria, naming the field', () => {
    const result = FLOW_ROUTING_SCHEMA.safeParse({ rules: [{ targetConnectionId: SE, currencies: ['sek'] }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['rules', 0, 'currencies', 0]);
  });
});

describe('scheduleSlotAt', () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    [{ kind: 'every', minutes: 10 }, '2026-12-02T09:17:30Z', '2026-12-02T09:10:00Z'],
    [{ kind: 'every', minutes: 10 }, '2026-12-02T09:19:59Z', '2026-12-02T09:10:00Z'],
    [{ kind: 'every', minutes: 90 }, '2026-12-02T02:00:00Z', '2026-12-02T01:30:00Z'],
    [{ kind: 'daily', at: '02:30' }, '2026-12-02T09:00:00Z', '2026-12-02T02:30:00Z'],
    [{ kind: 'daily', at: '02:30' }, '2026-12-02T02:29:59Z', undefined],
    [{ kind: 'monthly', day: 2, at: '03:00' }, '2026-12-02T03:00:00Z', '2026-12-02T03:00:00Z'],
    [{ kind: 'monthly', day: 3, at: '03:00' }, '2026-12-02T23:00:00Z', undefined],
    [{ kind: 'off' }, '2026-12-02T09:00:00Z', undefined],
  ])('should put %j at %s into the slot %s', (schedule, now, slot) => {
    const parsed = CATCH_UP_SCHEDULE_SCHEMA.parse(schedule);
    const got = scheduleSlotAt(parsed, at(now));
    expect(got === undefined ? undefined : new Date(got).toISOString().replace('.000', '')).toBe(slot);
  });

  it('should refuse a time that is not HH:MM and a day past 28', () => {
    expect(CATCH_UP_SCHEDULE_SCHEMA.safeParse({ kind: 'daily', at: '2:30' }).success).toBe(false);
    expect(CATCH_UP_SCHEDULE_SCHEMA.safeParse({ kind: 'monthly', day: 31, at: '02:30' }).success).toBe(false);
  });
});

describe(SystemRegistry.name, () => {
  const facts: SystemFacts = {
    kind: 'shop',
    label: 'Shop',
    roles: ['source'],
    settings: z.object({ apiBaseUrl: z.string().url() }),
    credentials: z.object({ token: z.string() }),
    fields: { settings: [], credentials: [{ name: 'token', label: 'Token', format: 'secret', isRequired: true, isSecret: true }] },
    baseUrl: { field: 'apiBaseUrl', default: 'https://shop.example', isHttpsRequired: true, help: '' },
    hosts: [{ field: 'settings.apiBaseUrl', label: 'The API URL', kind: 'merchant', urlsOf: () => [] }],
    entities: ['order'],
    webhooks: null,
  };
  const ping = { ping: () => Promise.reject(new Error('not called')) };

  it('should serve facts without their schemas and name the capabilities present', () => {
    const sut = new SystemRegistry();
    sut.register(facts, { ping });
    const [view] = sut.views();
    expect(view).not.toHaveProperty('settings');
    expect(view).not.toHaveProperty('credentials');
    expect(view).not.toHaveProperty('hosts');
    expect(view?.capabilities).toEqual(['ping']);
    expect(sut.capability('shop', 'fetch')).toBeUndefined();
  });

  it('should refuse a second registration of one kind and name the field of an unknown kind', () => {
    const sut = new SystemRegistry();
    sut.register(facts, { ping });
    expect(() => sut.register(facts, { ping })).toThrow(/already registered/);
    expect(() => sut.get('nope', 'sourceConnectionId')).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});

describe(BigCommerceRecordSource.name, () => {
  const conn = { settings: { storeHash: 'abc123' } } as unknown as ConnectionEntity;
  const sut = new BigCommerceRecordSource({} as BigCommerceClients);
  const now = new Date('2026-12-02T00:00:00Z');
  const bundle = () => buildOrderBundle({ id: 42, currency: 'NOK', country: 'NO', inclusive: true, lines: [{ sku: 'A', qty: 1, unit: '125.00', ratePercent: '25' }] });

  it('should read a stored paid order into its invoice with the store hash in the external reference', () => {
    const read = sut.read(conn, 'order', bundle(), now);
    expect(read).toMatchObject({ kind: 'sales-document', document: { kind: 'invoice', currency: 'NOK', source: { externalReference: 'bc:abc123:42' } } });
  });

  it('should leave an unpaid order for later, naming its status', () => {
    const unpaid = bundle();
    unpaid.order.status_id = 7;
    expect(sut.read(conn, 'order', unpaid, now)).toEqual({ kind: 'not-yet', reason: expect.stringContaining('Awaiting Payment') });
  });

  it('should name the field of a stored payload it cannot read', () => {
    const broken = { ...bundle(), products: [{ id: 1, name: 'x', quantity: 'many' }] };
    expect(() => sut.read(conn, 'order', broken, now)).toThrow(expect.objectContaining({ name: 'MappingError', field: 'order.products[0].quantity' }));
  });

  it("should know a refund follows its order, and refuse a refund id that is not <order>:<refund>", () => {
    expect(sut.parentOf('refund', '218:5')).toEqual({ entityType: 'order', externalId: '218' });
    expect(sut.parentOf('order', '218')).toBeUndefined();
    expect(() => sut.parentOf('refund', '218')).toThrow(expect.objectContaining({ field: 'externalId' }));
  });

  it.each([
    ['store/order/created', { type: 'order', id: 7 }, { entityType: 'order', externalId: '7', isFinalOncePosted: true }],
    ['store/order/refund/created', { type: 'order', id: 7, refund: { refund_id: 3 } }, { entityType: 'refund', externalId: '7:3', isFinalOncePosted: true }],
    ['store/customer/updated', { type: 'customer', id: 9 }, { entityType: 'customer', externalId: '9', isFinalOncePosted: false }],
    ['store/product/updated', { type: 'product', id: 9 }, undefined],
  ])('should key a %s delivery', (scope, data, expected) => {
    expect(recordKeyOf({ scope, data, hash: 'h', store_id: '1', producer: 'stores/abc123', created_at: 1 })).toEqual(expected);
  });
});
