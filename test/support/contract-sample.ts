// Valid arguments for any operation of a bundled contract, read from the contract itself (its examples,
// else the smallest value its schema accepts), so a newly adopted operation is called with no test code.
import { readFileSync } from 'node:fs';
import { parseYaml } from '@redocly/openapi-core';

type Json = Record<string, any>;

export interface ContractOperation {
  operationId: string;
  method: string;
  path: string;
  /** The first 2xx status the contract documents. */
  status: number;
  init: { params: Record<string, Record<string, unknown>>; body?: unknown };
}

/** Every operation of the bundle at `file`, with arguments the contract accepts. */
export function contractOperations(file: string): ContractOperation[] {
  const document = parseYaml(readFileSync(file, 'utf8')) as Json;
  const resolve = (node: Json): Json =>
    node?.$ref ? resolve(node.$ref.slice(2).split('/').reduce((at: Json, key: string) => at[key.replaceAll('~1', '/').replaceAll('~0', '~')], document)) : node;
  const sample = (schemaNode: Json, depth = 0): unknown => {
    const schema = resolve(schemaNode) ?? {};
    if (schema.example !== undefined) return schema.example;
    if (schema.enum) return schema.enum[0];
    if (schema.default !== undefined) return schema.default;
    if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part: Json) => sample(part, depth)));
    if (schema.oneOf || schema.anyOf) return sample((schema.oneOf ?? schema.anyOf)[0], depth);
    switch (schema.type) {
      case 'object': {
        const required: string[] = depth > 8 ? [] : (schema.required ?? []);
        return Object.fromEntries(required.map((name) => [name, sample(schema.properties?.[name] ?? {}, depth + 1)]));
      }
      case 'array':
        return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () => sample(schema.items ?? {}, depth + 1));
      case 'integer':
      case 'number':
        return schema.minimum ?? 1;
      case 'boolean':
        return true;
      default:
        return sampleString(schema);
    }
  };

  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
      .map(([method, operation]: [string, Json]) => {
        const params: Record<string, Record<string, unknown>> = {};
        for (const parameter of [...((item as Json).parameters ?? []), ...(operation.parameters ?? [])].map(resolve)) {
          if (!parameter.required) continue;
          (params[parameter.in] ??= {})[parameter.name] = parameter.example ?? sample(parameter.schema ?? {});
        }
        const media = operation.requestBody && resolve(operation.requestBody).content?.['application/json'];
        const example = media && (media.example ?? Object.values(media.examples ?? {}).map((entry) => resolve(entry as Json).value)[0]);
        const status = Number(Object.keys(operation.responses).find((code) => /^2\d\d$/.test(code)));
        return {
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path,
          status,
          init: { params, ...(media ? { body: example ?? sample(media.schema) } : {}) },
        };
      }),
  );
}

/** A string its limits and pattern accept, tried from a few candidates. */
function sampleString(schema: Json): string {
  if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
  if (schema.format === 'date') return '2026-01-01';
  if (schema.format === 'email') return 'ana@example.com';
  if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com/paypal';
  const length = Math.max(schema.minLength ?? 1, 1);
  const pattern = schema.pattern ? new RegExp(schema.pattern) : undefined;
  const candidates = ['A', 'a', '1', 'A1'].map((unit) => unit.padEnd(length, unit));
  return candidates.find((candidate) => !pattern || pattern.test(candidate)) ?? candidates[0]!;
}
