import { join } from 'node:path';
import madge from 'madge';
import ts from 'typescript';

const ROOT = join(__dirname, '../../..');
const BACKEND_SOURCES = ['libs/mapping/src', 'libs/connectors/src', 'apps/sandbox/src', 'apps/api/src', 'apps/demo/src'];
const WEB_SOURCES = ['apps/web/src', 'apps/web/app'];
const WEB_DIR = join(ROOT, 'apps/web');
/** Where a cycle is reported: each workspace on its own, so one workspace's cycle does not hide another's. */
const WORKSPACES = ['libs/mapping/', 'libs/connectors/', 'apps/sandbox/', 'apps/api/', 'apps/demo/', 'apps/web/'];
/** Type-only imports count: a cycle through `import type` still ties the files' designs together. */
const WITH_TYPE_IMPORTS = { skipTypeImports: false };

/**
 * apps/web/tsconfig.json in the JSON form madge's resolver (filing-cabinet) reads. Given the file's path, madge
 * hands the resolver TypeScript's parsed options, from which it drops the base of `paths` (the web tsconfig has no
 * `baseUrl`), so every `@/` import would be skipped; the file's own options plus its directory as `baseUrl` resolve.
 */
function webTsConfig(): { compilerOptions: Record<string, unknown> } {
  const path = join(WEB_DIR, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(path, (p) => ts.sys.readFile(p));
  if (error) throw new Error(`${path}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const { compilerOptions } = config as { compilerOptions: Record<string, unknown> };
  return { compilerOptions: { ...compilerOptions, baseUrl: WEB_DIR } };
}

/** `a → b → c → a`, one line per cycle, so a failure prints the cycles themselves. */
const describeCycle = (cycle: string[]) => [...cycle, cycle[0]].join(' → ');

/**
 * The architecture rules of shared/style.md, checked on the real import graph (madge), type-only imports
 * included: no import cycles; libs never import apps; libs/mapping imports nothing from libs/connectors;
 * apps/sandbox and libs/connectors never import each other (they meet only over HTTP); apps/web imports
 * nothing from apps/api, apps/sandbox or libs/connectors (it talks to the API over HTTP only); only the demo
 * (apps/demo) loads apps/sandbox, and nothing of the product (apps/api, libs) loads the demo or a sandbox, so the
 * product's image can leave both out. Two madge runs, because each resolves imports through one tsconfig: the backend with test/tsconfig.json
 * (`@mlc/*`), the dashboard with apps/web/tsconfig.json (`@/*`, .tsx).
 */
describe('import graph', () => {
  let graph: Record<string, string[]>;
  let cycles: string[][];
  let unresolved: string[];

  beforeAll(async () => {
    const [backend, web] = await Promise.all([
      madge(
        BACKEND_SOURCES.map((s) => join(ROOT, s)),
        {
          baseDir: ROOT,
          fileExtensions: ['ts'],
          tsConfig: join(ROOT, 'test/tsconfig.json'),
          detectiveOptions: { ts: WITH_TYPE_IMPORTS },
        },
      ),
      madge(
        WEB_SOURCES.map((s) => join(ROOT, s)),
        {
          baseDir: ROOT,
          fileExtensions: ['ts', 'tsx'],
          tsConfig: webTsConfig(),
          detectiveOptions: { ts: WITH_TYPE_IMPORTS, tsx: WITH_TYPE_IMPORTS },
        },
      ),
    ]);
    graph = { ...backend.obj(), ...web.obj() };
    cycles = [...backend.circular(), ...web.circular()];
    unresolved = [...backend.warnings().skipped.map((i) => `backend: ${i}`), ...web.warnings().skipped.map((i) => `apps/web: ${i}`)];
    if (cycles.length) console.warn(`[import graph] ${cycles.length} import cycle(s), type-only imports included:\n  ${cycles.map(describeCycle).join('\n  ')}`);
  }, 60_000);

  const importsFrom = (from: string, to: string) =>
    Object.entries(graph).flatMap(([file, deps]) => (file.startsWith(from) ? deps.filter((d) => d.startsWith(to)).map((d) => `${file} → ${d}`) : []));

  it('should read every workspace', () => {
    for (const source of [...BACKEND_SOURCES, ...WEB_SOURCES]) expect(Object.keys(graph).some((f) => f.startsWith(source))).toBe(true);
  });

  it('should resolve every import (the @mlc/* and @/ aliases included), so none escapes the rules below', () => {
    expect(unresolved).toEqual([]);
  });

  // TODO(cycles): two cases stay red until their owners break the cycles (the change that made type-only
  // imports count did not touch libs/ or apps/sandbox). Both are type-only; beforeAll and the failure diff print them:
  //   libs/connectors: core/rate-budget.ts → core/token-lease.ts (TokenLease) → rate-budget.ts (type BudgetGrant).
  //   apps/sandbox: bigcommerce/orders.builder.ts → orders.draft.ts → state.ts (type Json) → orders.builder.ts (type OrderDraft).
  it.each(WORKSPACES)('should have no import cycles touching %s, type-only imports included', (workspace) => {
    expect(cycles.filter((cycle) => cycle.some((file) => file.startsWith(workspace))).map(describeCycle)).toEqual([]);
  });

  it.each([
    ['libs/', 'apps/'],
    ['libs/mapping/', 'libs/connectors/'],
    ['libs/connectors/', 'apps/sandbox/'],
    ['apps/sandbox/', 'libs/connectors/'],
    ['apps/web/', 'apps/api/'],
    ['apps/web/', 'apps/sandbox/'],
    ['apps/web/', 'libs/connectors/'],
  ])('should have no imports from %s into %s', (from, to) => {
    expect(importsFrom(from, to)).toEqual([]);
  });

  it.each([
    ['apps/api/', 'apps/sandbox/'],
    ['apps/api/', 'apps/demo/'],
    ['apps/sandbox/', 'apps/api/'],
    ['apps/sandbox/', 'apps/demo/'],
    ['libs/', 'apps/demo/'],
  ])('should keep the demo and the sandboxes out of the product: no imports from %s into %s', (from, to) => {
    expect(importsFrom(from, to)).toEqual([]);
  });
});
