import { type NextRequest, NextResponse } from 'next/server';

const SESSION_COOKIE = 'mlc_session';
const DEFAULT_API_URL = 'http://127.0.0.1:3000';

/** Base URL of the API, read per request so one build serves any deployment. */
function apiUrl(): string {
  return process.env['API_URL'] || DEFAULT_API_URL;
}

/**
 * The dashboard's security headers (OWASP ASVS 4.0 V14.4): a content security policy whose scripts must carry this
 * response's nonce (Next.js reads it from the request's `Content-Security-Policy` header and puts it on its own scripts,
 * which is why every page renders per request; see app/layout.tsx), nothing framed, nothing sniffed, no referrer.
 * Styles may be inline (React `style` attributes); the development server also needs `eval` for its reloading.
 */
function securityHeaders(nonce: string): Record<string, string> {
  const isDev = process.env['NODE_ENV'] === 'development';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}

/** Lets a page request through with a fresh nonce in its CSP, on the request (for Next) and on the answer. */
function nextWithHeaders(req: NextRequest): NextResponse {
  const nonce = btoa(crypto.randomUUID());
  const headers = securityHeaders(nonce);
  const forwarded = new Headers(req.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('Content-Security-Policy', headers['Content-Security-Policy'] ?? '');
  const res = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
}

/**
 * Same-origin proxy and sign-in gate.
 * - `/api/*` and `/health` are rewritten (proxied, not redirected) to `API_URL`, so the httpOnly
 *   `mlc_session` cookie stays first-party and the browser never holds a token.
 * - Every page answer carries the security headers above, with a fresh CSP nonce.
 * - Pages without a session cookie go to `/sign-in?next=<path>` (an expired cookie is caught by the
 *   dashboard layout when `/api/auth/me` answers 401).
 */
export function middleware(req: NextRequest): NextResponse {
  const { pathname, search } = req.nextUrl;
  if (pathname === '/health' || pathname.startsWith('/api/')) {
    return NextResponse.rewrite(new URL(pathname + search, apiUrl()));
  }
  if (pathname !== '/sign-in' && !req.cookies.get(SESSION_COOKIE)) {
    // Note: Next normalises a 127.0.0.1 host to `localhost` in middleware redirects; the session cookie
    // is then set on `localhost`, where the user stays.
    const target = req.nextUrl.clone();
    target.pathname = '/sign-in';
    target.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(target);
  }
  return nextWithHeaders(req);
}

export const config = {
  matcher: ['/health', '/api/:path*', '/((?!_next/|favicon.ico).*)'],
};
