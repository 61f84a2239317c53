import { Agent, request } from 'node:http';
import fc from 'fast-check';

/**
 * The fuzz suite's shared kit: its budget (env), a keep-alive HTTP client that sends any bytes and any header the
 * protocol allows (to each of the app's processes in turn, see app-process.ts), a bounded pool that generates each
 * case when it takes it and runs them concurrently, /metrics scraping, and the arbitraries (mutations of official
 * payloads, hostile values, raw bodies, header noise).
 *
 * Env: `FUZZ_RUNS` cases per route (default 10 000), `FUZZ_SEED` (default 19019, fixed so CI is reproducible; every
 * failure names the seed and the case index), `FUZZ_CONCURRENCY` requests in flight (default 16), and
 * `FUZZ_APP_PROCESSES` (app-process.ts).
 *
 * Where the time goes (10 000 cases of one API route on 2 cores): the app's handling, about 2.5–3 ms of CPU a request
 * (a session look-up, the route, an admin-audit row even for a refusal), PostgreSQL about 0.8 ms, the suite's side
 * (generating, signing, sending, checking) about 0.5 ms. So the app runs as processes of its own, and the suite keeps
 * its per-case work to plain code (jest's `expect` per case, the PEM parse per RSA signature and listing every path
 * of a payload per mutation each cost more than the rest).
 */
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 10_000);
export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 19_019);
export const FUZZ_CONCURRENCY = Number(process.env['FUZZ_CONCURRENCY'] ?? 16);

export type Sent = { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string };
export type Answer = { status: number; text: string };

export type Client = {
  /** Sends to the app's processes in turn. */
  send(req: Sent): Promise<Answer>;
  /** Sends to every process of the app (the answers in their order): /metrics and /health are per process. */
  sendEach(req: Sent): Promise<Answer[]>;
  close(): void;
};

/**
 * A keep-alive client for the app's base URLs (one per process, taken in turn); answers carry the status and the body
 * as text (never throws on a status). A request on a reused socket the server had just closed (its keep-alive timeout
 * passed while the suite waited) is sent again once on a fresh one, as any HTTP client does; every other network
 * error fails the case.
 */
export function httpClient(baseUrls: string | readonly string[]): Client {
  const targets = (typeof baseUrls === 'string' ? [baseUrls] : baseUrls).map((u) => ({ url: new URL(u), agent: new Agent({ keepAlive: true, maxSockets: FUZZ_CONCURRENCY }) }));
  let turn = 0;
  const sendTo = (target: (typeof targets)[number], req: Sent): Promise<Answer> =>
    once(target, req).catch((err: unknown) => {
      if ((err as { reused?: boolean }).reused) return once(target, req);
      throw err;
    });
  const once = ({ url, agent }: (typeof targets)[number], req: Sent): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
      const headers: Record<string, string | number> = { ...(req.headers ?? {}) };
      if (body) headers['content-length'] = body.length;
      const r = request({ host: url.hostname, port: url.port, method: req.method ?? 'POST', path: req.path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      r.on('error', (err: Error) => reject(Object.assign(err, { reused: r.reusedSocket })));
      r.end(body);
    });
  return {
    send: (req) => sendTo(targets[turn++ % targets.length] as (typeof targets)[number], req),
    sendEach: (req) => Promise.all(targets.map((target) => sendTo(target, req))),
    close: () => targets.forEach((target) => target.agent.destroy()),
  };
}

/**
 * The values of `arb` for one route, generated one at a time when the pool takes the next case (ten thousand
 * cases are never all held at once, and generating overlaps the app's work). The same for the same seed: one
 * random stream per route (offset so two routes never share one), drawn in case order, each case with the bias
 * fast-check's own runner would give its run index.
 */
export function lazySample<T>(arb: fc.Arbitrary<T>, offset: number): (index: number) => T {
  const random = fc.sample(new CaptureRandom(), { numRuns: 1, seed: FUZZ_SEED + offset })[0] as fc.Random;
  return (index) => arb.generate(random, 2 + Math.floor(Math.log10(index + 1))).value;
}

/** An arbitrary whose value is the generator's random source itself (fast-check exports no other way to seed one). */
class CaptureRandom extends fc.Arbitrary<fc.Random> {
  generate(mrng: fc.Random): fc.Value<fc.Random> {
    return new fc.Value(mrng.clone(), undefined);
  }
  canShrinkWithoutContext(_value: unknown): _value is fc.Random {
    return false;
  }
  shrink(): fc.Stream<fc.Value<fc.Random>> {
    return fc.Stream.nil();
  }
}

/**
 * Runs `check` over FUZZ_RUNS cases of `arb` (generated lazily, see lazySample) with at most FUZZ_CONCURRENCY in
 * flight. A case whose check throws is collected; after all ran, throws one error naming the seed, how many failed,
 * and the first five (index and message).
 */
