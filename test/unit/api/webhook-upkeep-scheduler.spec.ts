import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../../apps/api/src/config/config.schema';
import { WebhookUpkeepScheduler } from '../../../apps/api/src/modules/sync/webhook-upkeep';

function sut(publicBaseUrl: string | undefined) {
  const add = jest.fn().mockResolvedValue(undefined);
  const query = jest.fn().mockResolvedValue([{ connection_id: 'c1' }, { connection_id: 'c2' }]);
  const scheduler = new WebhookUpkeepScheduler({ PUBLIC_BASE_URL: publicBaseUrl } as AppConfig, { add } as unknown as Queue, { query } as unknown as DataSource);
  return { scheduler, add };
}

describe(WebhookUpkeepScheduler.name, () => {
  it('should enqueue no webhook check when PUBLIC_BASE_URL is unset (the check could only throw)', async () => {
    const { scheduler, add } = sut(undefined);
    await scheduler.enqueueWebhookChecks();
    expect(add).not.toHaveBeenCalled();
  });

  it('should enqueue one check per connection with hooks, whatever its system, once per 5-minute slot', async () => {
    const { scheduler, add } = sut('https://mlc.example');
    const at = Date.UTC(2026, 11, 2, 10, 7);
    await scheduler.enqueueWebhookChecks(at);
    await scheduler.enqueueWebhookChecks(at + 60_000);
    const slot = Math.floor(at / 300_000);
    expect(add).toHaveBeenCalledTimes(4);
    expect(add).toHaveBeenCalledWith('check-webhooks', { connectionId: 'c1' }, expect.objectContaining({ jobId: `check-webhooks:c1:${slot}` }));
    expect(add).toHaveBeenCalledWith('check-webhooks', { connectionId: 'c2' }, expect.objectContaining({ jobId: `check-webhooks:c2:${slot}` }));
    expect(new Set(add.mock.calls.map((c) => (c[2] as { jobId: string }).jobId)).size).toBe(2);
  });
});
