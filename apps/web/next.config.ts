import type { NextConfig } from 'next';

/**
 * Dashboard config. `/api/*` and `/health` are proxied to the API by `middleware.ts` (not by
 * `rewrites` here): Next bakes `rewrites()` destinations into `.next/routes-manifest.json` at build
 * time, so `API_URL` would be frozen into the build. The middleware reads it at request time, so one
 * build runs against any API (containers, tests on a random port).
 */
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  eslint: { ignoreDuringBuilds: true },
  // The proxied API answers `/api/records/` style paths itself; keep Next from redirecting them.
  skipTrailingSlashRedirect: true,
};

export default config;