export async function runCases<T>(name: string, arb: fc.Arbitrary<T>, offset: number, check: (c: T, index: number) => Promise<void>, runs = FUZZ_RUNS): Promise<void> {
  const caseAt = lazySample(arb, offset);
  const failures: { index: number; message: string }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runs) {
      const index = next++;
      try {
        await check(caseAt(index), index);
      } catch (err: unknown) {
        failures.push({ index, message: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: FUZZ_CONCURRENCY }, worker));
  if (failures.length) {
    const first = failures.sort((a, b) => a.index - b.index).slice(0, 5).map((f) => `#${f.index}: ${f.message.slice(0, 400)}`);
    throw new Error(`${name}: ${failures.length} of ${runs} cases failed (FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${runs})\n${first.join('\n')}`);
  }
}

/** Sum of `mlc_webhook_rejected_total` over the series whose labels include every `labels` pair, over every process. */
export async function rejectedTotal(client: Client, labels: Record<string, string> = {}): Promise<number> {
  const text = (await client.sendEach({ method: 'GET', path: '/metrics' })).map((a) => a.text).join('\n');
  let total = 0;
  for (const m of text.matchAll(/^mlc_webhook_rejected_total\{([^}]*)\} (\d+)/gm)) {
    const has = Object.entries(labels).every(([k, v]) => (m[1] ?? '').includes(`${k}="${v}"`));
    if (has) total += Number(m[2]);
  }
  return total;
}

/** Raw JSON tokens JSON.stringify cannot produce, spliced in for a placeholder string after serialising. */
const RAW_PREFIX = '@@raw:';
const rawToken = fc.oneof(
  fc.constantFrom('1e400', '-1e400', '-0', '18446744073709551616', '-9223372036854775809', '123456789012345678901234567890.5', '1e-400', '0.0000000000000000000001'),
  fc.integer({ min: 65, max: 20_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
  fc.integer({ min: 65, max: 5_000 }).map((d) => '{"a":'.repeat(d) + '1' + '}'.repeat(d)),
);

/** Values that break naive code: huge and odd numbers, NUL and lone surrogates, long strings, wrong types, raw tokens. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 64, -(2 ** 63), Number.MAX_SAFE_INTEGER + 2, -0, 0.1 + 0.2, '-0', '1e308', 'NaN', 'Infinity', '', ' ', null, true, false, [], {}),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83dy', '\u202e\u200b\ufeff', 'Ω≈ç√∫', '💥'.repeat(500), '\\', '"', '</script>', "' OR 1=1 --"),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.double(),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((b) => String(b)),
  fc.anything({ maxDepth: 3 }),
  rawToken.map((t) => RAW_PREFIX + t),
  rawToken.map((t) => RAW_PREFIX + t),
  // Long strings are rarer (they cost memory while the cases are held): past most column widths, up to 64 KiB.
  fc.constantFrom(201, 1_000, 70_000).map((n) => 'x'.repeat(n)),
);

type Op = { pick: number; op: 'delete' | 'replace' | 'wrap' | 'rename' | 'retype'; value: unknown };
const opArb: fc.Arbitrary<Op> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('delete', 'replace', 'replace', 'wrap', 'rename', 'retype'),
  value: hostileValue,
});

/** How many children of containers `value` holds, at any depth (the paths a mutation can pick from). */
function countPaths(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  let n = 0;
  for (const v of Object.values(value)) n += 1 + countPaths(v);
  return n;
}

/**
 * The `n`-th path (0-based, depth first: a container before its children; arrays by index, objects by key) of
 * containers' children in `value`, or undefined past the last. Walks without listing every path: for a large
 * official payload that list cost more than the rest of the case.
 */
function nthPath(value: unknown, n: number): (string | number)[] | undefined {
  let left = n;
  const walk = (node: unknown, prefix: (string | number)[]): (string | number)[] | undefined => {
    if (!node || typeof node !== 'object') return undefined;
    for (const [k, v] of Object.entries(node)) {
      const key = Array.isArray(node) ? Number(k) : k;
      if (left === 0) return [...prefix, key];
      left -= 1;
      const size = countPaths(v);
      if (left < size) return walk(v, [...prefix, key]);
      left -= size;
    }
    return undefined;
  };
  return walk(value, []);
}

/** A fresh copy (a sampled constant is one shared object: mutating it in place would leak into later cases). */
function copy(value: unknown): unknown {
  try {
    return value && typeof value === 'object' ? structuredClone(value) : value;
  } catch {
    return null;
  }
}

function applyOp(root: unknown, o: Op): unknown {
  const count = countPaths(root);
  if (!count) return o.op === 'delete' ? {} : copy(o.value);
  const path = nthPath(root, o.pick % count) ?? [];
  const parent = path.slice(0, -1).reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string | number, unknown>)[k] : undefined), root);
  if (!parent || typeof parent !== 'object') return root;
  return change(root, parent as Record<string | number, unknown>, path[path.length - 1] as string | number, o);
}

