import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AppException } from '../../common/app-exception';
import type { Role } from '../../common/auth.decorators';
import { AppUserEntity, UserInviteEntity } from '../../database/entities';
import { AuthService, sha256 } from './auth.service';
import { hashPassword } from './password-hasher';
import { assertPasswordPolicy } from './password-policy';

/** How long an invite link stays usable. */
export const INVITE_TTL_MS = 72 * 3_600_000;

export type UserStatus = AppUserEntity['status'];

/** A user as the admin API shows it (never a password hash or a token). */
export type UserView = {
  id: string;
  email: string;
  role: Role;
  status: UserStatus;
  createdAt: string;
  lastSignInAt: string | null;
  lastSignInIp: string | null;
  passwordChangedAt: string | null;
  /** Live (unexpired) sessions. */
  activeSessions: number;
  /** Expiry of the newest pending invite of an invited user. */
  inviteExpiresAt: string | null;
};

/** The answer of an invite: the user and the one-time token, returned this once and stored only as its SHA-256. */
export type InviteView = { user: UserView; inviteToken: string; inviteExpiresAt: string };

/** Serialises concurrent changes to the set of active admins (a transaction-scoped advisory lock). */
const ADMIN_SET_LOCK = 'mlc:active-admins';

/**
 * User administration for admins (OWASP ASVS 4.0 V2.1 password policy, V3.3 session termination, V4.1 access control):
 * create or invite, list, change role, disable and enable, reset a password, revoke sessions. A role change, disabling
 * and a password reset revoke every session of the user. The last active admin can be neither demoted nor disabled.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(AppUserEntity) private readonly users: Repository<AppUserEntity>,
    private readonly auth: AuthService,
  ) {}

  /** Every user, oldest first, with live session counts and pending invite expiry. */
  async list(): Promise<UserView[]> {
    const rows = await this.users.find({ order: { createdAt: 'ASC' } });
    const sessions: { user_id: string; n: string }[] = await this.users.query(`SELECT user_id, count(*) AS n FROM user_session WHERE expires_at > now() GROUP BY user_id`);
    const invites: { user_id: string; expires_at: Date }[] = await this.users.query(`SELECT user_id, max(expires_at) AS expires_at FROM user_invite GROUP BY user_id`);
    const sessionsOf = new Map(sessions.map((s) => [s.user_id, Number(s.n)]));
    const invitesOf = new Map(invites.map((i) => [i.user_id, i.expires_at]));
    return rows.map((u) => UsersService.toView(u, sessionsOf.get(u.id) ?? 0, invitesOf.get(u.id)));
  }

  /** @throws AppException `not_found`. */
  async get(id: string): Promise<UserView> {
    return (await this.list()).find((u) => u.id === id) ?? this.missing(id);
  }

  /**
   * Creates an active user with an initial password (checked against the policy).
   * @throws AppException `validation_failed` naming `email` (taken) or `password` (policy).
   */
  async create(input: { email: string; password: string; role: Role }): Promise<UserView> {
    const email = input.email.toLowerCase();
    await this.assertEmailFree(email);
    assertPasswordPolicy(input.password, [email]);
    const user = await this.users.save(this.users.create({ email, passwordHash: await hashPassword(input.password), role: input.role, status: 'active', passwordChangedAt: new Date() }));
    return UsersService.toView(user, 0, undefined);
  }

  /**
   * Creates an `invited` user without a password and a one-time invite token (256 bits, stored as SHA-256, valid
   * INVITE_TTL_MS) with which the user sets a password at `POST /api/auth/accept-invite`.
   * @throws AppException `validation_failed` naming `email` when taken.
   */
  async invite(input: { email: string; role: Role }): Promise<InviteView> {
    const email = input.email.toLowerCase();
    await this.assertEmailFree(email);
    const user = await this.users.save(this.users.create({ email, passwordHash: null, role: input.role, status: 'invited' }));
    return this.issueInvite(user);
  }

  /**
   * Issues a new invite token for a user who has not accepted one yet (older tokens stop working).
   * @throws AppException `not_found`; `validation_failed` naming `status` unless the user is `invited`.
   */
  async reissueInvite(id: string): Promise<InviteView> {
    const user = (await this.users.findOneBy({ id })) ?? this.missing(id);
    if (user.status !== 'invited') throw AppException.validation([{ field: 'status', message: `is ${user.status}; only invited users get a new invite` }]);
    return this.issueInvite(user);
  }

  /**
   * Changes a user's role and revokes all of the user's sessions (they sign in again with the new rights).
   * @throws AppException `not_found`; `validation_failed` naming `role` when it would demote the last active admin.
   */
  async changeRole(id: string, role: Role): Promise<UserView> {
    await this.users.manager.transaction(async (m) => {
      const user = await this.lockedUser(m, id);
      if (user.role === role) return;
      if (user.role === 'admin' && user.status === 'active') await this.assertAnotherActiveAdmin(m, id, 'role', 'cannot demote the last active admin; make another user admin first');
      await m.update(AppUserEntity, { id }, { role });
      await this.auth.revokeSessions(id, { manager: m });
    });
    return this.get(id);
  }

  /**
   * Disables (`disabled: true`) or re-enables a user. Disabling revokes every session at once (the guard also
   * refuses any non-active user on every request); re-enabling restores `active`, or `invited` for a user who never
   * set a password.
   * @throws AppException `not_found`; `validation_failed` naming `status` when it would disable the last active admin.
   */
  async setDisabled(id: string, disabled: boolean): Promise<UserView> {
    await this.users.manager.transaction(async (m) => {
      const user = await this.lockedUser(m, id);
      if (disabled) {
        if (user.status === 'disabled') return;
        if (user.role === 'admin' && user.status === 'active') await this.assertAnotherActiveAdmin(m, id, 'status', 'cannot disable the last active admin; make another user admin first');
        await m.update(AppUserEntity, { id }, { status: 'disabled' });
        await this.auth.revokeSessions(id, { manager: m });
      } else if (user.status === 'disabled') {
        await m.update(AppUserEntity, { id }, { status: user.passwordHash ? 'active' : 'invited' });
      }
    });
    return this.get(id);
  }

  /**
   * Sets another user's password (admin reset; policy-checked) and revokes all of that user's sessions.
   * @throws AppException `not_found`; `validation_failed` naming `password`.
   */
  async resetPassword(id: string, password: string): Promise<UserView> {
    const user = (await this.users.findOneBy({ id })) ?? this.missing(id);
    assertPasswordPolicy(password, [user.email]);
    const passwordHash = await hashPassword(password);
    await this.users.manager.transaction(async (m) => {
      const status = user.status === 'invited' ? 'active' : user.status;
      await m.update(AppUserEntity, { id }, { passwordHash, passwordChangedAt: new Date(), status });
      await m.delete(UserInviteEntity, { userId: id });
      await this.auth.revokeSessions(id, { manager: m });
    });
    return this.get(id);
  }

  /**
   * Revokes every session of a user (signs them out everywhere).
   * @returns how many were revoked. @throws AppException `not_found`.
   */
  async revokeSessions(id: string): Promise<{ revoked: number }> {
    if (!(await this.users.existsBy({ id }))) this.missing(id);
    return { revoked: await this.auth.revokeSessions(id) };
  }

  /** Maps a row to the admin view. */
  static toView(u: AppUserEntity, activeSessions: number, inviteExpiresAt: Date | undefined): UserView {
    return {
      id: u.id,
      email: u.email,
      role: u.role,
      status: u.status,
      createdAt: u.createdAt.toISOString(),
      lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
      lastSignInIp: u.lastSignInIp,
      passwordChangedAt: u.passwordChangedAt?.toISOString() ?? null,
      activeSessions,
      inviteExpiresAt: u.status === 'invited' && inviteExpiresAt ? new Date(inviteExpiresAt).toISOString() : null,
    };
  }

  private async issueInvite(user: AppUserEntity): Promise<InviteView> {
    const inviteToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
    await this.users.manager.transaction(async (m) => {
      await m.delete(UserInviteEntity, { userId: user.id });
      await m.insert(UserInviteEntity, { tokenHash: sha256(inviteToken), userId: user.id, expiresAt });
    });
    return { user: UsersService.toView(user, 0, expiresAt), inviteToken, inviteExpiresAt: expiresAt.toISOString() };
  }

  private async assertEmailFree(email: string): Promise<void> {
    if (await this.users.existsBy({ email })) throw AppException.validation([{ field: 'email', message: 'a user with this e-mail already exists' }]);
  }

  /** Takes the admin-set lock, then reads the user. @throws AppException `not_found`. */
  private async lockedUser(m: EntityManager, id: string): Promise<AppUserEntity> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ADMIN_SET_LOCK]);
    return (await m.findOneBy(AppUserEntity, { id })) ?? this.missing(id);
  }

  /** @throws AppException `validation_failed` naming `field` unless an active admin other than `id` exists. */
  private async assertAnotherActiveAdmin(m: EntityManager, id: string, field: string, message: string): Promise<void> {
    const others = await m.createQueryBuilder(AppUserEntity, 'u').where(`u.role = 'admin' AND u.status = 'active' AND u.id <> :id`, { id }).getCount();
    if (others === 0) throw AppException.validation([{ field, message }]);
  }

  private missing(id: string): never {
    throw AppException.notFound('User', id);
  }
}
