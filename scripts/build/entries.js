// The package's entries, read from package.json so that adding an entry there is all it takes:
// the build bundles each one and the API reference documents each public one.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Every path under a package.json field, however its conditions nest. @param {unknown} field @returns {string[]} */
const targets = (field) =>
  typeof field === 'string' ? [field] : typeof field === 'object' && field !== null ? Object.values(field).flatMap(targets) : [];

/**
 * `[NAME, 'src/NAME.ts']` for `./dist/NAME<extension>`, checked to exist.
 * @param {string} target @param {string} extension @returns {[string, string]}
 */
function sourceOf(target, extension) {
  const name = target.slice('./dist/'.length, -extension.length);
  const source = `src/${name}.ts`;
  if (!existsSync(path.join(ROOT, source))) throw new Error(`package.json lists dist/${name}${extension}, but ${source} does not exist`);
  return [name, source];
}

/**
 * `{ NAME: 'src/NAME.ts' }` for every `./dist/NAME<extension>` package.json lists under "exports" and "bin".
 * @param {string} extension
 */
export function buildEntries(extension) {
  const found = [...targets(pkg.exports), ...targets(pkg.bin)].filter((target) => target.startsWith('./dist/') && target.endsWith(extension));
  return Object.fromEntries([...new Set(found)].map((target) => sourceOf(target, extension)));
}

/**
 * The public entries users import, `{ '.': 'src/index.ts', './webhooks': 'src/webhooks/index.ts', … }`: each
 * "exports" subpath whose ESM build comes from src/ (not the CLI, not package.json).
 * @returns {Record<string, string>}
 */
export function publicEntries() {
  return Object.fromEntries(
    Object.entries(pkg.exports).flatMap(([subpath, conditions]) => {
      const esm = targets(conditions).find((target) => target.startsWith('./dist/') && target.endsWith('.js'));
      return esm ? [[subpath, sourceOf(esm, '.js')[1]]] : [];
    }),
  );
}
