import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { ZodType, ZodTypeDef } from 'zod';
import type { SystemFacts } from '../systems/system-facts';
import { AppException, type FieldProblem } from '../../common/app-exception';
import { ConnectionEntity } from '../../database/entities';
import { AuditService } from '../audit/audit.service';
import { maskSecret } from './envelope-cipher';
import { VaultService } from './vault.service';
import { SystemRegistry } from '../systems/system-registry.service';
import { HostPolicyService } from '../systems/host-policy.service';
import { hostSettingsFields } from '../systems/host-policy';

/** A connection as the API shows it: settings, masked credential hints, status; never a secret. */
export type ConnectionView = {
  id: string;
  system: string;
  name: string;
  settings: Record<string, unknown>;
  credentials: { hints: Record<string, string>; updatedAt: string | null };
  status: string;
  lastPing: object | null;
  lastPingAt: string | null;
  createdAt: string;
};

export type CreateConnectionInput = { system: string; name: string; settings: unknown; credentials: unknown };
export type UpdateConnectionInput = { name?: string | undefined; settings?: unknown; credentials?: unknown };

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

function parse<T>(schema: ZodType<T, ZodTypeDef, unknown>, value: unknown, prefix: string): Parsed<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.map((i) => ({ field: [prefix, ...i.path].join('.'), message: i.message })) };
}

/** Returns every parsed value, or throws one validation error listing the problems of all of them. */
function allOrThrow<A, B>(a: Parsed<A>, b: Parsed<B>): [A, B] {
  if (a.ok && b.ok) return [a.value, b.value];
  throw AppException.validation([...(a.ok ? [] : a.problems), ...(b.ok ? [] : b.problems)]);
}

function parseOrThrow<T>(schema: ZodType<T, ZodTypeDef, unknown>, value: unknown, prefix: string): T {
  const result = parse(schema, value, prefix);
  if (result.ok) return result.value;
  throw AppException.validation(result.problems);
}

/** Connections with write-only, vault-encrypted credentials. Every change is audited (without secrets). */
@Injectable()
export class ConnectionsService {
  private readonly listeners: ((connectionId: string) => void)[] = [];

  constructor(
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    private readonly vault: VaultService,
    private readonly audit: AuditService,
    private readonly systems: SystemRegistry,
    private readonly hosts: HostPolicyService,
  ) {}

  /** Calls `listener` with the id of every connection this process updates or deletes (caches of its secrets drop it). */
  onChange(listener: (connectionId: string) => void): void {
    this.listeners.push(listener);
  }

  private changed(connectionId: string): void {
    for (const listener of this.listeners) listener(connectionId);
  }

  static toView(c: ConnectionEntity): ConnectionView {
    return {
      id: c.id,
      system: c.system,
      name: c.name,
      settings: c.settings,
      credentials: { hints: c.credentialHints, updatedAt: c.credentialsUpdatedAt?.toISOString() ?? null },
      status: c.status,
      lastPing: c.lastPing,
      lastPingAt: c.lastPingAt?.toISOString() ?? null,
      createdAt: c.createdAt.toISOString(),
    };
  }

  async list(): Promise<ConnectionView[]> {
    return (await this.connections.find({ order: { createdAt: 'ASC' } })).map((c) => ConnectionsService.toView(c));
  }

  async get(id: string): Promise<ConnectionEntity> {
    const found = await this.connections.findOneBy({ id });
    if (!found) throw AppException.notFound('Connection', id);
    return found;
  }

  /**
   * @throws AppException `validation_failed` naming each bad `settings.*` / `credentials.*` field, including every URL
   * the system's host policy refuses (a vendor's endpoint moved elsewhere, a shop on plain HTTP or a private address).
   */
  async create(input: CreateConnectionInput, actor: string): Promise<ConnectionView> {
    const def = this.systems.get(input.system).facts;
    const [settings, credentials] = allOrThrow(
      parse<Record<string, unknown>>(def.settings, input.settings, 'settings'),
      parse<Record<string, unknown>>(def.credentials, input.credentials, 'credentials'),
    );
    await this.hosts.check(def, { settings, credentials });
    const secretId = await this.vault.create(credentials);
    const saved = await this.connections.save(
      this.connections.create({
        system: input.system,
        name: input.name,
        settings,
        secretId,
        credentialHints: hintsOf(credentials),
        credentialsUpdatedAt: new Date(),
      }),
    );
    await this.audit.append({ kind: 'connection.created', message: `Connection "${input.name}" (${def.label}) created`, actor, connectionId: saved.id });
    return ConnectionsService.toView(saved);
  }

