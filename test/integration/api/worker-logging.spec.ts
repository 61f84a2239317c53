import { Logger } from '@nestjs/common';
import { createApp } from '../../../apps/api/src/bootstrap';
import { loadConfig } from '../../../apps/api/src/config/config.schema';
import { LogCapture } from '../../support/log-capture';

/**
 * A worker process only calls `app.init()` (it serves no HTTP), so it never reaches `listen()`, where Nest flushes
 * the logs it buffered during start-up. Before the fix a worker wrote nothing at all and its buffer grew with every
 * log call (exactly-once and recovery issue, defect 4).
 */
describe('worker logging', () => {
  it('should write a worker\'s log lines as they happen, without an HTTP listener', async () => {
    const config = loadConfig({ ...process.env, ROLE: 'worker', PORT: '0', QUEUE_PREFIX: `mlc-t-log-${process.pid}` });
    const logs = new LogCapture();
    const app = await createApp(config, { logDestination: logs });
    try {
      await app.init();
      new Logger('WorkerProbe').error({ probe: 'worker-line' }, 'worker probe');
      await new Promise((resolve) => setImmediate(resolve));
      expect(logs.lines.some((line) => line.includes('worker-line'))).toBe(true);
    } finally {
      await app.close();
    }
  });
});
