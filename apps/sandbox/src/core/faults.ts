/**
 * Switchable faults shared by every sandbox. A fault rule fires for the next `count` matching requests (or webhook
 * deliveries; forever with `count: -1`), then disarms itself. With `probability` a match fires only that often
 * (Math.random, or a PRNG seeded by the rule's `seed`) and `count` counts firings. Tests arm rules through the
 * control API (`POST /_sandbox/faults`) or in-process through `FaultInjector.arm`; both validate the rule.
 * The behaviour of each kind is described in apps/sandbox/README.md.
 */

/** Faults that hit an HTTP request served by the sandbox. */
export const REQUEST_FAULT_KINDS = [
  'http-429',
  'http-500',
  'http-501',
  'http-502',
  'http-503',
  'http-401',
  'http-409',
  'http-412',
  'validation-error',
  'timeout',
  'reset',
  'lose-reply',
  'latency',
] as const;
export type RequestFaultKind = (typeof REQUEST_FAULT_KINDS)[number];

/** Faults that hit one outgoing webhook delivery (BigCommerce). */
export const WEBHOOK_FAULT_KINDS = ['drop-webhook', 'duplicate-webhook', 'delay-webhook', 'reorder-webhook'] as const;
export type WebhookFaultKind = (typeof WEBHOOK_FAULT_KINDS)[number];

export const FAULT_KINDS = [...REQUEST_FAULT_KINDS, ...WEBHOOK_FAULT_KINDS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultRule = {
  kind: FaultKind;
  /** How many firings it applies to (an integer ≥ 1), or -1 for until cleared. */
  count: number;
  /** 0 < p ≤ 1: a matching request/delivery fires the rule with this probability (default 1). */
  probability?: number;
  /** Integer seed of the rule's own PRNG (mulberry32) for `probability` and the `reorder-webhook` holds. */
  seed?: number;
  /** Request faults: only requests with this method (case-insensitive; any when absent). */
  method?: string;
  /** Request faults: only requests whose path contains this text (any when absent). */
  pathContains?: string;
  /** Webhook faults: only deliveries of this scope, exact or by prefix (`store/customer/`; a trailing `*` is ignored). */
  scope?: string;
  /** http-429 (default 1) and http-503 (none by default): the Retry-After seconds to send. */
  retryAfterSeconds?: number;
  /**
   * Milliseconds. timeout: hold before answering 504 (default 30000). latency: wait before the handler runs
   * (default 1000). lose-reply: wait after the handler before destroying the socket (default 0).
   * delay-webhook: hold the delivery this long (default 1000). reorder-webhook: random hold in [0, delayMs]
   * (default 2000).
   */
  delayMs?: number;
  /** validation-error: the field the vendor's validation message names. */
  field?: string;
};

/** A rule whose kind is a request fault (what `takeRequestFault` returns). */
export type RequestFaultRule = Omit<FaultRule, 'kind'> & { kind: RequestFaultKind };

/** A rule as armed: the rule (with `count` counting down) plus its id and how often it fired. */
export type ArmedFault = FaultRule & { id: number; fired: number };

/** The webhook faults taken for one delivery: at most one fate (drop/duplicate) and one timing (delay/reorder). */
export type WebhookFaults = {
  fate?: FaultRule;
  /** A delay/reorder rule and the hold it drew for this delivery, in ms. */
  timing?: { rule: FaultRule; holdMs: number };
};

/** Which optional fields each kind accepts (`kind`, `count`, `probability` and `seed` are always accepted). */
const REQUEST_FIELDS = ['method', 'pathContains'] as const;
const FIELDS_BY_KIND: Record<FaultKind, readonly string[]> = {
  'http-429': [...REQUEST_FIELDS, 'retryAfterSeconds'],
  'http-500': REQUEST_FIELDS,
  'http-501': REQUEST_FIELDS,
  'http-502': REQUEST_FIELDS,
  'http-503': [...REQUEST_FIELDS, 'retryAfterSeconds'],
  'http-401': REQUEST_FIELDS,
  'http-409': REQUEST_FIELDS,
  'http-412': REQUEST_FIELDS,
  'validation-error': [...REQUEST_FIELDS, 'field'],
  timeout: [...REQUEST_FIELDS, 'delayMs'],
  reset: REQUEST_FIELDS,
  'lose-reply': [...REQUEST_FIELDS, 'delayMs'],
  latency: [...REQUEST_FIELDS, 'delayMs'],
  'drop-webhook': ['scope'],
  'duplicate-webhook': ['scope'],
  'delay-webhook': ['scope', 'delayMs'],
  'reorder-webhook': ['scope', 'delayMs'],
};
const ALWAYS = ['kind', 'count', 'probability', 'seed'];
/** setTimeout's largest delay; longer ones fire at once. */
const MAX_DELAY_MS = 2_147_483_647;

export const DEFAULT_LATENCY_MS = 1000;
export const DEFAULT_TIMEOUT_HOLD_MS = 30_000;
export const DEFAULT_WEBHOOK_DELAY_MS = 1000;
export const DEFAULT_WEBHOOK_REORDER_MS = 2000;

/** A rule that cannot be armed; `field` names the offending property (the control API answers 400 with it). */
export class FaultRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FaultRuleError';
  }
}

