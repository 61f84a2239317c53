import type { Request } from 'express';

/** Cookie carrying the session token for the dashboard (HttpOnly, SameSite=Lax, Secure behind HTTPS). */
export const SESSION_COOKIE = 'mlc_session';

/** Where a request's session token came from: `bearer` (an API client) or `cookie` (a browser, so CSRF-exposed). */
export type SessionCredential = { token: string; via: 'bearer' | 'cookie' };

/** Reads the session token from `Authorization: Bearer …` (preferred) or the session cookie; undefined when neither. */
export function sessionCredentialOf(req: Request): SessionCredential | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const token = header.slice(7).trim();
    return token ? { token, via: 'bearer' } : undefined;
  }
  const cookies: unknown = (req as { cookies?: unknown }).cookies;
  const value = cookies && typeof cookies === 'object' ? (cookies as Record<string, unknown>)[SESSION_COOKIE] : undefined;
  return typeof value === 'string' && value ? { token: value, via: 'cookie' } : undefined;
}

/** The session token of `sessionCredentialOf`, whichever way it came. */
export function sessionTokenOf(req: Request): string | undefined {
  return sessionCredentialOf(req)?.token;
}
