import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { AppException } from '../../common/app-exception';
import type { AuthUser, Role } from '../../common/auth.decorators';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { AppUserEntity, UserSessionEntity } from '../../database/entities';
import { hashPassword, verifyPassword } from './password-hasher';

/** A precomputed hash so unknown e-mails cost as much time as wrong passwords (no user enumeration by timing). */
const DUMMY_HASH_PROMISE = hashPassword('not-a-real-password-for-timing');

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Users, password checks and opaque session tokens (only their SHA-256 is stored). */
@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(AppUserEntity) private readonly users: Repository<AppUserEntity>,
    @InjectRepository(UserSessionEntity) private readonly sessions: Repository<UserSessionEntity>,
  ) {}

  /** Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when no user exists yet. */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) return;
    if ((await this.users.count()) > 0) return;
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ email: email.toLowerCase(), passwordHash: await hashPassword(password), role: 'admin' })
      .orIgnore()
      .execute();
    this.logger.log({ email }, 'first admin created from the environment');
  }

  /** @throws AppException `validation_failed` when the e-mail is taken. */
  async createUser(email: string, password: string, role: Role): Promise<AuthUser> {
    const normalized = email.toLowerCase();
    if (await this.users.existsBy({ email: normalized })) {
      throw AppException.validation([{ field: 'email', message: 'a user with this e-mail already exists' }]);
    }
    const user = await this.users.save(this.users.create({ email: normalized, passwordHash: await hashPassword(password), role }));
    return { id: user.id, email: user.email, role: user.role };
  }

  async listUsers(): Promise<AuthUser[]> {
    const rows = await this.users.find({ order: { createdAt: 'ASC' } });
    return rows.map((u) => ({ id: u.id, email: u.email, role: u.role }));
  }

  /**
   * Checks the password and opens a session.
   * @returns the session token (shown once) and its expiry; @throws AppException `unauthenticated`.
   */
  async login(email: string, password: string): Promise<{ token: string; expiresAt: Date; user: AuthUser }> {
    const user = await this.users.findOneBy({ email: email.toLowerCase() });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok) throw new AppException('unauthenticated', 'E-mail or password is wrong');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3_600_000);
    await this.sessions.insert({ tokenHash: sha256(token), userId: user.id, expiresAt });
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return { token, expiresAt, user: { id: user.id, email: user.email, role: user.role } };
  }

  async logout(token: string): Promise<void> {
    await this.sessions.delete({ tokenHash: sha256(token) });
  }

  /** Resolves a session token to its user, or undefined when unknown or expired. */
  async authenticate(token: string): Promise<AuthUser | undefined> {
    const row = await this.sessions
      .createQueryBuilder('s')
      .innerJoin(AppUserEntity, 'u', 'u.id = s.user_id')
      .select(['u.id AS id', 'u.email AS email', 'u.role AS role'])
      .where('s.token_hash = :hash AND s.expires_at > now()', { hash: sha256(token) })
      .getRawOne<AuthUser>();
    return row ?? undefined;
  }
}
