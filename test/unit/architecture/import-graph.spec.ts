import { join } from 'node:path';
import madge from 'madge';

const ROOT = join(__dirname, '../../..');
const SOURCES = ['libs/mapping/src', 'libs/connectors/src', 'apps/sandbox/src', 'apps/api/src'];

/**
 * The architecture rules of shared/style.md, checked on the real import graph (madge): no import cycles;
 * libs never import apps; libs/mapping imports nothing from libs/connectors; apps/sandbox and
 * libs/connectors never import each other (they meet only over HTTP).
 */
describe('import graph', () => {
  let graph: Record<string, string[]>;
  let circular: string[][];

  beforeAll(async () => {
    const result = await madge(SOURCES.map((s) => join(ROOT, s)), {
      baseDir: ROOT,
      fileExtensions: ['ts'],
      tsConfig: join(ROOT, 'test/tsconfig.json'),
      detectiveOptions: { ts: { skipTypeImports: true } },
    });
    graph = result.obj();
    circular = result.circular();
  }, 60_000);

  const importsFrom = (from: string, to: string) =>
    Object.entries(graph).flatMap(([file, deps]) => (file.startsWith(from) ? deps.filter((d) => d.startsWith(to)).map((d) => `${file} → ${d}`) : []));

  it('should read every workspace', () => {
    for (const source of SOURCES) expect(Object.keys(graph).some((f) => f.startsWith(source))).toBe(true);
  });

  it('should have no import cycles', () => {
    expect(circular).toEqual([]);
  });

  it.each([
    ['libs/', 'apps/'],
    ['libs/mapping/', 'libs/connectors/'],
    ['libs/connectors/', 'apps/sandbox/'],
    ['apps/sandbox/', 'libs/connectors/'],
  ])('should have no imports from %s into %s', (from, to) => {
    expect(importsFrom(from, to)).toEqual([]);
  });
});
