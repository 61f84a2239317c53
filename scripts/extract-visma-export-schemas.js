#!/usr/bin/env node
/**
 * Developer script: copies the Visma.net ERP response DTO schemas that the BigQuery export catalogue names
 * (`dtoSchema: '…'` in libs/mapping/src/bigquery/export-entities.ts), plus every schema they `$ref`, transitively,
 * from the official OpenAPI file into libs/mapping/src/bigquery/visma-export-schemas.json. Schema values are unchanged
 * JSON from the source; only the selection and the key order (sorted) are ours; `$ref`s keep their
 * `#/components/schemas/…` form. A user's clone has no /work/shared: the product and the tests read only the committed
 * JSON. Uses only node built-ins.
 *
 * Usage (from the repo root):
 *   node scripts/extract-visma-export-schemas.js [path/to/visma-net-erp-api.v1_20250424.openapi.json] [--date YYYY-MM-DD]
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_SOURCE = '/work/shared/specs/visma-net/visma-net-erp-api.v1_20250424.openapi.json';
const CATALOGUE = path.join(ROOT, 'libs/mapping/src/bigquery/export-entities.ts');
const TARGET = path.join(ROOT, 'libs/mapping/src/bigquery/visma-export-schemas.json');

const args = process.argv.slice(2);
const dateAt = args.indexOf('--date');
const generated = dateAt >= 0 ? args[dateAt + 1] : new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(generated ?? '')) throw new Error(`--date wants YYYY-MM-DD, got ${generated}`);
const positional = args.filter((a, i) => a !== '--date' && i !== dateAt + 1);
const source = positional[0] ?? DEFAULT_SOURCE;

const roots = [...fs.readFileSync(CATALOGUE, 'utf8').matchAll(/^ +dtoSchema: '([A-Za-z0-9_]+)',$/gm)].map((m) => m[1]);
if (roots.length === 0) throw new Error(`no dtoSchema entries found in ${CATALOGUE}`);

const spec = JSON.parse(fs.readFileSync(source, 'utf8'));
const all = spec.components.schemas;
const picked = {};
const queue = [...roots];
while (queue.length > 0) {
  const name = queue.shift();
  if (picked[name]) continue;
  const schema = all[name];
  if (!schema) throw new Error(`schema ${name} not in ${source}`);
  picked[name] = schema;
  for (const m of JSON.stringify(schema).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) queue.push(m[1]);
}
const sorted = Object.fromEntries(Object.keys(picked).sort().map((k) => [k, picked[k]]));
const out = {
  source: {
    file: 'visma-net/visma-net-erp-api.v1_20250424.openapi.json',
    upstream: 'angoyd/Visma.Net.Swagger v1_20250424/swagger.json @ cc958cd64d4404e2945a5d625ab4a77f968a3275 (Visma\'s published spec, downloaded from https://finance.visma.net/swaggerui/api/vismanet.erp.service.api-apim)',
    specSnapshotDate: '2025-04-24',
    licence: 'none found; carried as reference, only the schemas the export needs',
  },
  generated,
  generator: 'scripts/extract-visma-export-schemas.js',
  openapi: spec.openapi,
  info: { title: spec.info.title, version: spec.info.version },
  roots: [...new Set(roots)],
  components: { schemas: sorted },
};
fs.writeFileSync(TARGET, JSON.stringify(out, null, 1) + '\n');
process.stdout.write(`wrote ${Object.keys(sorted).length} schemas (${out.roots.length} roots) to ${path.relative(ROOT, TARGET)}\n`);
