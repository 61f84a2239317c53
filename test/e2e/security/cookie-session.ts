import type { JsonAnswer, TestApp } from '../../support/api-harness';

/** A browser-like client: the cookies the API set (session and CSRF), sent back on every call. */
export type CookieSession = {
  /** `name=value` of every cookie the API set. */
  jar: Map<string, string>;
  /** The raw Set-Cookie lines of the sign-in answer. */
  setCookies: string[];
  /** The CSRF token the sign-in answered with. */
  csrfToken: string;
  /** Calls with the cookies (and the CSRF header unless `csrf: false`, or a given `csrf` string). */
  call(method: string, path: string, options?: { body?: unknown; csrf?: boolean | string; headers?: Record<string, string> }): Promise<{ status: number; body: JsonAnswer; headers: Headers }>;
};

function absorb(jar: Map<string, string>, headers: Headers): void {
  for (const line of headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const idx = pair.indexOf('=');
    const name = pair.slice(0, idx).trim();
    const value = pair.slice(idx + 1).trim();
    if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}

/** Signs in as a browser would (no Bearer header) and keeps the cookies; `jar` may carry an older session's cookies. */
export async function cookieSignIn(t: TestApp, email = t.config.ADMIN_EMAIL ?? '', password = t.config.ADMIN_PASSWORD ?? '', jar = new Map<string, string>()): Promise<CookieSession> {
  const cookieHeader = (): Record<string, string> => (jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {});
  const res = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...cookieHeader() }, body: JSON.stringify({ email, password }) });
  const body = (await res.json()) as JsonAnswer;
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(body)}`);
  const setCookies = res.headers.getSetCookie();
  absorb(jar, res.headers);
  const session: CookieSession = {
    jar,
    setCookies,
    csrfToken: body.csrfToken as string,
    call: async (method, path, options = {}) => {
      const headers: Record<string, string> = { ...cookieHeader(), ...(options.headers ?? {}) };
      if (options.csrf !== false) headers['x-csrf-token'] = typeof options.csrf === 'string' ? options.csrf : session.csrfToken;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const answer = await fetch(t.url + path, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
      absorb(jar, answer.headers);
      const text = await answer.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: answer.status, body: parsed, headers: answer.headers };
    },
  };
  return session;
}
