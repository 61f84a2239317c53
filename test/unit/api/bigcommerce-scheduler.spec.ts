import type { Queue } from 'bullmq';
import type { Repository } from 'typeorm';
import type { AppConfig } from '../../../apps/api/src/config/config.schema';
import type { WebhookSubscriptionEntity } from '../../../apps/api/src/database/pipeline.entities';
import { BigCommerceScheduler } from '../../../apps/api/src/modules/bigcommerce/bigcommerce-scheduler.service';

function sut(publicBaseUrl: string | undefined) {
  const add = jest.fn().mockResolvedValue(undefined);
  const getRawMany = jest.fn().mockResolvedValue([{ connection_id: 'c1' }]);
  const subscriptions = { createQueryBuilder: () => ({ select: () => ({ getRawMany }) }) } as unknown as Repository<WebhookSubscriptionEntity>;
  const scheduler = new BigCommerceScheduler({ PUBLIC_BASE_URL: publicBaseUrl } as AppConfig, { add } as unknown as Queue, subscriptions);
  return { scheduler, add };
}

describe(BigCommerceScheduler.name, () => {
  it('should enqueue no webhook check when PUBLIC_BASE_URL is unset (the check could only throw)', async () => {
    const { scheduler, add } = sut(undefined);
    await scheduler.enqueueWebhookChecks();
    expect(add).not.toHaveBeenCalled();
  });

  it('should enqueue one check per connection with hooks, once per 5-minute slot', async () => {
    const { scheduler, add } = sut('https://mlc.example');
    await scheduler.enqueueWebhookChecks();
    expect(add).toHaveBeenCalledWith('bigcommerce.check-webhooks', { connectionId: 'c1' }, expect.objectContaining({ jobId: expect.stringMatching(/^bigcommerce\.check-webhooks:c1:\d+$/) }));
  });
});
