import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Public, SelfService } from '../../common/auth.decorators';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { AuditAction } from '../admin-audit/audit-action.decorator';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import type { AuthenticatedRequest } from './auth.guard';
import { type OpenedSession, AuthService } from './auth.service';
import { CsrfService } from './csrf.service';
import { PASSWORD_MAX_LENGTH } from './password-policy';
import { SESSION_COOKIE, sessionTokenOf } from './session-credential';

const LOGIN_SCHEMA = z.object({ email: z.string().email(), password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });
/** Length and strength are checked by the policy (password-policy.ts), which names `password` and says why. */
const NEW_PASSWORD = z.string().max(PASSWORD_MAX_LENGTH);
const CHANGE_PASSWORD_SCHEMA = z.object({ currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH), password: NEW_PASSWORD });
const ACCEPT_INVITE_SCHEMA = z.object({ token: z.string().min(20).max(200), password: NEW_PASSWORD });

/** The answer of sign-in and of a password change: the new session (token shown once) and its CSRF token. */
export type SessionAnswer = { token: string; expiresAt: string; user: AuthUser; csrfToken: string };

/**
 * Sign-in, sign-out, who-am-I, the CSRF token, and the caller's own account (any role, the auditor included):
 * change own password, sign out everywhere. Accepting an invite is public (the one-time token is the proof).
 */
@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly csrf: CsrfService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The session cookie's attributes: HttpOnly and SameSite=Lax always; Secure whenever the request came over HTTPS or
   * the product's public address (PUBLIC_BASE_URL) is HTTPS, so a browser never sends the session in clear.
   */
  private cookieOptions(req: Request): { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/' } {
    return { httpOnly: true, sameSite: 'lax', secure: req.secure || (this.config.PUBLIC_BASE_URL?.startsWith('https://') ?? false), path: '/' };
  }

  /** Sets the session cookie and a fresh CSRF token bound to the new session. */
  private answerSession(req: Request, res: Response, session: OpenedSession): SessionAnswer {
    res.cookie(SESSION_COOKIE, session.token, { ...this.cookieOptions(req), expires: session.expiresAt });
    const csrfToken = this.csrf.issue(req, res, { sessionHash: session.tokenHash, fresh: true });
    return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: session.user, csrfToken };
  }

  /**
   * Rate-limited per client address (LOGIN_MAX_ATTEMPTS_PER_MINUTE). Refuses cross-site browser requests (login CSRF).
   * Revokes the session the client still carried (rotation), sets the session cookie and returns the token once.
   */
  @ApiOperation({ summary: 'Sign in; sets the session cookie and returns the session and CSRF tokens' })
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: {} })
  @Post('login')
  @AuditAction('auth.login', { target: 'user', fields: ['email'], failedAction: 'auth.login-failed', actorFromAnswer: true })
  @HttpCode(200)
  async login(
    @Body(new ZodValidationPipe(LOGIN_SCHEMA)) body: z.infer<typeof LOGIN_SCHEMA>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionAnswer> {
    this.csrf.assertSameOrigin(req);
    const session = await this.auth.login(body.email, body.password, { ip: req.ip, previousToken: sessionTokenOf(req) });
    return this.answerSession(req, res, session);
  }

  @ApiOperation({ summary: 'Sign out this session' })
  @SelfService()
  @Post('logout')
  @AuditAction('auth.logout', { target: 'session' })
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = sessionTokenOf(req);
    if (token) await this.auth.logout(token);
    res.clearCookie(SESSION_COOKIE, this.cookieOptions(req));
    this.csrf.clear(req, res);
  }

  @ApiOperation({ summary: 'Sign out everywhere: revoke every session of the signed-in user, this one included' })
  @SelfService()
  @Post('logout-everywhere')
  @AuditAction('auth.logout-everywhere', { target: 'session' })
  @HttpCode(200)
  async signOutEverywhere(@CurrentUser() user: AuthUser, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ revoked: number }> {
    const revoked = await this.auth.revokeSessions(user.id);
    res.clearCookie(SESSION_COOKIE, this.cookieOptions(req));
    this.csrf.clear(req, res);
    return { revoked };
  }

  @ApiOperation({ summary: 'The signed-in user' })
  @Get('me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  /** The dashboard fetches this once per page load and sends the token as `X-CSRF-Token` on every unsafe request. */
  @ApiOperation({ summary: 'The CSRF token of this session (send it as X-CSRF-Token on POST/PUT/PATCH/DELETE with the session cookie)' })
  @Get('csrf')
  csrfToken(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): { csrfToken: string } {
    res.setHeader('cache-control', 'no-store');
    return { csrfToken: this.csrf.issue(req, res, req.sessionHash ? { sessionHash: req.sessionHash } : {}) };
  }

  /**
   * Any role. Needs the current password; revokes every session of the user and opens a new one for this client
   * (cookie and token rotate; the answer carries the new CSRF token).
   */
  @ApiOperation({ summary: 'Change your own password (revokes your other sessions; this one is rotated)' })
  @SelfService()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: {} })
  @Post('password')
  @AuditAction('auth.change-password', { target: 'user' })
  @HttpCode(200)
  async changePassword(
    @Body(new ZodValidationPipe(CHANGE_PASSWORD_SCHEMA)) body: z.infer<typeof CHANGE_PASSWORD_SCHEMA>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionAnswer> {
    const session = await this.auth.changeOwnPassword(user.id, body, req.ip);
    return this.answerSession(req, res, session);
  }

  /** Public, rate-limited: the invited user sets a first password with the one-time token from the invite. */
  @ApiOperation({ summary: 'Accept an invite: set your first password with the one-time invite token' })
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: {} })
  @Post('accept-invite')
  @AuditAction('user.accept-invite', { target: 'user', fields: [] })
  @HttpCode(200)
  acceptInvite(@Body(new ZodValidationPipe(ACCEPT_INVITE_SCHEMA)) body: z.infer<typeof ACCEPT_INVITE_SCHEMA>, @Req() req: Request): Promise<AuthUser> {
    this.csrf.assertSameOrigin(req);
    return this.auth.acceptInvite(body.token, body.password);
  }
}