  /**
   * Updates name/settings and, when given, replaces the credentials (partial updates keep the other fields). Nothing
   * is saved unless the result passes the host policy.
   * @throws AppException `validation_failed` naming each bad field: settings, credentials, secrets to enter again
   * because a host changed, and URLs the host policy refuses.
   */
  async update(id: string, input: UpdateConnectionInput, actor: string): Promise<ConnectionView> {
    const conn = await this.get(id);
    const def = this.systems.get(conn.system).facts;
    const changed: string[] = [];
    const settings = input.settings === undefined ? conn.settings : parseOrThrow<Record<string, unknown>>(def.settings, { ...conn.settings, ...(input.settings as object) }, 'settings');
    if (input.settings !== undefined) requireSecretsForNewHost(def, conn.settings, settings, input.credentials);
    let credentials: Record<string, unknown> | undefined;
    if (input.credentials !== undefined) {
      const current = conn.secretId ? await this.vault.read(conn.secretId).catch(() => ({})) : {};
      credentials = parseOrThrow<Record<string, unknown>>(def.credentials, { ...current, ...(input.credentials as object) }, 'credentials');
    }
    if (input.settings !== undefined || credentials !== undefined) await this.hosts.check(def, { settings, credentials });
    if (input.name !== undefined) {
      conn.name = input.name;
      changed.push('name');
    }
    if (input.settings !== undefined) {
      conn.settings = settings;
      changed.push('settings');
    }
    if (credentials !== undefined) {
      if (conn.secretId) await this.vault.replace(conn.secretId, credentials);
      else conn.secretId = await this.vault.create(credentials);
      conn.credentialHints = hintsOf(credentials);
      conn.credentialsUpdatedAt = new Date();
      changed.push('credentials');
    }
    const saved = await this.connections.save(conn);
    this.changed(id);
    await this.audit.append({ kind: 'connection.updated', message: `Connection "${conn.name}" updated: ${changed.join(', ') || 'nothing'}`, actor, connectionId: id });
    return ConnectionsService.toView(saved);
  }

  async remove(id: string, actor: string): Promise<void> {
    const conn = await this.get(id);
    await this.connections.delete({ id });
    this.changed(id);
    if (conn.secretId) await this.vault.delete(conn.secretId);
    await this.audit.append({ kind: 'connection.deleted', message: `Connection "${conn.name}" deleted`, actor, connectionId: id });
  }

  /**
   * Decrypted credentials for in-process connector use only; never return them from a controller. A connection whose
   * stored settings break the host policy (saved before it, or edited in the database) gets none: its secrets would go
   * where nobody accepted them.
   * @throws AppException `validation_failed` without credentials, or naming each URL the host policy refuses
   */
  async credentialsOf<T extends Record<string, unknown>>(conn: ConnectionEntity): Promise<T> {
    if (!conn.secretId) throw new AppException('validation_failed', `Connection "${conn.name}" has no credentials yet`);
    const credentials = await this.vault.read<T>(conn.secretId);
    if (this.systems.has(conn.system)) this.hosts.checkStatic(this.systems.get(conn.system).facts, { settings: conn.settings, credentials });
    return credentials;
  }

  /**
   * A secret we generate for a connection (e.g. the webhook signing secret we register at the shop): read from its
   * credentials, or generated once (32 random bytes, base64url) and stored in the vault with them.
   * @throws AppException when the credentials cannot be decrypted or saved.
   */
  async generatedSecretOf(conn: ConnectionEntity, field: string, actor: string): Promise<string> {
    const credentials = await this.credentialsOf<Record<string, unknown>>(conn);
    const current = credentials[field];
    if (typeof current === 'string' && current) return current;
    const secret = randomBytes(32).toString('base64url');
    await this.update(conn.id, { credentials: { [field]: secret } }, actor);
    return secret;
  }

  async recordPing(id: string, report: Record<string, unknown>, ok: boolean): Promise<void> {
    await this.connections.update({ id }, { lastPing: report, lastPingAt: new Date(), status: ok ? 'ok' : 'failing' });
  }
}

function hintsOf(credentials: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(credentials).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, maskSecret(v as string)]));
}

/**
 * A stored secret never follows a connection to a host the admin did not enter it for: when a setting that names where
 * requests go changes (the system's base-URL field, any URL field, a region), every secret credential must be entered
 * again in the same request. Otherwise whoever holds an admin session could point, say, Visma's token URL at their own
 * host and receive the client secret.
 * @throws AppException `validation_failed` naming each secret field to re-enter (`credentials.clientSecret`)
 */
function requireSecretsForNewHost(def: SystemFacts, before: Record<string, unknown>, after: Record<string, unknown>, credentials: unknown): void {
  const hostFields = new Set([
    def.baseUrl.field,
    ...hostSettingsFields(def.hosts),
    ...def.fields.settings.filter((f) => f.format === 'url' || /url|host|endpoint|region/i.test(f.name)).map((f) => f.name),
  ]);
  const moved = [...hostFields].filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null));
  if (!moved.length) return;
  const given = typeof credentials === 'object' && credentials !== null ? (credentials as Record<string, unknown>) : {};
  const missing = def.fields.credentials.filter((f) => f.isSecret && !(typeof given[f.name] === 'string' && given[f.name] !== ''));
  if (!missing.length) return;
  const where = moved.map((f) => `settings.${f}`).join(', ');
  throw AppException.validation(missing.map((f) => ({ field: `credentials.${f.name}`, message: `enter it again: ${where} changed, and a stored secret never goes to a new address unasked` })));
}
