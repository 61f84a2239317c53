import { z } from 'zod';

/**
 * The one schema for every environment variable ml-connector reads. `loadConfig` is the only reader of
 * `process.env`; everything else gets the typed `AppConfig` injected. Defaults work on a developer
 * machine with PostgreSQL and Redis on 127.0.0.1 (see `.env.example`, checked against this schema in a test).
 */
const postgresUrl = z
  .string()
  .url('must be a URL such as postgres://postgres@127.0.0.1:5432/ml_connector')
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://');
const redisUrl = z
  .string()
  .url('must be a URL such as redis://127.0.0.1:6379')
  .refine((v) => /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://');

/** `id:base64key[,id:base64key…]`; every key decodes to exactly 32 bytes (AES-256). */
const vaultKeys = z
  .string({ required_error: 'is required: a comma-separated list of id:base64 32-byte keys (generate one with `openssl rand -base64 32`)' })
  .transform((raw, ctx) => {
    const keys = new Map<string, Buffer>();
    for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
      const idx = part.indexOf(':');
      const id = part.slice(0, idx);
      const key = Buffer.from(part.slice(idx + 1), 'base64');
      if (idx <= 0 || !/^[A-Za-z0-9._-]{1,40}$/.test(id)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `entry "${id || '?'}" must look like id:base64key` });
        return z.NEVER;
      }
      if (key.length !== 32) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `key "${id}" must decode to 32 bytes, got ${key.length}` });
        return z.NEVER;
      }
      keys.set(id, key);
    }
    if (keys.size === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must name at least one key' });
      return z.NEVER;
    }
    return keys;
  });

/** `true` or `false` (default false); anything else is refused rather than read as true. */
const booleanFlag = z
  .enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) })
  .default('false')
  .transform((v) => v === 'true');

export const ENV_SCHEMA = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    ROLE: z.enum(['api', 'worker', 'all']).default('all'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/ml_connector'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'may hold letters, digits, - and _ only').default('mlc'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    VAULT_KEYS: vaultKeys,
    VAULT_ACTIVE_KEY_ID: z.string().min(1, 'names the key (an id in VAULT_KEYS) new secrets are wrapped with'),
    ADMIN_EMAIL: z.string().email().optional(),
    ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    LOGIN_MAX_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    PUBLIC_BASE_URL: z.string().url().optional(),
    /**
     * Which proxies' X-Forwarded-For / X-Forwarded-Proto the API believes (Express "trust proxy"): `loopback` (default:
     * the dashboard's Next.js proxy on the same host), `uniquelocal` (a container network), a comma-separated list of
     * addresses or subnets, a hop count, or `false`. It decides the client address that sign-in throttling, sessions
     * and the admin audit log record, and whether a request counts as HTTPS for the Secure cookie.
     */
    TRUST_PROXY: z
      .string()
      .default('loopback')
      .transform((v): boolean | number | string => (v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
    JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    JOB_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(2_000),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(50),
    /** How long an attempt holds a record without renewing (renewed every third of it while it works). */
    RECORD_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(10_000),
    /** How often a worker looks for records no live job carries (and queues them again). */
    SWEEP_INTERVAL_MS: z.coerce.number().int().min(250).max(600_000).default(5_000),
    /** How long past its due time a record may wait in the queue before the sweeper asks BullMQ whether its job lives. */
    SWEEP_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
    /** Where export batches are written as NDJSON before they are loaded (default: the OS temp dir). */
    EXPORT_DIR: z.string().min(1).optional(),
    /** Rows per export batch (one NDJSON file, one load job, one MERGE). */
    EXPORT_BATCH_ROWS: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
    /** Records asked for per Visma page while exporting (Visma caps it at its maxPageSize). */
    EXPORT_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Share of a Visma company's hourly call budget an export leaves for posting (percent). */
    EXPORT_BUDGET_RESERVE_PERCENT: z.coerce.number().int().min(0).max(90).default(20),
    /**
     * Merchant hosts (a WooCommerce shop, an Adobe Commerce PaaS store) may be, or resolve to, private and other
     * non-public addresses (an on-premises shop on the LAN). Off: only public addresses, checked on save and again as
     * each connection opens. HTTPS is still required.
     */
    ALLOW_PRIVATE_HOSTS: booleanFlag,
    /**
     * Sandbox mode for hosts (the demo and the test suite): the local sandboxes' addresses (http or https on 127.0.0.1,
     * localhost, [::1]) stand in for the vendors' fixed endpoints, and merchant hosts may be plain HTTP and private.
     * Only for runs against the sandboxes (the demo, the tests, `npm run chaos`); never for real systems.
     */
    ALLOW_SANDBOX_HOSTS: booleanFlag,
    /** Total deadline of one outbound exchange (connect, headers and the whole body), on top of the per-attempt timeouts. */
    OUTBOUND_TOTAL_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
    /** Cap of every outbound response body in bytes (16 MiB; a Visma page of 1,000 large DTOs is a few MB). */
    OUTBOUND_MAX_RESPONSE_BYTES: z.coerce.number().int().min(65_536).max(1_073_741_824).default(16_777_216),
  })
  .superRefine((env, ctx) => {
    if (env.VAULT_KEYS instanceof Map && !env.VAULT_KEYS.has(env.VAULT_ACTIVE_KEY_ID)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['VAULT_ACTIVE_KEY_ID'], message: `"${env.VAULT_ACTIVE_KEY_ID}" is not an id in VAULT_KEYS` });
    }
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['ADMIN_PASSWORD'], message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together' });
    }
  });

export type AppConfig = z.infer<typeof ENV_SCHEMA>;

/** Thrown when the environment does not satisfy ENV_SCHEMA; `message` is one line per bad variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigValidationError';
  }
}

const HINTS: Record<string, string> = {
  DATABASE_URL: 'start PostgreSQL with `docker compose up -d postgres redis`, or point DATABASE_URL at yours',
  REDIS_URL: 'start Redis with `docker compose up -d postgres redis`, or point REDIS_URL at yours',
  VAULT_KEYS: 'generate a key with `openssl rand -base64 32` and set VAULT_KEYS=k1:<key> and VAULT_ACTIVE_KEY_ID=k1',
};

/**
 * Parses the environment. Never echoes a variable's value (it may be a secret).
 * @throws ConfigValidationError with one line per bad variable: name, what is wrong, what to do.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ENV_SCHEMA.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const hint = HINTS[name];
    return `Invalid configuration: ${name} ${issue.message}${hint ? ` (${hint})` : ''}`;
  });
  throw new ConfigValidationError(problems);
}
