import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { HostResolver } from '@mlc/connectors';
import { AppException } from '../../common/app-exception';
import { setOutboundPolicy } from '../../common/http-dispatcher';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { hostProblems, staticHostProblems, type HostMode, type HostProblem, type HostValues } from './host-policy';
import type { SystemFacts } from './system-facts';

/**
 * The host policy with the configuration applied (ALLOW_SANDBOX_HOSTS, ALLOW_PRIVATE_HOSTS): the checks of
 * host-policy.ts for the connections API, the vault and ping; and, at start, the address guard and total deadline of
 * the shared outbound dispatcher (SHARED_DISPATCHER) for every role of the process.
 */
@Injectable()
export class HostPolicyService implements OnModuleInit {
  readonly mode: HostMode;
  private resolver: HostResolver | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.mode = { allowSandboxHosts: config.ALLOW_SANDBOX_HOSTS, allowPrivateHosts: config.ALLOW_PRIVATE_HOSTS };
  }

  onModuleInit(): void {
    setOutboundPolicy({ allowPrivate: this.mode.allowSandboxHosts || this.mode.allowPrivateHosts, totalTimeoutMs: this.config.OUTBOUND_TOTAL_TIMEOUT_MS, maxResponseBytes: this.config.OUTBOUND_MAX_RESPONSE_BYTES });
  }

  /** Replaces the DNS resolver of the save-time check (node's dns.lookup by default); for tests of rebinding. */
  useResolver(resolver: HostResolver | undefined): void {
    this.resolver = resolver;
  }

  /** Every problem of the connection's URLs, merchant hosts resolved (see hostProblems). */
  problems(def: SystemFacts, values: HostValues): Promise<HostProblem[]> {
    return hostProblems(def.hosts, values, this.mode, this.resolver);
  }

  /**
   * Checks a connection's settings (and credentials, when given) before they are saved.
   * @throws AppException `validation_failed` naming each refused field with the reason in product words
   */
  async check(def: SystemFacts, values: HostValues): Promise<void> {
    const problems = await this.problems(def, values);
    if (problems.length) throw AppException.validation(problems.map(({ field, message }) => ({ field, message })));
  }

  /**
   * The checks that need no DNS, before a connection's secrets are handed to a client (a connection saved before this
   * policy, or edited in the database, never sends them to a host the policy refuses).
   * @throws AppException `validation_failed` naming each refused field
   */
  checkStatic(def: SystemFacts, values: HostValues): void {
    const problems = staticHostProblems(def.hosts, values, this.mode);
    if (problems.length) throw AppException.validation(problems.map(({ field, message }) => ({ field, message })));
  }
}
