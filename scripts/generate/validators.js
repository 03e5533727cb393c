// generated/validators.ts: every operation of the contract, keyed by `METHOD path`, with its request
// validators: the compiled checks of checks.ts (checks.js). So `client.request` reaches only the contract's
// operations and checks any one's input before sending, one a release adds included. A part the compiler
// does not write stops the generator: the client loads no zod (issue 19), so it has no other check.

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
 * Every operation's key and its parts' zod export names (those zod.ts exports).
 * @param {Record<string, any>} document the bundle
 * @param {Set<string>} exported names zod.ts exports
 */
export function operationParts(document, exported) {
  const operations = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      if (!item?.[method]) continue;
      const operationId = item[method].operationId;
      const names = typeof operationId === 'string' ? PARTS.map(([suffix, key]) => ({ key, name: `z${pascal(operationId)}${suffix}` })) : [];
      operations.push({ key: `${method.toUpperCase()} ${path}`, parts: names.filter(({ name }) => exported.has(name)) });
    }
  }
  return operations;
}

/**
 * The module's text. Throws naming each part checks.ts has no check for, and why.
 * @param {ReturnType<typeof operationParts>} operations
 * @param {{ compiled: Set<string>, skipped: Map<string, string> }} checks what checksModule compiled and skipped (zod export names)
 * @param {string} banner
 */
export function validatorsModule(operations, { compiled, skipped }, banner) {
  const missing = operations.flatMap(({ parts }) => parts.filter(({ name }) => !compiled.has(name)).map(({ name }) => `${name}: ${skipped.get(name) ?? 'not compiled'}`));
  if (missing.length > 0) throw new Error(`checks.js does not compile every request part, and the client loads no zod:\n${missing.join('\n')}`);
  const part = (/** @type {string} */ name) => `checks.check${name.slice(1)}`;
  // Every operation is listed, with or without validators: client.request reaches only these.
  // The key is the document's text: written by JSON.stringify, never spliced into quotes.
  const lines = operations.map(({ key, parts }) => `  ${JSON.stringify(key)}: { ${parts.map(({ key: where, name }) => `${where}: ${part(name)}`).join(', ')} },`);
  return [
    `// ${banner}`,
    '',
    ...(compiled.size > 0 ? ["import * as checks from './checks.js';"] : []),
    '',
    '/** Every operation of the contract, by `METHOD path`, with its request validators, the compiled checks. */',
    'export const requestValidators = {',
    ...lines,
    '} as const;',
    '',
  ].join('\n');
}
