import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ROLES, Roles } from '../../common/auth.decorators';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { AuditAction } from '../admin-audit/audit-action.decorator';
import { PASSWORD_MAX_LENGTH } from './password-policy';
import { type InviteView, type UserView, UsersService } from './users.service';

const EMAIL = z.string().email().max(254);
/** Length and strength are checked by the policy (password-policy.ts), which names `password` and says why. */
const PASSWORD = z.string().max(PASSWORD_MAX_LENGTH);
const CREATE_USER_SCHEMA = z.object({ email: EMAIL, password: PASSWORD, role: z.enum(ROLES) });
const INVITE_SCHEMA = z.object({ email: EMAIL, role: z.enum(ROLES) });
const ROLE_SCHEMA = z.object({ role: z.enum(ROLES) });
const RESET_PASSWORD_SCHEMA = z.object({ password: PASSWORD });

/**
 * User administration (OWASP ASVS 4.0 V4.1: admins only; the read-only auditor may list). Changing a role,
 * disabling and resetting a password revoke the user's sessions; the last active admin is protected.
 */
@ApiTags('users')
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiOperation({ summary: 'Every user with role, status, last sign-in and live sessions' })
  @Roles('admin', 'auditor')
  @Get()
  listUsers(): Promise<UserView[]> {
    return this.users.list();
  }

  @ApiOperation({ summary: 'Create an active user with an initial password (policy-checked)' })
  @Post()
  @AuditAction('user.create', { target: 'user' })
  createUser(@Body(new ZodValidationPipe(CREATE_USER_SCHEMA)) body: z.infer<typeof CREATE_USER_SCHEMA>): Promise<UserView> {
    return this.users.create(body);
  }

  @ApiOperation({ summary: 'Invite a user: returns the one-time set-password token once (stored hashed, expires in 72 h)' })
  @Post('invite')
  @AuditAction('user.invite', { target: 'user' })
  inviteUser(@Body(new ZodValidationPipe(INVITE_SCHEMA)) body: z.infer<typeof INVITE_SCHEMA>): Promise<InviteView> {
    return this.users.invite(body);
  }

  @ApiOperation({ summary: 'One user' })
  @Roles('admin', 'auditor')
  @Get(':id')
  getUser(@Param('id', ParseUUIDPipe) id: string): Promise<UserView> {
    return this.users.get(id);
  }

  @ApiOperation({ summary: 'A new invite token for a user who has not accepted the last one' })
  @Post(':id/invite')
  @AuditAction('user.reissue-invite', { target: 'user' })
  reissueInvite(@Param('id', ParseUUIDPipe) id: string): Promise<InviteView> {
    return this.users.reissueInvite(id);
  }

  @ApiOperation({ summary: "Change a user's role (revokes the user's sessions; the last active admin cannot be demoted)" })
  @Patch(':id/role')
  @AuditAction('user.change-role', { target: 'user' })
  changeRole(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(ROLE_SCHEMA)) body: z.infer<typeof ROLE_SCHEMA>): Promise<UserView> {
    return this.users.changeRole(id, body.role);
  }

  @ApiOperation({ summary: 'Disable a user: signs them out at once and refuses sign-in (not the last active admin)' })
  @Post(':id/disable')
  @AuditAction('user.disable', { target: 'user' })
  @HttpCode(200)
  disableUser(@Param('id', ParseUUIDPipe) id: string): Promise<UserView> {
    return this.users.setDisabled(id, true);
  }

  @ApiOperation({ summary: 'Re-enable a disabled user' })
  @Post(':id/enable')
  @AuditAction('user.enable', { target: 'user' })
  @HttpCode(200)
  enableUser(@Param('id', ParseUUIDPipe) id: string): Promise<UserView> {
    return this.users.setDisabled(id, false);
  }

  @ApiOperation({ summary: "Reset another user's password (policy-checked; revokes the user's sessions)" })
  @Post(':id/password')
  @AuditAction('user.reset-password', { target: 'user' })
  @HttpCode(200)
  resetPassword(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(RESET_PASSWORD_SCHEMA)) body: z.infer<typeof RESET_PASSWORD_SCHEMA>): Promise<UserView> {
    return this.users.resetPassword(id, body.password);
  }

  @ApiOperation({ summary: 'Revoke every session of a user (signs them out everywhere)' })
  @Post(':id/revoke-sessions')
  @AuditAction('user.revoke-sessions', { target: 'user' })
  @HttpCode(200)
  revokeSessions(@Param('id', ParseUUIDPipe) id: string): Promise<{ revoked: number }> {
    return this.users.revokeSessions(id);
  }
}
