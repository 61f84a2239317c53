/**
 * Test environment defaults, applied before every test file. Each jest worker gets its own
 * PostgreSQL database and Redis key prefix so parallel files never see each other's rows or queues.
 * The databases are created by global-setup.ts (named after the run, so concurrent runs never collide).
 */
const workerId = process.env['JEST_WORKER_ID'] ?? '1';
const runId = process.env['MLC_TEST_RUN_ID'] ?? 'unit';
process.env['NODE_ENV'] = 'test';
process.env['LOG_LEVEL'] ??= 'error';
process.env['DATABASE_URL'] ??= `postgres://postgres@127.0.0.1:5432/mlc_t_${runId}_${workerId}`;
process.env['REDIS_URL'] ??= 'redis://127.0.0.1:6379';
process.env['QUEUE_PREFIX'] ??= `mlc-t-${runId}-${workerId}`;
// A fixed test master key (32 bytes, base64). Never used outside tests.
process.env['VAULT_KEYS'] ??= 'test-k1:' + Buffer.alloc(32, 7).toString('base64');
process.env['VAULT_ACTIVE_KEY_ID'] ??= 'test-k1';
process.env['ADMIN_EMAIL'] ??= 'admin@example.test';
process.env['ADMIN_PASSWORD'] ??= 'correct-horse-battery-staple';
process.env['METADATA_SERVER_DETECTION'] = 'none';
// The suite's sandboxes listen on 127.0.0.1 over http: sandbox mode for hosts. A live-mode test passes 'false'.
process.env['ALLOW_SANDBOX_HOSTS'] ??= 'true';