/**
 * Checks a rule as received (JSON or in-process) and returns a clean copy. Throws `FaultRuleError` for: a body that
 * is not an object, an unknown kind, a count that is not -1 or an integer ≥ 1, probability outside (0, 1], a seed
 * that is not an integer, negative or too large delayMs / retryAfterSeconds, empty strings, and any property the
 * kind does not use (a typo must not arm a different fault than intended).
 */
export function validateFaultRule(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultRuleError('body', 'a fault rule must be a JSON object');
  const raw = input as Record<string, unknown>;
  const kind = raw['kind'];
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultRuleError('kind', `unknown fault kind ${JSON.stringify(kind) ?? 'undefined'}; one of ${FAULT_KINDS.join(', ')}`);
  }
  const k = kind as FaultKind;
  const allowed = new Set([...ALWAYS, ...FIELDS_BY_KIND[k]]);
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined && !allowed.has(name)) {
      throw new FaultRuleError(name, `${name} does not apply to fault kind ${k} (accepted: ${[...allowed].join(', ')})`);
    }
  }
  const count = raw['count'];
  if (typeof count !== 'number' || !Number.isInteger(count) || (count < 1 && count !== -1)) {
    throw new FaultRuleError('count', 'count must be -1 (until cleared) or an integer ≥ 1');
  }
  const rule: FaultRule = { kind: k, count };
  const num = (name: 'probability' | 'seed' | 'retryAfterSeconds' | 'delayMs', check: (n: number) => boolean, expected: string): void => {
    const v = raw[name];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) throw new FaultRuleError(name, `${name} must be ${expected}, got ${JSON.stringify(v)}`);
    rule[name] = v;
  };
  num('probability', (p) => p > 0 && p <= 1, 'a number with 0 < probability ≤ 1');
  num('seed', (s) => Number.isSafeInteger(s), 'an integer');
  num('retryAfterSeconds', (s) => Number.isInteger(s) && s >= 0, 'an integer ≥ 0');
  num('delayMs', (d) => d >= 0 && d <= MAX_DELAY_MS, `a number of milliseconds, 0 ≤ delayMs ≤ ${MAX_DELAY_MS}`);
  const text = (name: 'method' | 'pathContains' | 'scope' | 'field'): void => {
    const v = raw[name];
    if (v === undefined) return;
    if (typeof v !== 'string' || v.length === 0) throw new FaultRuleError(name, `${name} must be a non-empty string`);
    rule[name] = v;
  };
  text('method');
  text('pathContains');
  text('scope');
  text('field');
  return rule;
}

type Armed = { rule: ArmedFault; random: () => number };

