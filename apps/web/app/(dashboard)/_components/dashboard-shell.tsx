'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import { ApiError } from '@/api/api-error';
import { useSignOut } from '@/api/auth/mutations';
import { useMe } from '@/api/auth/queries';
import { CurrentUserProvider } from '@/auth/current-user';
import { can } from '@/auth/permissions';
import { ErrorState, Loading } from '@/ui/states';

const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/connections', label: 'Connections' },
  { href: '/mappings', label: 'Mappings' },
  { href: '/records', label: 'Records' },
  { href: '/exports', label: 'Exports' },
  { href: '/users', label: 'Users', action: 'user.view' },
  { href: '/admin-log', label: 'Admin log', action: 'audit.view' },
  { href: '/account', label: 'Account' },
] as const;

function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/** Sidebar navigation and the sign-in gate: a 401 from `/api/auth/me` sends the user to sign in. */
export function DashboardShell({ children }: { children: ReactNode }) {
  const me = useMe();
  const router = useRouter();
  const pathname = usePathname();
  const signOut = useSignOut();
  const isUnauthenticated = me.error instanceof ApiError && me.error.status === 401;

  useEffect(() => {
    if (isUnauthenticated) router.replace(`/sign-in?next=${encodeURIComponent(pathname)}`);
  }, [isUnauthenticated, pathname, router]);

  if (me.isPending || isUnauthenticated) return <Loading label="Checking your session…" />;
  if (me.isError) return <ErrorState error={me.error} what="Your session" retry={() => void me.refetch()} />;

  return (
    <CurrentUserProvider user={me.data}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="shell">
        <aside className="sidebar">
          <p className="brand">
            ml<span>·</span>connector
          </p>
          <nav aria-label="Main" className="nav">
            {NAV.filter((item) => !('action' in item) || can(me.data, item.action)).map((item) => (
              <Link key={item.href} href={item.href} aria-current={isCurrent(pathname, item.href) ? 'page' : undefined}>
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="sidebar-user">
            <span title={me.data.email}>{me.data.email}</span>
            <span className="muted">Role: {me.data.role}</span>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => signOut.mutate(undefined, { onSettled: () => router.replace('/sign-in') })}
              disabled={signOut.isPending}
            >
              Sign out
            </button>
          </div>
        </aside>
        <main id="main" className="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </CurrentUserProvider>
  );
}
