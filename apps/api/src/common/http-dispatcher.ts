import { AsyncLocalStorage } from 'node:async_hooks';
import { createGuardedAgent, responseCap, totalTimeout, type AddressPolicyOptions, type HostNotAllowedError } from '@mlc/connectors';
import type { Dispatcher } from 'undici';

/** How the process's outbound calls are guarded; set from the configuration when the application starts. */
export type OutboundPolicy = {
  /** Private and special-purpose addresses are allowed (ALLOW_PRIVATE_HOSTS, or ALLOW_SANDBOX_HOSTS for the demo's sandboxes). */
  allowPrivate: boolean;
  /** Total deadline of one exchange: connect, headers and body together (OUTBOUND_TOTAL_TIMEOUT_MS). */
  totalTimeoutMs: number;
  /** Cap of every response body in bytes (OUTBOUND_MAX_RESPONSE_BYTES); past it the exchange fails `response_too_large`. */
  maxResponseBytes: number;
};

/** Until the application configures it: public addresses only, two minutes and 16 MiB an exchange (the config defaults). */
const DEFAULT_POLICY: OutboundPolicy = { allowPrivate: false, totalTimeoutMs: 120_000, maxResponseBytes: 16 * 1024 * 1024 };
let policy: OutboundPolicy = DEFAULT_POLICY;

/**
 * Sets the policy every later connection and exchange of SHARED_DISPATCHER follows (OutboundPolicyInit calls it with the
 * configuration at start-up; one process runs one configuration).
 */
export function setOutboundPolicy(next: OutboundPolicy): void {
  policy = { ...next };
}

/** The policy in force. */
export function outboundPolicy(): OutboundPolicy {
  return policy;
}

const addressPolicy = (): AddressPolicyOptions => ({ allowPrivate: policy.allowPrivate });

const refusals = new AsyncLocalStorage<HostNotAllowedError[]>();

/**
 * Runs `work` and returns, with its result, the connections the guard refused while it ran (those it opened in its
 * own async context): ping uses it to say "the address is not allowed" where a connector only saw a failed request.
 */
export async function withRefusalsSeen<T>(work: () => Promise<T>): Promise<{ result: T; refused: HostNotAllowedError[] }> {
  const seen: HostNotAllowedError[] = [];
  const result = await refusals.run(seen, work);
  return { result, refused: seen };
}

/**
 * One keep-alive connection pool per process for every outbound API call (undici Agent). Throughput is
 * in-flight calls divided by latency, so connections are reused rather than opened per request.
 * Every connection it opens passes the address guard (libs/connectors core/guarded-connect.ts): a host that is, or
 * resolves at connect time to, a private, loopback, link-local or other special-purpose address is refused with
 * `host_not_allowed` before a byte is written, unless the policy allows private addresses. Every exchange also has a
 * total deadline (core/total-timeout.ts) on top of the transport's per-attempt header and body timeouts, and a cap on its
 * response body (core/response-cap.ts).
 */
export const SHARED_DISPATCHER: Dispatcher = createGuardedAgent({ policy: addressPolicy, onRefused: (e) => refusals.getStore()?.push(e) }, { keepAliveTimeout: 30_000, connections: 128, pipelining: 1 }).compose(
  totalTimeout(() => policy.totalTimeoutMs),
  responseCap(() => policy.maxResponseBytes),
);
