import { type NextRequest, NextResponse } from 'next/server';

const SESSION_COOKIE = 'mlc_session';
const DEFAULT_API_URL = 'http://127.0.0.1:3000';

/** Base URL of the API, read per request so one build serves any deployment. */
function apiUrl(): string {
  return process.env['API_URL'] || DEFAULT_API_URL;
}

/**
 * Same-origin proxy and sign-in gate.
 * - `/api/*` and `/health` are rewritten (proxied, not redirected) to `API_URL`, so the httpOnly
 *   `mlc_session` cookie stays first-party and the browser never holds a token.
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
  return NextResponse.next();
}

export const config = {
  matcher: ['/health', '/api/:path*', '/((?!_next/|favicon.ico).*)'],
};
