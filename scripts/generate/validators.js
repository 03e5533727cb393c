// generated/validators.ts: every operation of the contract, keyed by `METHOD path`, with its request
// validators (the zod schemas @hey-api/openapi-ts writes per operation), so `client.request` reaches
// only the contract's operations and checks any one's input before sending, one a release adds included.

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
      if (!item?.[method]) continue;
      const operationId = item[method].operationId;
      const names = typeof operationId === 'string' ? PARTS.map(([suffix, key]) => ({ key, name: `z${pascal(operationId)}${suffix}` })) : [];
      const parts = names.filter(({ name }) => exported.has(name));
      // Every operation is listed, with or without validators: client.request reaches only these.
      // The key is the document's text: written by JSON.stringify, never spliced into quotes.
      lines.push(`  ${JSON.stringify(`${method.toUpperCase()} ${path}`)}: { ${parts.map(({ key, name }) => `${key}: zod.${name}`).join(', ')} },`);
    }
  }
  return [
    `// ${banner}`,
    '',
    "import * as zod from './zod.js';",
    '',
    '/** Every operation of the contract, by `METHOD path`, with its request validators. */',
    'export const requestValidators = {',
    ...lines,
    '} as const;',
    '',
  ].join('\n');
}
