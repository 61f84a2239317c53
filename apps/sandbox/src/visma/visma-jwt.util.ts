import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * JWT-shaped access tokens (RFC 7519, compact JWS with HS256 by a per-sandbox random key). Visma Connect signs
 * with RS256; the sandbox uses HMAC because nobody but the sandbox verifies its tokens.
 */
export type VismaTokenClaims = {
  iss: string;
  aud: string;
  client_id: string;
  tenant_id: string;
  /** Granted scopes (IdentityServer style: an array). */
  scope: string[];
  /** Seconds since the epoch. */
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
};

export type VismaTokenCheck =
  | { status: 'valid'; claims: VismaTokenClaims }
  | { status: 'expired'; claims: VismaTokenClaims }
  | { status: 'invalid'; reason: string };

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** Signs and verifies sandbox access tokens; `clock` gives epoch milliseconds. */
export class VismaTokenSigner {
  private readonly key = randomBytes(32);
  /** Tokens whose signature was checked (a client sends the same token for an hour); expiry is checked every time. */
  private readonly verified = new Map<string, VismaTokenClaims>();

  constructor(private readonly clock: () => number) {}

  /** Issues a token valid for `ttlSeconds` from now. Returns the compact JWT and its claims. */
  issue(input: { issuer: string; clientId: string; tenantId: string; scopes: string[]; ttlSeconds: number }): { token: string; claims: VismaTokenClaims } {
    const now = Math.floor(this.clock() / 1000);
    const claims: VismaTokenClaims = {
      iss: input.issuer,
      aud: 'visma.net.erp.serviceapi',
      client_id: input.clientId,
      tenant_id: input.tenantId,
      scope: input.scopes,
      iat: now,
      nbf: now,
      exp: now + input.ttlSeconds,
      jti: randomUUID(),
    };
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'at+jwt' }));
    const body = b64url(JSON.stringify(claims));
    return { token: `${head}.${body}.${this.sign(`${head}.${body}`)}`, claims };
  }

  /** Checks signature and expiry (`exp` is exclusive: a token is expired from second `exp` on). */
  verify(token: string): VismaTokenCheck {
    const known = this.verified.get(token);
    if (known) return this.clock() >= known.exp * 1000 ? { status: 'expired', claims: known } : { status: 'valid', claims: known };
    const parts = token.split('.');
    if (parts.length !== 3) return { status: 'invalid', reason: 'The token is malformed' };
    const [head, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${head}.${body}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { status: 'invalid', reason: 'The token signature is invalid' };
    }
    let claims: VismaTokenClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as VismaTokenClaims;
    } catch {
      return { status: 'invalid', reason: 'The token payload is malformed' };
    }
    if (this.clock() >= claims.exp * 1000) return { status: 'expired', claims };
    if (this.verified.size >= 1_000) this.verified.clear();
    this.verified.set(token, claims);
    return { status: 'valid', claims };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}
