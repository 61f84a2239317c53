// Jest runs TypeScript through ts-jest in transpile-only mode (isolatedModules: fast, no type check here;
// `npm run build` typechecks), with decorator metadata for NestJS DI. `@mlc/*` resolve to each
// workspace's src/, so tests never need a prior build. (ts-jest rather than @swc/jest: the registry these
// machines reach lacks @swc/core's other-platform binaries, which `npm ci` insists on finding in the lock.)
/** @type {import('jest').Config} */
const transformer = [
  'ts-jest',
  {
    diagnostics: false,
    tsconfig: {
      isolatedModules: true,
      target: 'ES2022',
      module: 'commonjs',
      moduleResolution: 'node',
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      sourceMap: true,
    },
  },
];
const shared = {
  transform: { '^.+\\.tsx?$': transformer },
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
