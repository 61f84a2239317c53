import committed from './visma-export-schemas.json';
import { MappingError } from '../mapping.error';

/**
 * One node of an OpenAPI 3.0 schema (the JSON Schema subset Visma's spec uses: `type`, `format`, `enum`, `properties`,
 * `items`, `$ref`; `allOf`/`oneOf`/`anyOf`/`additionalProperties`/`nullable` are understood too, though the committed
 * schemas contain none of them).
 */
export type JsonSchemaNode = {
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly items?: JsonSchemaNode;
  readonly $ref?: string;
  readonly allOf?: readonly JsonSchemaNode[];
  readonly oneOf?: readonly JsonSchemaNode[];
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly additionalProperties?: boolean | JsonSchemaNode;
  readonly nullable?: boolean;
};

/**
 * A schema document: `components.schemas` keyed by name, `$ref`s of the form `#/components/schemas/<Name>`
 * (the shape of `visma-export-schemas.json` and of the OpenAPI file itself).
 */
export type SchemaDocument = {
  readonly roots?: readonly string[];
  readonly components: { readonly schemas: Readonly<Record<string, JsonSchemaNode>> };
};

/**
 * The committed Visma DTO schemas of the export (written by scripts/extract-visma-export-schemas.js from
 * visma-net-erp-api.v1_20250424.openapi.json; its `source` and `generated` fields say from which file and when).
 */
export const VISMA_EXPORT_SCHEMAS: SchemaDocument & {
  readonly source: { readonly file: string; readonly upstream: string; readonly specSnapshotDate: string };
  readonly generated: string;
} = committed;

const REF_PREFIX = '#/components/schemas/';

/**
 * The schema `name` of `document`, or the target of a `$ref` (`#/components/schemas/<Name>`).
 * @throws MappingError `invalid-field` naming the reference when it is not local or names no schema.
 */
export function resolveSchema(document: SchemaDocument, nameOrRef: string): JsonSchemaNode {
  const name = nameOrRef.startsWith(REF_PREFIX) ? nameOrRef.slice(REF_PREFIX.length) : nameOrRef;
  if (nameOrRef.startsWith('#') && !nameOrRef.startsWith(REF_PREFIX)) {
    throw new MappingError('invalid-field', nameOrRef, 'only #/components/schemas/… references are supported');
  }
  const schema = Object.hasOwn(document.components.schemas, name) ? document.components.schemas[name] : undefined;
  if (!schema) throw new MappingError('invalid-field', nameOrRef, 'names no schema of the document');
  return schema;
}
