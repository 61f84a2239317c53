import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { CATCH_UP_QUEUE } from '../../../apps/api/src/modules/sync/sync.constants';
import { startTestApp, type TestApp } from '../../support/api-harness';

/**
 * One catch-up run per flow and entity at a time: a scheduled and a manual request, or two manual ones, meet on the
 * job id. The API role takes no jobs, so a queued run stays queued here and the second request must find it.
 */
describe('catch-up requests', () => {
  let t: TestApp;
  let token: string;
  let flowId: string;

  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api' });
    token = await t.login();
    const shop = await t.call('POST', '/api/connections', {
      token,
      body: { system: 'bigcommerce', name: 'Shop', settings: { storeHash: 'abc123', apiBaseUrl: 'http://127.0.0.1:9' }, credentials: { accessToken: 'token-0001' } },
    });
    const company = await t.call('POST', '/api/connections', {
      token,
      body: { system: 'visma', name: 'Company', settings: { companyId: '1', apiBaseUrl: 'http://127.0.0.1:9', tokenUrl: 'http://127.0.0.1:9/connect/token' }, credentials: { clientId: 'c', clientSecret: 's', tenantId: 't' } },
    });
    const flow = await t.call('POST', '/api/flows', {
      token,
      body: { name: 'Shop → Company', sourceConnectionId: shop.body.id, targetConnectionId: company.body.id, entities: ['order', 'refund'], catchUpSchedule: { kind: 'monthly', day: 1, at: '03:00' } },
    });
    expect(flow.status).toBe(201);
    flowId = flow.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should queue one run per entity and answer a second request while it waits with queued: false', async () => {
    const first = await t.call('POST', `/api/flows/${flowId}/catch-up`, { token, body: {} });
    expect(first.status).toBe(202);
    expect(first.body.runs).toEqual([
      { flowId, entityType: 'order', queued: true },
      { flowId, entityType: 'refund', queued: true },
    ]);
    const second = await t.call('POST', `/api/flows/${flowId}/catch-up`, { token, body: { entityType: 'order' } });
    expect(second.body.runs).toEqual([{ flowId, entityType: 'order', queued: false }]);
    const queue = t.app.get<Queue>(getQueueToken(CATCH_UP_QUEUE));
    expect(await queue.getWaitingCount()).toBe(2);
  });

  it('should refuse an entity the flow does not catch up, naming the field, and keep the schedule it was given', async () => {
    const bad = await t.call('POST', `/api/flows/${flowId}/catch-up`, { token, body: { entityType: 'customer' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('entityType');
    const state = await t.call('GET', `/api/flows/${flowId}/catch-up`, { token });
    expect(state.body).toEqual({ schedule: { kind: 'monthly', day: 1, at: '03:00' }, positions: [] });
  });
});
