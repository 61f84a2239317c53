// Jest runs TypeScript through SWC (decorator metadata on, for NestJS DI) straight from the sources:
// `@mlc/*` resolve to each workspace's src/, so tests never need a prior build.
/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const shared = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: {
    '^@mlc/(mapping|connectors|sandbox|api)$': '<rootDir>/$1/src',
  },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/support/env.ts'],
};
const roots = { mapping: 'libs/mapping', connectors: 'libs/connectors', sandbox: 'apps/sandbox', api: 'apps/api' };
shared.moduleNameMapper = Object.fromEntries(
  Object.entries(roots).map(([name, dir]) => [`^@mlc/${name}$`, `<rootDir>/${dir}/src`]),
);
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
