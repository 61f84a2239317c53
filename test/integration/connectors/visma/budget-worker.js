/* eslint-disable */
// Child process for the shared-budget test: loads libs/connectors from its TypeScript sources (transpiled on the
// fly with the TypeScript compiler's transpileModule, as jest's ts-jest does), builds a Visma client whose calls go through a RedisFixedWindowBudget, makes `calls` GETs and
// reports each outcome to the parent over IPC. Plain JS because the child runs outside jest.
const path = require('node:path');
require('../../../support/require-ts');

async function main() {
  const [sandboxUrl, budgetPrefix, calls, limit, windowMs, clientId, clientSecret, tenantId, companyId] = process.argv.slice(2);
  const { default: Redis } = require('ioredis');
  const connectors = require(path.resolve(__dirname, '../../../../libs/connectors/src/index.ts'));
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { lazyConnect: false });
  const budget = new connectors.RedisFixedWindowBudget(redis, { limit: Number(limit), windowMs: Number(windowMs) }, budgetPrefix);
  const client = connectors.createVismaClient(
    { clientId, clientSecret, tenantId },
    { companyId, apiBaseUrl: sandboxUrl, tokenUrl: `${sandboxUrl}/connect/token`, rateBudget: budget, retry: { maxAttempts: 1, maxInlineWaitMs: 5000 } },
  );
  process.send({ type: 'ready' });
  await new Promise((resolve) => process.once('message', resolve));
  const outcomes = [];
  for (let i = 0; i < Number(calls); i += 1) {
    try {
      await client.branches.list();
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
