import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThan, Not, type Repository } from 'typeorm';
import { AppException } from '../../common/app-exception';
import type { AuthUser } from '../../common/auth.decorators';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { AppUserEntity, UserInviteEntity, UserSessionEntity } from '../../database/entities';
import { hashPassword, verifyPassword } from './password-hasher';
import { assertPasswordPolicy } from './password-policy';

/** A precomputed hash so unknown e-mails cost as much time as wrong passwords (no user enumeration by timing). */
const DUMMY_HASH_PROMISE = hashPassword('not-a-real-password-for-timing');

/** SHA-256 hex of a token: what `user_session` and `user_invite` store instead of the token. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** A session just opened: the token (shown to the client once, never stored), its stored hash, expiry and user. */
export type OpenedSession = { token: string; tokenHash: string; expiresAt: Date; user: AuthUser };
/** A live session resolved from a token: its user (read fresh from the database) and the token's stored hash. */
export type AuthenticatedSession = { user: AuthUser; tokenHash: string };

/** Longest client address kept (an IPv6 address with zone fits). */
const MAX_IP = 64;

/**
 * Sign-in, sessions and the caller's own account (OWASP ASVS 4.0 V2 and V3). Session tokens are 256-bit random values
 * of which only the SHA-256 is stored (V3.2.2); every request re-reads the user's role and status, so a disabled user's
 * session stops at once (V3.3.1); sessions rotate on sign-in and are revoked on a password change (V3.2.1, V3.3.3).
 */
