// Lint warnings PayPal's own document always has are listed once, reviewed, in
// openapi/corrections/known-warnings.yaml; a run prints how many of those it saw, and only new ones in full.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseYaml } from '@redocly/openapi-core';
import { formatProblems } from './contract.js';
import { printable } from './printable.js';

const BASELINE = 'openapi/corrections/known-warnings.yaml';

/**
 * @typedef {import('@redocly/openapi-core').NormalizedProblem} Problem
 * @typedef {{ rule: string, where: string }} KnownWarning
 */

/**
 * Where a problem sits in the whole document, as a JSON pointer, whichever file of the split layout
 * (or the single file) it was found in: the same warning keeps its key across layouts and line shifts.
 * @param {Problem} problem
 * @param {Map<string, string>} filePointers absolute file -> pointer of the $ref that includes it
 */
function keyOf(problem, filePointers) {
  const location = problem.location[0];
  const file = location?.source.absoluteRef ?? '';
  const pointer = (location?.pointer ?? '#').replace(/^#/, '');
  return `${problem.ruleId} #${(filePointers.get(file) ?? '') + pointer}`;
}

/**
 * Which file of a split document sits at which pointer, from the root's `$ref`s to whole files.
 * @param {string} spec
 */
async function filePointers(spec) {
  /** @type {Map<string, string>} */
  const pointers = new Map();
  const root = await readFile(spec, 'utf8').then((text) => parseYaml(text), () => undefined);
  const walk = (/** @type {unknown} */ node, /** @type {string} */ pointer) => {
    if (typeof node !== 'object' || node === null) return;
    const ref = /** @type {{ $ref?: unknown }} */ (node).$ref;
    if (typeof ref === 'string' && !ref.startsWith('#') && !ref.includes('#')) {
      pointers.set(path.resolve(path.dirname(spec), ref), pointer);
      return;
    }
    for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  };
  walk(root, '');
  return pointers;
}

/**
 * Formats the warnings: a count of the known ones, then each new one in full.
 * @param {string} root
 * @param {string} spec
 * @param {Problem[]} warnings
 * @returns {Promise<string>} '' when there are none
 */
export async function knownWarnings(root, spec, warnings) {
  const baseline = /** @type {{ warnings?: KnownWarning[] }} */ (
    (await readFile(path.join(root, BASELINE), 'utf8').then((text) => parseYaml(text), () => ({}))) ?? {}
  );
  const known = new Set((baseline.warnings ?? []).map(({ rule, where }) => `${rule} ${where}`));
  const pointers = await filePointers(spec);
  const seen = new Set();
  /** @type {string[]} */
  const fresh = [];
  let knownCount = 0;
  for (const warning of warnings) {
    const key = keyOf(warning, pointers);
    if (seen.has(key)) continue; // the source and the bundle report some alike
    seen.add(key);
    if (known.has(key)) knownCount++;
    // The pointer is what a reviewer copies into the baseline.
    else fresh.push(`${formatProblems([warning], root)} [${key.split(' ')[1]}]`);
  }
  const lines = [];
  if (knownCount > 0) lines.push(`${knownCount} known warning${knownCount === 1 ? '' : 's'} of PayPal's document (reviewed in ${BASELINE})`);
  if (fresh.length > 0) lines.push(`${fresh.length} new warning${fresh.length === 1 ? '' : 's'}:`, ...fresh);
  return lines.map(printable).join('\n');
}
