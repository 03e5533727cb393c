// generated/validators.ts: each operation's request validators (the zod schemas @hey-api/openapi-ts
// writes per operation), keyed by `METHOD path`, so `client.request` checks any operation's input
// before sending, an operation a release adds included.

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** hey-api's suffix per part of a request, and the `params` key it checks. */
const PARTS = /** @type {const} */ ([['Path', 'path'], ['Query', 'query'], ['Headers', 'header'], ['Body', 'body']]);

/** hey-api's name for an operation: `payouts-item.get` -> `PayoutsItemGet`. @param {string} operationId */
const pascal = (operationId) =>
  operationId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');

/**
 * The module's text.
 * @param {Record<string, any>} document the bundle
 * @param {Set<string>} exported names zod.ts exports
 * @param {string} banner
 */
export function validatorsModule(document, exported, banner) {
  const lines = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operationId = item?.[method]?.operationId;
      if (typeof operationId !== 'string') continue;
      const parts = PARTS.map(([suffix, key]) => ({ key, name: `z${pascal(operationId)}${suffix}` })).filter(({ name }) => exported.has(name));
      if (parts.length === 0) continue;
      lines.push(`  '${method.toUpperCase()} ${path}': { ${parts.map(({ key, name }) => `${key}: zod.${name}`).join(', ')} },`);
    }
  }
  return [
    `// ${banner}`,
    '',
    "import * as zod from './zod.js';",
    '',
    '/** Request validators of each operation, by `METHOD path`. */',
    'export const requestValidators = {',
    ...lines,
    '} as const;',
    '',
  ].join('\n');
}