@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(AppUserEntity) private readonly users: Repository<AppUserEntity>,
    @InjectRepository(UserSessionEntity) private readonly sessions: Repository<UserSessionEntity>,
  ) {}

  /**
   * Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when no user exists yet. The password policy is not applied
   * here (the operator chose it in the environment; the config schema requires 12 characters); it applies to every
   * password set through the API.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) return;
    if ((await this.users.count()) > 0) return;
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ email: email.toLowerCase(), passwordHash: await hashPassword(password), role: 'admin', status: 'active' })
      .orIgnore()
      .execute();
    this.logger.log({ email }, 'first admin created from the environment');
  }

  /**
   * Checks the password and opens a session; records the sign-in time and address. A session the client still
   * carried (`previousToken`) is revoked: sign-in always rotates the session (ASVS V3.2.1).
   * @throws AppException `unauthenticated` for an unknown e-mail, a wrong password, an invited user who has not set a
   *   password, or (after a correct password only) a disabled user.
   */
  async login(email: string, password: string, context: { ip?: string | undefined; previousToken?: string | undefined } = {}): Promise<OpenedSession> {
    const user = await this.users.findOneBy({ email: email.toLowerCase() });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !user.passwordHash || !ok) throw new AppException('unauthenticated', 'E-mail or password is wrong');
    if (user.status !== 'active') throw new AppException('unauthenticated', 'This account is disabled; ask an admin to enable it');
    if (context.previousToken) await this.sessions.delete({ tokenHash: sha256(context.previousToken) });
    const ip = context.ip?.slice(0, MAX_IP) ?? null;
    await this.users.update({ id: user.id }, { lastSignInAt: new Date(), lastSignInIp: ip });
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return this.openSession(this.sessions.manager, user, ip);
  }

  /** Ends the session of `token` (unknown tokens are ignored). */
  async logout(token: string): Promise<void> {
    await this.sessions.delete({ tokenHash: sha256(token) });
  }

  /**
   * Revokes every session of a user, except optionally one (by its stored hash).
   * @returns how many sessions were revoked.
   */
  async revokeSessions(userId: string, options: { except?: string; manager?: EntityManager } = {}): Promise<number> {
    const manager = options.manager ?? this.sessions.manager;
    const result = await manager.delete(UserSessionEntity, options.except ? { userId, tokenHash: Not(options.except) } : { userId });
    return result.affected ?? 0;
  }

  /**
   * Resolves a session token to its user, or undefined when the token is unknown or expired or the user is not
   * `active`. Reads the user's role and status from the database on every call (no cache outlives a change).
   */
  async authenticate(token: string): Promise<AuthenticatedSession | undefined> {
    const tokenHash = sha256(token);
    const row = await this.sessions
      .createQueryBuilder('s')
      .innerJoin(AppUserEntity, 'u', 'u.id = s.user_id')
      .select(['u.id AS id', 'u.email AS email', 'u.role AS role'])
      .where(`s.token_hash = :hash AND s.expires_at > now() AND u.status = 'active'`, { hash: tokenHash })
      .getRawOne<AuthUser>();
    return row ? { user: { id: row.id, email: row.email, role: row.role }, tokenHash } : undefined;
  }

  /**
   * Changes the caller's own password (any role) after checking the current one (ASVS V2.1.5, V2.1.6); the new one must
   * pass the policy (`password-policy.ts`). Every session of the user is revoked, the calling one included, and a new
   * session is opened in its place (ASVS V3.3.3): other devices are signed out, this one stays signed in.
   * @throws AppException `validation_failed` naming `currentPassword` (wrong) or `password` (too weak, or unchanged).
   */
  async changeOwnPassword(userId: string, input: { currentPassword: string; password: string }, ip?: string): Promise<OpenedSession> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user?.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
      throw AppException.validation([{ field: 'currentPassword', message: 'is not your current password' }]);
    }
    if (input.password === input.currentPassword) throw AppException.validation([{ field: 'password', message: 'must differ from your current password' }]);
    assertPasswordPolicy(input.password, [user.email]);
    const passwordHash = await hashPassword(input.password);
    return this.users.manager.transaction(async (m) => {
      await m.update(AppUserEntity, { id: user.id }, { passwordHash, passwordChangedAt: new Date() });
      await this.revokeSessions(user.id, { manager: m });
      return this.openSession(m, user, ip?.slice(0, MAX_IP) ?? null);
    });
  }

  /**
   * Sets the first password of an invited user with the one-time invite token (public route; the token is the proof).
   * The invite is consumed, the user becomes `active`, and no session is opened (the user signs in next).
   * @throws AppException `validation_failed` naming `token` (unknown, used or expired, or the user is no longer invited)
   *   or `password` (policy).
   */
  async acceptInvite(token: string, password: string): Promise<AuthUser> {
    const invite = await this.users.manager.findOneBy(UserInviteEntity, { tokenHash: sha256(token) });
    const user = invite && invite.expiresAt > new Date() ? await this.users.findOneBy({ id: invite.userId }) : null;
    if (!invite || !user || user.status !== 'invited') {
      throw AppException.validation([{ field: 'token', message: 'this invite link is invalid, used or expired; ask an admin for a new one' }]);
    }
    assertPasswordPolicy(password, [user.email]);
    const passwordHash = await hashPassword(password);
    await this.users.manager.transaction(async (m) => {
      const consumed = await m.delete(UserInviteEntity, { tokenHash: invite.tokenHash });
      if (!consumed.affected) throw AppException.validation([{ field: 'token', message: 'this invite link was just used' }]);
      await m.delete(UserInviteEntity, { userId: user.id });
      await m.update(AppUserEntity, { id: user.id, status: 'invited' }, { passwordHash, passwordChangedAt: new Date(), status: 'active' });
    });
    return { id: user.id, email: user.email, role: user.role };
  }

  /** Opens a session for `user` (256-bit random token; only its SHA-256 is stored). */
  private async openSession(manager: EntityManager, user: AppUserEntity, ip: string | null): Promise<OpenedSession> {
    const token = randomBytes(32).toString('base64url');
    const tokenHash = sha256(token);
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3_600_000);
    await manager.insert(UserSessionEntity, { tokenHash, userId: user.id, expiresAt, ip });
    return { token, tokenHash, expiresAt, user: { id: user.id, email: user.email, role: user.role } };
  }
}
