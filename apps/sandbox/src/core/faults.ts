/**
 * Switchable faults shared by every sandbox. A fault rule fires for the next `count` matching requests
 * (or forever with `count: -1`), then disarms itself. Tests arm them through the control API
 * (`POST /_sandbox/faults`) or in-process through `FaultInjector.arm`.
 */
export const FAULT_KINDS = [
  'http-429',
  'http-500',
  'http-502',
  'http-503',
  'http-401',
  'http-412',
  'timeout',
  'reset',
  'drop-webhook',
  'duplicate-webhook',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultRule = {
  kind: FaultKind;
  /** How many matching requests (or webhook deliveries) it applies to; -1 means until cleared. */
  count: number;
  /** Only requests with this method (any when absent). */
  method?: string;
  /** Only requests whose path contains this text (any when absent). */
  pathContains?: string;
  /** For http-429: the Retry-After seconds to send (default 1). */
  retryAfterSeconds?: number;
  /** For timeout: how long to hold the response before answering 504 (default 30000 ms). */
  delayMs?: number;
};

export class FaultInjector {
  private rules: FaultRule[] = [];

  arm(rule: FaultRule): void {
    if (!FAULT_KINDS.includes(rule.kind)) throw new Error(`unknown fault kind ${String(rule.kind)}`);
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  /**
   * Takes one firing of the first rule matching this request (HTTP faults only), or undefined.
   * Webhook faults are taken with `takeWebhookFault`.
   */
  takeRequestFault(method: string, path: string): FaultRule | undefined {
    return this.take((r) => !r.kind.endsWith('-webhook') && this.matches(r, method, path));
  }

  /** Takes one firing of a drop/duplicate webhook fault, or undefined. */
  takeWebhookFault(): FaultRule | undefined {
    return this.take((r) => r.kind.endsWith('-webhook'));
  }

  private matches(rule: FaultRule, method: string, path: string): boolean {
    if (path.startsWith('/_sandbox')) return false;
    if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
    if (rule.pathContains && !path.includes(rule.pathContains)) return false;
    return true;
  }

  private take(predicate: (rule: FaultRule) => boolean): FaultRule | undefined {
    const rule = this.rules.find(predicate);
    if (!rule) return undefined;
    if (rule.count > 0) rule.count -= 1;
    if (rule.count === 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }
}
