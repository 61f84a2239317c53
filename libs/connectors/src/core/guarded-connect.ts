/**
 * The address policy (address-policy.ts) applied when a socket connects, not only when a setting is saved: a host name
 * that resolved to a public address when the admin entered it and resolves to a private one later (DNS rebinding) is
 * refused right before the TCP connection opens, so no request (and no secret in it) is written to it. An undici
 * connector resolves the name with node's `dns.lookup` (the same resolver `net.connect` uses), refuses the connection
 * when any answer is outside the policy, and hands `net`/`tls` the checked addresses only; a literal IP host (which
 * `net.connect` would not look up) is judged as it is. A refusal fails the dispatch with HostNotAllowedError.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { describeRange, isIpLiteral, judgeAddress, type AddressPolicyOptions } from './address-policy';

/** Resolves a host name to all its addresses (node's `dns.lookup` with `all: true` by default; tests inject one). */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

/** The connection was refused before it opened: the host is, or resolves to, an address outside the policy. */
export class HostNotAllowedError extends Error {
  readonly code = 'host_not_allowed';
  constructor(
    readonly hostname: string,
    readonly range: string,
  ) {
    super(`${hostname} resolves to ${describeRange(range)}, which is not allowed`);
    this.name = 'HostNotAllowedError';
  }
}

/** What the guard allows; read on every connection, so a running process can be reconfigured (see createGuardedAgent). */
export type ConnectGuardOptions = {
  /** The address policy, or a function returning it at connect time. */
  policy: AddressPolicyOptions | (() => AddressPolicyOptions);
  /** Default: node's `dns.lookup(hostname, { all: true })`. */
  resolve?: HostResolver | undefined;
  /** Told of every refusal as it happens (in the async context of the request that opened the connection). */
  onRefused?: ((error: HostNotAllowedError) => void) | undefined;
};

function refuse(options: ConnectGuardOptions, hostname: string, range: string): HostNotAllowedError {
  const error = new HostNotAllowedError(hostname, range);
  options.onRefused?.(error);
  return error;
}

const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true } satisfies LookupAllOptions, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

function policyOf(options: ConnectGuardOptions): AddressPolicyOptions {
  return typeof options.policy === 'function' ? options.policy() : options.policy;
}

/**
 * Resolves `hostname` and checks every address it has (a name with one private answer among public ones is refused:
 * the OS may pick any of them).
 * @returns the addresses, all allowed
 * @throws HostNotAllowedError naming the first disallowed range; the resolver's own error (ENOTFOUND …) when it fails
 */
export async function resolveAllowed(hostname: string, options: ConnectGuardOptions): Promise<LookupAddress[]> {
  const policy = policyOf(options);
  if (isIpLiteral(hostname)) {
    const verdict = judgeAddress(hostname, policy);
    if (!verdict.isAllowed) throw refuse(options, hostname, verdict.range);
    return [{ address: hostname.replace(/^\[|\]$/g, ''), family: hostname.includes(':') ? 6 : 4 }];
  }
  const addresses = await (options.resolve ?? systemResolver)(hostname);
  if (addresses.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
  for (const a of addresses) {
    const verdict = judgeAddress(a.address, policy);
    if (!verdict.isAllowed) throw refuse(options, hostname, verdict.range);
  }
  return addresses;
}

/**
 * A `lookup` for `net.connect` / `tls.connect` that answers only with allowed addresses (see resolveAllowed). Serves
 * both call shapes node uses: `all: true` (autoSelectFamily, node ≥ 20) and a single address (the first of the
 * wanted family).
 */
export function guardedLookup(options: ConnectGuardOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    resolveAllowed(hostname, options).then(
      (addresses) => {
        const family = typeof lookupOptions.family === 'number' ? lookupOptions.family : 0;
        const wanted = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        if (lookupOptions.all) return callback(null, wanted);
        const first = wanted[0];
        if (!first) return callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
        return callback(null, first.address, first.family);
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}

/**
 * An undici connector with the guard: literal IP hosts are judged before anything opens, names go through
 * guardedLookup. `connectOptions` are undici's (`timeout`, TLS options, …).
 */
export function guardedConnector(options: ConnectGuardOptions, connectOptions: buildConnector.BuildOptions = {}): buildConnector.connector {
  const base = buildConnector({ ...connectOptions, lookup: guardedLookup(options) });
  return (opts, callback) => {
    const hostname = opts.hostname.replace(/^\[|\]$/g, '');
    if (isIpLiteral(hostname)) {
      const verdict = judgeAddress(hostname, policyOf(options));
      if (!verdict.isAllowed) {
        callback(refuse(options, hostname, verdict.range), null);
        return;
      }
    }
    base(opts, callback);
  };
}

/**
 * A keep-alive undici Agent whose every connection passes the guard. `agentOptions` are undici's Agent options
 * (keepAliveTimeout, connections, pipelining, …); `connect` there is replaced by the guarded connector.
 */
export function createGuardedAgent(options: ConnectGuardOptions, agentOptions: Omit<Agent.Options, 'connect'> = {}, connectOptions: buildConnector.BuildOptions = {}): Agent {
  return new Agent({ ...agentOptions, connect: guardedConnector(options, connectOptions) });
}

/** The HostNotAllowedError along an error's `cause` chain (undici and fetch wrap connect errors), if any. */
export function hostNotAllowedIn(error: unknown): HostNotAllowedError | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 6 && typeof e === 'object' && e !== null; depth += 1) {
    if (e instanceof HostNotAllowedError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
