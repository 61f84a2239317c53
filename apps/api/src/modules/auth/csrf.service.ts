import { createHash, hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request, Response } from 'express';
import { AppException } from '../../common/app-exception';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { sessionCredentialOf } from './session-credential';

/** Cookie holding the CSRF token (HttpOnly: the dashboard reads the token from `GET /api/auth/csrf`, not from the cookie). */
export const CSRF_COOKIE = 'mlc_csrf';
/** Header the dashboard sends the CSRF token in on every unsafe request. */
export const CSRF_HEADER = 'x-csrf-token';

/** Request property naming the session a token is issued for before the request carries it (sign-in, rotation). */
const ISSUED_FOR = Symbol('mlc:csrfSession');
type CsrfRequest = Request & { [ISSUED_FOR]?: string };

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/**
 * CSRF protection for requests authenticated by the session cookie (OWASP ASVS 4.0 V4.2.2, V3.5.3): csrf-csrf's
 * signed double-submit cookie. The token is an HMAC over the session's identifier (the SHA-256 of its token, what
 * `user_session` stores) and a random value, so a token is only good for the session it was issued to; it travels
 * in the `mlc_csrf` cookie and must come back, equal, in the `X-CSRF-Token` header. The HMAC keys are derived
 * (HKDF-SHA256) from every master key in VAULT_KEYS, the active one first: every API process shares them without
 * another secret to configure, and tokens survive a key rotation while the old key is still listed.
 * Bearer-token requests are exempt (browsers never attach that header on their own), as are webhooks (signature-checked,
 * answered before Express). Sign-in carries no session yet; `assertSameOrigin` protects it against login CSRF.
 */
@Injectable()
export class CsrfService {
  private readonly csrf: DoubleCsrfUtilities;
  private readonly secure: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const active = config.VAULT_KEYS.get(config.VAULT_ACTIVE_KEY_ID);
    const keys = [...(active ? [active] : []), ...[...config.VAULT_KEYS.entries()].filter(([id]) => id !== config.VAULT_ACTIVE_KEY_ID).map(([, key]) => key)];
    const secrets = keys.map((key) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'ml-connector csrf v1', 32)).toString('hex'));
    this.secure = config.PUBLIC_BASE_URL?.startsWith('https://') ?? false;
    this.csrf = doubleCsrf({
      getSecret: () => secrets,
      getSessionIdentifier: (req) => (req as CsrfRequest)[ISSUED_FOR] ?? sha256(sessionCredentialOf(req)?.token ?? ''),
      cookieName: CSRF_COOKIE,
      cookieOptions: { httpOnly: true, sameSite: 'strict', path: '/', secure: this.secure },
      getCsrfTokenFromRequest: (req) => {
        const value = req.headers[CSRF_HEADER];
        return typeof value === 'string' ? value : undefined;
      },
    });
  }

  /**
   * Issues the CSRF token of the request's session (or of `sessionHash`, the SHA-256 of a session token just opened)
   * and sets its cookie. An existing cookie that is valid for the same session is reused unless `fresh`.
   * @returns the token to send back in `X-CSRF-Token`.
   */
  issue(req: Request, res: Response, options: { sessionHash?: string; fresh?: boolean } = {}): string {
    if (options.sessionHash) (req as CsrfRequest)[ISSUED_FOR] = options.sessionHash;
    try {
      return this.csrf.generateCsrfToken(req, res, {
        overwrite: options.fresh ?? false,
        cookieOptions: { httpOnly: true, sameSite: 'strict', path: '/', secure: this.secure || req.secure },
      });
    } finally {
      delete (req as CsrfRequest)[ISSUED_FOR];
    }
  }

  /** Removes the CSRF cookie (on sign-out). */
  clear(req: Request, res: Response): void {
    res.clearCookie(CSRF_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: this.secure || req.secure });
  }

  /**
   * Checks the cookie/header pair of an unsafe cookie-authenticated request.
   * @throws AppException `csrf_failed` (403) when the header is missing, differs from the cookie, or was issued to another session.
   */
  assertValid(req: Request): void {
    if (!this.csrf.validateRequest(req)) {
      throw new AppException('csrf_failed', 'This request needs a valid CSRF token in the X-CSRF-Token header (get one from GET /api/auth/csrf)');
    }
  }

  /**
   * Login CSRF protection for the public, cookie-setting routes (sign-in, accepting an invite): refuses a request a
   * browser marks as cross-site (`Sec-Fetch-Site: cross-site`, sent by every current browser on fetches and form
   * posts) and one from an opaque origin (`Origin: null`, sandboxed frames). Non-browser clients send neither and pass.
   * (`Origin` is not compared with PUBLIC_BASE_URL: that is the webhook address, not necessarily the dashboard's.)
   * @throws AppException `csrf_failed` (403).
   */
  assertSameOrigin(req: Request): void {
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    if (site === 'cross-site' || origin === 'null') throw new AppException('csrf_failed', 'Sign in from the dashboard itself; requests from other sites are refused');
  }
}
