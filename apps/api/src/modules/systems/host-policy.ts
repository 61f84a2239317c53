import { describeRange, HostNotAllowedError, isIpLiteral, judgeAddress, resolveAllowed, type HostResolver } from '@mlc/connectors';
import type { FieldProblem } from '../../common/app-exception';
import type { HostRule } from './system-facts';

/**
 * The host policy of the system registry's facts (each system's `hosts`, see HostRule), as pure functions: the
 * connections API checks it on create and update, the vault refuses to hand out secrets for a connection that breaks
 * it, and ping checks it before anything is sent. The address check of merchant hosts happens once more when each
 * connection opens (libs/connectors core/guarded-connect.ts), against DNS rebinding.
 */

/** What the configuration relaxes. */
export type HostMode = {
  /** ALLOW_SANDBOX_HOSTS: the local sandboxes stand in for vendors' endpoints; merchant hosts may be http and private. */
  allowSandboxHosts: boolean;
  /** ALLOW_PRIVATE_HOSTS: merchant hosts may be, or resolve to, private addresses (HTTPS still required). */
  allowPrivateHosts: boolean;
};

/** The parsed values a rule reads its URLs from (`credentials` undefined when they are not at hand). */
export type HostValues = { settings: Record<string, unknown>; credentials: Record<string, unknown> | undefined };

/** One refused URL: the field, the product-words message, and the address range when the address was the reason. */
export type HostProblem = FieldProblem & { range?: string };

/** The sandboxes' hosts (URL `hostname` spelling). */
const SANDBOX_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when `hostname` (as `new URL().hostname` spells it) is this machine as the sandboxes use it. */
export function isSandboxHost(hostname: string): boolean {
  return SANDBOX_HOSTS.has(hostname.toLowerCase());
}

function isVendorHost(rule: HostRule, hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (rule.vendorHosts ?? []).some((h) => (typeof h === 'string' ? h === host : h.test(host)));
}

type UrlCheck = { problem: HostProblem } | { resolve: string } | { ok: true };

/** The checks that need no DNS: the URL's shape, scheme, host allowlist (vendor-fixed) and literal IP (merchant). */
function checkUrl(rule: HostRule, value: string, mode: HostMode): UrlCheck {
  const fail = (message: string, range?: string): UrlCheck => ({ problem: { field: rule.field, message, ...(range === undefined ? {} : { range }) } });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${rule.label} is not a valid address`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(`${rule.label} must be an https:// address`);
  if (url.username !== '' || url.password !== '') return fail(`${rule.label} must not contain a user name or password`);
  if (mode.allowSandboxHosts && isSandboxHost(url.hostname)) return { ok: true };
  if (rule.kind === 'vendor-fixed') {
    const where = rule.vendorHostsText ?? 'the vendor’s documented host';
    if (url.protocol !== 'https:' || url.port !== '' || !isVendorHost(rule, url.hostname)) {
      return fail(`${rule.label} must be an https:// address on ${where}, as the vendor documents it; a stored secret is never sent to another host`);
    }
    return { ok: true };
  }
  if (mode.allowSandboxHosts) return { ok: true };
  if (url.protocol !== 'https:') return fail(`${rule.label} must start with https://: the keys and the shop’s data would otherwise travel unencrypted`);
  if (mode.allowPrivateHosts) return { ok: true };
  return { resolve: url.hostname };
}

/** Every URL of every rule, with the rule it belongs to. */
function urlsOf(rules: readonly HostRule[], values: HostValues): { rule: HostRule; url: string }[] {
  return rules.flatMap((rule) => rule.urlsOf(values).map((url) => ({ rule, url })));
}

/**
 * The problems found without DNS (shape, scheme, vendor host lists; a merchant host that is a literal IP is judged
 * too, since that needs no lookup). Used where no lookup may happen (before secrets are read).
 */
export function staticHostProblems(rules: readonly HostRule[], values: HostValues, mode: HostMode): HostProblem[] {
  const problems: HostProblem[] = [];
  for (const { rule, url } of urlsOf(rules, values)) {
    const checked = checkUrl(rule, url, mode);
    if ('problem' in checked) problems.push(checked.problem);
    else if ('resolve' in checked) {
      const literal = literalProblem(rule, checked.resolve);
      if (literal) problems.push(literal);
    }
  }
  return problems;
}

function literalProblem(rule: HostRule, hostname: string): HostProblem | undefined {
  if (!isIpLiteral(hostname)) return undefined;
  const verdict = judgeAddress(hostname);
  return verdict.isAllowed ? undefined : { field: rule.field, message: addressMessage(rule.label, verdict.range), range: verdict.range };
}

/** The product sentence for a merchant host whose address is refused. */
export function addressMessage(label: string, range: string): string {
  return `${label}: the address resolves to ${describeRange(range)}, which is not allowed (a shop must be reachable from the internet; an operator can set ALLOW_PRIVATE_HOSTS=true for one on your own network)`;
}

/**
 * Every problem, merchant hosts resolved with `resolve` (DNS) and each of their addresses judged.
 * @returns the problems, empty when every URL is allowed
 */
export async function hostProblems(rules: readonly HostRule[], values: HostValues, mode: HostMode, resolve?: HostResolver): Promise<HostProblem[]> {
  const problems: HostProblem[] = [];
  for (const { rule, url } of urlsOf(rules, values)) {
    const checked = checkUrl(rule, url, mode);
    if ('problem' in checked) problems.push(checked.problem);
    else if ('resolve' in checked) {
      try {
        await resolveAllowed(checked.resolve, { policy: { allowPrivate: false }, resolve });
      } catch (e: unknown) {
        if (e instanceof HostNotAllowedError) problems.push({ field: rule.field, message: addressMessage(rule.label, e.range), range: e.range });
        else problems.push({ field: rule.field, message: `${rule.label}: the host name could not be found (DNS); check the address` });
      }
    }
  }
  return problems;
}

/** The settings fields the rules name (`tokenUrl` of `settings.tokenUrl`), for the re-enter-your-secrets rule. */
export function hostSettingsFields(rules: readonly HostRule[]): string[] {
  return rules.filter((r) => r.field.startsWith('settings.')).map((r) => r.field.slice('settings.'.length));
}

/** A rule helper: the value of one settings field when it is a non-empty string. */
export function settingUrl(name: string): HostRule['urlsOf'] {
  return ({ settings }) => {
    const v = settings[name];
    return typeof v === 'string' && v !== '' ? [v] : [];
  };
}
