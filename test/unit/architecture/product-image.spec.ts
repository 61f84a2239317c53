import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
type Manifest = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

/**
 * Demo and live apart (issue 19): the sandboxes, with their fault-injection API, are never a run-time dependency of the
 * product, and the product's image is built without them. The import graph test proves no product file imports them;
 * these prove the packages and the Dockerfile say the same.
 */
describe('the product image holds no sandbox', () => {
  it.each(['apps/api/package.json', 'libs/connectors/package.json', 'libs/mapping/package.json', 'apps/web/package.json'])(
    'should not let %s depend on the sandboxes or the demo',
    (path) => {
      const manifest = JSON.parse(read(path)) as Manifest;
      const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
      expect(names.filter((n) => n === '@mlc/sandbox' || n === '@mlc/demo')).toEqual([]);
    },
  );

  it('should remove apps/sandbox and apps/demo from the build before the runtime stage copies it, and prove the API loads without them', () => {
    const dockerfile = read('Dockerfile');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages).toHaveLength(2);
    const [build, runtime] = stages as [string, string];
    expect(build).toMatch(/rm -rf apps\/sandbox apps\/demo node_modules\/@mlc\/sandbox node_modules\/@mlc\/demo/);
    expect(build).toMatch(/node -e "require\('\/app\/apps\/api\/dist\/bootstrap\.js'\)"/);
    expect(runtime).not.toMatch(/apps\/sandbox|apps\/demo/);
  });

  it('should run no sandbox in docker-compose (it deploys the live product)', () => {
    expect(read('docker-compose.yml')).not.toMatch(/sandbox|MLC_MODE:\s*demo|ALLOW_SANDBOX_HOSTS/i);
  });
});