/**
 * The armed rules of one sandbox, taken in arming order. A request takes at most one request fault; a webhook
 * delivery takes at most one fate fault (drop/duplicate) and, unless dropped, one timing fault (delay/reorder).
 * A rule whose probability draw misses is skipped for that request without using up its count.
 */
export class FaultInjector {
  private armed: Armed[] = [];
  private nextId = 1;

  /** Validates and arms a rule; returns it as listed (with its id). Throws `FaultRuleError` when invalid. */
  arm(rule: FaultRule): ArmedFault {
    const clean = validateFaultRule(rule);
    const armed: ArmedFault = { ...clean, id: this.nextId, fired: 0 };
    this.nextId += 1;
    this.armed.push({ rule: armed, random: clean.seed === undefined ? Math.random : mulberry32(clean.seed) });
    return { ...armed };
  }

  /** Disarms every rule. */
  clear(): void {
    this.armed = [];
  }

  /** Disarms one rule by id; false when no such rule is armed. */
  disarm(id: number): boolean {
    const before = this.armed.length;
    this.armed = this.armed.filter((a) => a.rule.id !== id);
    return this.armed.length < before;
  }

  /** The armed rules in arming order (`count` is what is left). */
  list(): readonly ArmedFault[] {
    return this.armed.map((a) => ({ ...a.rule }));
  }

  /** Takes one firing of the first request-fault rule matching this request and winning its draw, or undefined. */
  takeRequestFault(method: string, path: string): RequestFaultRule | undefined {
    if (path === '/_sandbox' || path.startsWith('/_sandbox/')) return undefined;
    const m = method.toUpperCase();
    const rule = this.take((r) => isRequestKind(r.kind) && (!r.method || r.method.toUpperCase() === m) && (!r.pathContains || path.includes(r.pathContains)))?.rule;
    const kind = rule?.kind;
    return rule && kind !== undefined && isRequestKind(kind) ? { ...rule, kind } : undefined;
  }

  /** Takes the webhook faults of one delivery of an event with this scope. */
  takeWebhookFaults(scope: string): WebhookFaults {
    const inScope = (r: FaultRule): boolean => !r.scope || scope.startsWith(r.scope.replace(/\*$/, ''));
    const fate = this.take((r) => (r.kind === 'drop-webhook' || r.kind === 'duplicate-webhook') && inScope(r));
    if (fate?.rule.kind === 'drop-webhook') return { fate: fate.rule };
    const timing = this.take((r) => (r.kind === 'delay-webhook' || r.kind === 'reorder-webhook') && inScope(r));
    const out: WebhookFaults = fate ? { fate: fate.rule } : {};
    if (timing) {
      const { rule, draw } = timing;
      const holdMs = rule.kind === 'delay-webhook' ? (rule.delayMs ?? DEFAULT_WEBHOOK_DELAY_MS) : Math.floor(draw() * ((rule.delayMs ?? DEFAULT_WEBHOOK_REORDER_MS) + 1));
      out.timing = { rule, holdMs };
    }
    return out;
  }

  private take(predicate: (rule: FaultRule) => boolean): { rule: FaultRule; draw: () => number } | undefined {
    for (const a of this.armed) {
      if (!predicate(a.rule)) continue;
      if (a.rule.probability !== undefined && a.rule.probability < 1 && a.random() >= a.rule.probability) continue;
      a.rule.fired += 1;
      if (a.rule.count > 0) a.rule.count -= 1;
      if (a.rule.count === 0) this.armed = this.armed.filter((x) => x !== a);
      const { id: _id, fired: _fired, ...rule } = a.rule;
      return { rule, draw: a.random };
    }
    return undefined;
  }
}

function isRequestKind(kind: FaultKind): kind is RequestFaultKind {
  return (REQUEST_FAULT_KINDS as readonly string[]).includes(kind);
}

/**
 * mulberry32: a small, fast 32-bit PRNG (Tommy Ettinger's public-domain generator); returns floats in [0, 1).
 * Good enough for reproducible fault schedules, not for anything cryptographic.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
