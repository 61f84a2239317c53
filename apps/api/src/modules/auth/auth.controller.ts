import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Public, ROLES, Roles } from '../../common/auth.decorators';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { SESSION_COOKIE, sessionTokenOf } from './auth.guard';
import { AuthService } from './auth.service';

const LOGIN_SCHEMA = z.object({ email: z.string().email(), password: z.string().min(1).max(500) });
const CREATE_USER_SCHEMA = z.object({ email: z.string().email(), password: z.string().min(12).max(500), role: z.enum(ROLES) });

/** Sign-in, sign-out, who-am-I, and user administration (admin only). */
@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The session cookie's attributes: HttpOnly and SameSite=Lax always; Secure whenever the request came over HTTPS or
   * the product's public address (PUBLIC_BASE_URL) is HTTPS, so a browser never sends the session in clear.
   */
  private cookieOptions(req: Request): { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/' } {
    return { httpOnly: true, sameSite: 'lax', secure: req.secure || (this.config.PUBLIC_BASE_URL?.startsWith('https://') ?? false), path: '/' };
  }

  /** Rate-limited per client address (LOGIN_MAX_ATTEMPTS_PER_MINUTE). Sets the session cookie and returns the token once. */
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: {} })
  @Post('auth/login')
  @HttpCode(200)
  async login(
    @Body(new ZodValidationPipe(LOGIN_SCHEMA)) body: z.infer<typeof LOGIN_SCHEMA>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ token: string; expiresAt: string; user: AuthUser }> {
    const session = await this.auth.login(body.email, body.password);
    res.cookie(SESSION_COOKIE, session.token, { ...this.cookieOptions(req), expires: session.expiresAt });
    return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: session.user };
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = sessionTokenOf(req);
    if (token) await this.auth.logout(token);
    res.clearCookie(SESSION_COOKIE, this.cookieOptions(req));
  }

  @Get('auth/me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  @Roles('admin')
  @Get('users')
  listUsers(): Promise<AuthUser[]> {
    return this.auth.listUsers();
  }

  @Roles('admin')
  @Post('users')
  createUser(@Body(new ZodValidationPipe(CREATE_USER_SCHEMA)) body: z.infer<typeof CREATE_USER_SCHEMA>): Promise<AuthUser> {
    return this.auth.createUser(body.email, body.password, body.role);
  }
}
