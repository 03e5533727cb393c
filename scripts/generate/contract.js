// Lints and bundles the contract with Redocly, applying the overlays listed in redocly.yaml in order, each
// of whose actions must still match the document it is applied to.
import { bundle, getLineColLocation, lint, lintFromString, loadConfig, parseYaml, stringifyYaml } from '@redocly/openapi-core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { overlayRefOrigin, unmatchedActions } from './overlays.js';
import { preflight } from './preflight.js';

/** The APIs in redocly.yaml: the source with its overlays, and the corrected bundle. */
const API = 'payouts';
const BUNDLED_API = 'payouts-bundled';

/**
 * @typedef {import('@redocly/openapi-core').NormalizedProblem} Problem
 * @typedef {import('@redocly/openapi-core').Config} Config
 */

/** Thrown when the contract has errors; its message lists each with file, line and rule. */
export class ContractError extends Error {
  /** @override */
  name = 'ContractError';
}

/** @param {string} root */
export async function loadApiConfig(root) {
  const configPath = path.join(root, 'redocly.yaml');
  const rootConfig = await loadConfig({ configPath });
  const api = rootConfig.resolvedConfig.apis?.[API];
  if (!api?.root) throw new ContractError(`redocly.yaml: apis.${API}.root is missing`);
  const configDir = path.dirname(configPath);
  return {
    config: rootConfig.forAlias(API),
    bundledConfig: rootConfig.forAlias(BUNDLED_API),
    defaultSpec: path.resolve(configDir, api.root),
    overlays: (api.overlays ?? []).map((overlay) => path.resolve(configDir, overlay)),
  };
}

/**
 * Formats problems as `file:line:col severity rule: message`, one a line.
 * @param {Problem[]} problems
 * @param {string} root paths are shown relative to it
 */
export function formatProblems(problems, root) {
  return problems
    .map((problem) => {
      const where = problem.location[0];
      if (!where) return `${problem.severity} ${problem.ruleId}: ${problem.message}`;
      const { start } = getLineColLocation(where);
      const file = path.relative(root, where.source.absoluteRef);
      return `${file}:${start.line}:${start.col} ${problem.severity} ${problem.ruleId}: ${problem.message}`;
    })
    .join('\n');
}

/**
 * Throws a ContractError listing the errors among the problems; returns the warnings.
 * @param {Problem[]} problems
 * @param {string} what
 * @param {string} root
 */
function failOnErrors(problems, what, root) {
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new ContractError(`${what}: ${errors.length} error(s)\n${formatProblems(errors, root)}`);
  }
  return problems.filter((problem) => problem.severity === 'warn');
}

/**
 * Lints the source, then applies the overlays in redocly.yaml's order, each in its own Redocly bundle pass
 * over the previous pass's bundle: Redocly resolves the files an overlay joins only after all of that pass's
 * overlays have run, so a correction listed after a join sees the joined document. Each action must match
 * the document its overlay is applied to. Returns the bundle as YAML with the files it read.
 * @param {{ root: string, spec: string, config: Config, overlays: string[] }} options
 */
export async function lintAndBundle({ root, spec, config, overlays }) {
  // Before Redocly reads it: Redocly would follow a remote $ref, and expand aliases without bound.
  await preflight(spec, { root, boundary: path.dirname(spec) });
  await parseDocument(spec, root);
  const warnings = failOnErrors(await lint({ ref: spec, config }), `lint ${path.relative(root, spec)}`, root);
  let result = await bundle({ ref: spec, config });
  failOnErrors(result.problems, `bundle ${path.relative(root, spec)}`, root);
  const files = new Set([...result.fileDependencies, ...overlays]);
  const unmatched = [];
  const problems = [];
  for (const overlay of overlays) {
    unmatched.push(...(await unmatchedActions(/** @type {Record<string, any>} */ (result.bundle.parsed), [overlay], root)));
    result = await bundle({ doc: result.bundle, config, overlays: [overlay] });
    problems.push(...result.problems);
    for (const file of result.fileDependencies) files.add(file);
  }
  if (unmatched.length > 0) {
    throw new ContractError(`${unmatched.length} overlay action target(s) match nothing; each fix would silently vanish:\n${unmatched.join('\n')}`);
  }
  const parsed = /** @type {Record<string, any>} */ (result.bundle.parsed);
  // A $ref that an overlay action inserted is reported at the document; name the ref and the action.
  const errors = [];
  for (const problem of problems.filter((problem) => problem.severity === 'error')) {
    const pointer = problem.location[0]?.pointer;
    const origin = pointer ? await overlayRefOrigin(parsed, pointer, overlays, root) : undefined;
    errors.push(origin ? `${origin.where} error no-unresolved-refs: $ref ${origin.ref} of ${origin.action} cannot be resolved` : formatProblems([problem], root));
  }
  if (errors.length > 0) throw new ContractError(`bundle ${path.relative(root, spec)}: ${errors.length} error(s)\n${errors.join('\n')}`);
  warnings.push(...problems.filter((problem) => problem.severity === 'warn'));
  return {
    yaml: stringifyYaml(parsed, { lineWidth: -1, noRefs: true }),
    document: parsed,
    files: [...files],
    warnings,
  };
}

/**
 * Lints the bundled document before it is written, so mistakes in the corrections fail the run too.
 * @param {string} source the bundle's text
 * @param {string} file where it will be written, for the messages
 * @param {Config} config
 * @param {string} root
 */
export async function lintBundle(source, file, config, root) {
  const problems = await lintFromString({ source, absoluteRef: file, config });
  return failOnErrors(problems, 'lint of the corrected bundle', root);
}

/**
 * Parses a JSON or YAML document; a syntax error becomes one line with its line and column, and none
 * of the document's text (a truncated release would otherwise print hundreds of lines).
 * @param {string} file
 * @param {string} root
 * @returns {Promise<unknown>}
 */
export async function parseDocument(file, root) {
  const name = path.relative(root, file);
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = /** @type {{ code?: string }} */ (error).code;
    throw new ContractError(`${name}: cannot read the document (${code === 'ENOENT' ? 'no such file' : code ?? 'unreadable'})`);
  }
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = /** @type {Error} */ (error).message;
      const at = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
      const lines = text.slice(0, at).split('\n');
      const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^(.{0,120}).*$/s, '$1');
      throw new ContractError(`${name}:${lines.length}:${(lines.at(-1)?.length ?? 0) + 1} error parse: invalid JSON: ${reason}`);
    }
  }
  try {
    return parseYaml(text);
  } catch (error) {
    const { mark, reason } = /** @type {{ mark?: { line: number, column: number }, reason?: string }} */ (error);
    throw new ContractError(`${name}:${(mark?.line ?? 0) + 1}:${(mark?.column ?? 0) + 1} error parse: invalid YAML: ${reason ?? 'cannot parse'}`);
  }
}
