import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';

/**
 * Every page renders per request, so Next.js can put the middleware's per-response CSP nonce on its scripts (a page
 * prerendered at build time would carry none, and the policy would block it). The pages are client-rendered dashboards
 * reading live data anyway.
 */
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'ml-connector', description: 'Orders to Visma.net ERP, traceably and exactly once.' };

/** Root layout: one CSS file, react-query provider. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
