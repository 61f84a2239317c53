/* eslint-disable */
// Child process for the shared-pacing test: loads libs/connectors from its TypeScript sources (transpiled on the fly
// with the TypeScript compiler's transpileModule, like ../visma/budget-worker.js), builds a BigCommerce client whose
// calls are paced by a RedisBigCommercePacer, makes `calls` GETs without retries (a 429 would surface as an error)
// and reports each outcome to the parent over IPC. Plain JS because the child runs outside jest.
const path = require('node:path');
require('../../../support/require-ts');

async function main() {
  const [sandboxUrl, prefix, calls, quota, windowMs, reserve, storeHash, accessToken, orderId] = process.argv.slice(2);
  const { default: Redis } = require('ioredis');
  const connectors = require(path.resolve(__dirname, '../../../../libs/connectors/src/index.ts'));
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const pacing = new connectors.RedisBigCommercePacer(redis, { initialQuota: Number(quota), initialWindowMs: Number(windowMs), reserve: Number(reserve), driftMs: 100 }, prefix);
  const client = connectors.createBigCommerceClient({ accessToken }, { storeHash, apiBaseUrl: sandboxUrl, pacing, retry: { maxAttempts: 1, maxInlineWaitMs: 5000 } });
  process.send({ type: 'ready' });
  await new Promise((resolve) => process.once('message', resolve));
  const outcomes = [];
  for (let i = 0; i < Number(calls); i += 1) {
    try {
      await client.orders.get(Number(orderId));
      outcomes.push({ ok: true, at: Date.now() });
    } catch (e) {
      outcomes.push({ ok: false, code: e && e.code, message: e && e.message });
    }
  }
  await redis.quit();
  process.send({ type: 'done', outcomes });
}

main().catch((e) => {
  process.send({ type: 'crash', message: String(e && e.stack) });
});