function change(root: unknown, parent: Record<string | number, unknown>, key: string | number, o: Op): unknown {
  const old = parent[key];
  if (o.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (o.op === 'wrap') parent[key] = [old];
  else if (o.op === 'rename') {
    delete parent[key];
    parent[`${String(key)}\u0000`] = old;
  } else if (o.op === 'retype') parent[key] = typeof old === 'number' ? String(old) : typeof old === 'string' && /^-?\d+(\.\d+)?$/.test(old) ? Number(old) : copy(o.value);
  else parent[key] = copy(o.value);
  return root;
}

/** JSON text of `value`, with raw-token placeholders replaced by their tokens. */
export function serialise(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'null';
  } catch {
    // A BigInt somewhere (JSON.stringify throws on one): the slower replacer writes it as a string.
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? 'null';
  }
  if (!text.includes(RAW_PREFIX)) return text;
  return text.replace(/"@@raw:([^"]*)"/g, (_m, token: string) => token);
}

/** An official payload with one to four random mutations (delete, replace with a hostile value, wrap, rename, retype). */
export function mutated(seeds: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc.tuple(fc.nat(seeds.length - 1), fc.array(opArb, { minLength: 1, maxLength: 4 })).map(([i, ops]) => {
    let value = structuredClone(seeds[i]);
    for (const o of ops) value = applyOp(value, o);
    return value;
  });
}

/** Bodies that are JSON: mostly mutated seeds, some seeds as-is, some random JSON and random values. */
export function jsonBody(seeds: readonly unknown[]): fc.Arbitrary<Buffer> {
  return fc
    .oneof(
      { weight: 8, arbitrary: mutated(seeds) },
      { weight: 1, arbitrary: fc.constantFrom(...seeds) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
      { weight: 1, arbitrary: hostileValue },
    )
    .map((v) => Buffer.from(serialise(v), 'utf8'));
}

/** One body past the intake's 1 MiB limit, shared by every case that sends one. */
const OVERSIZE = Buffer.alloc(1_048_577 + 1_000, 0x20);

/** Bodies that are not (valid UTF-8) JSON: random bytes, truncated or corrupted JSON, forms, empty, over 1 MiB. */
export function rawBody(seeds: readonly unknown[]): fc.Arbitrary<Buffer> {
  const seedText = fc.constantFrom(...seeds.map((s) => serialise(s)));
  const badUtf8 = fc.constantFrom(Buffer.from([0xff]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from([0xc0, 0xaf]), Buffer.from([0x00]));
  return fc.oneof(
    { weight: 18, arbitrary: fc.uint8Array({ maxLength: 512 }).map((a) => Buffer.from(a)) },
    { weight: 18, arbitrary: fc.tuple(seedText, fc.nat()).map(([t, n]) => Buffer.from(t.slice(0, n % Math.max(1, t.length)), 'utf8')) },
    {
      weight: 18,
      arbitrary: fc.tuple(seedText, fc.nat(), badUtf8).map(([t, n, bad]) => {
        const b = Buffer.from(t, 'utf8');
        const at = n % Math.max(1, b.length);
        return Buffer.concat([b.subarray(0, at), bad, b.subarray(at)]);
      }),
    },
    { weight: 6, arbitrary: fc.constantFrom(Buffer.alloc(0), Buffer.from('webhook_id=1'), Buffer.from('webhook_id=1&x=%ZZ'), Buffer.from('a=1&a=2'), Buffer.from('null'), Buffer.from(' \r\n\t')) },
    { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => Buffer.from(`webhook_id=${s}`, 'utf8')) },
    // Rare: each one is a megabyte through loopback and the app's body reader (about 0.3 % of a route's cases,
    // ~30 in ten thousand, still enough to check every 413 keeps the error shape and the counter).
    { weight: 1, arbitrary: fc.constant(OVERSIZE) },
  );
}

/** Header values as HTTP carries them: visible ASCII plus the latin-1 bytes (0x80–0xFF) node:http lets through. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, '')),
  fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a.map((b) => (b < 0x20 || b === 0x7f ? 0x41 : b))).toString('latin1')),
  fc.constantFrom('', ' ', 'v1,', 'v1,AAAA', 'v2,abc', '=', 'null', '0', '-1', '99999999999999999999', 'application/json', '\xff\xfe'),
);

/** A content-type: absent, right, wrong, or garbage. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/xml'),
  headerValue,
);

/** Extra random headers (names a sender might confuse us with) merged into a delivery's. */
export const headerNoise: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom('x-correlation-id', 'content-encoding', 'transfer-encoding-x', 'x-forwarded-for', 'webhook-id', 'x-wc-webhook-topic', 'x-mlc-hook-secret', 'x-random', 'accept'),
  headerValue,
  { maxKeys: 3 },
);
