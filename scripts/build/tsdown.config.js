// npm run build: every entry package.json lists (under "exports" and "bin") is bundled from src/,
// as ESM (.js, .d.ts) and CommonJS (.cjs, .d.cts), each listed file from its own source:
// dist/NAME.js and dist/NAME.cjs come from src/NAME.ts. Adding an entry to package.json is all it takes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'tsdown';

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Every path under a package.json field, however its conditions nest. @param {unknown} field @returns {string[]} */
const targets = (field) =>
  typeof field === 'string' ? [field] : typeof field === 'object' && field !== null ? Object.values(field).flatMap(targets) : [];

/** `{ NAME: 'src/NAME.ts' }` for every `./dist/NAME<extension>` package.json lists. @param {string} extension */
function entries(extension) {
  const names = [...targets(pkg.exports), ...targets(pkg.bin)]
    .filter((target) => target.startsWith('./dist/') && target.endsWith(extension))
    .map((target) => target.slice('./dist/'.length, -extension.length));
  return Object.fromEntries(
    [...new Set(names)].map((name) => {
      const source = `src/${name}.ts`;
      if (!existsSync(path.join(ROOT, source))) throw new Error(`package.json lists dist/${name}${extension}, but ${source} does not exist`);
      return [name, source];
    }),
  );
}

/** @param {'esm' | 'cjs'} format @param {string} extension */
const build = (format, extension) => ({
  cwd: ROOT,
  entry: entries(extension),
  format,
  outDir: 'dist',
  platform: /** @type {const} */ ('node'),
  target: 'node20.19',
  fixedExtension: false, // .js for ESM ("type": "module"), .cjs for CommonJS
  hash: false,
  dts: { tsconfig: 'tsconfig.build.json' },
  tsconfig: 'tsconfig.build.json',
  // Bundled, so the package has no runtime dependencies: zod/mini's index loads every locale (~60
  // modules, most of the start-up) where the bundle keeps only what is used, and openapi-fetch's
  // CommonJS build hides its default export from a bundled require(). Licenses: see LICENSE.
  deps: { alwaysBundle: ['openapi-fetch', /^zod(\/|$)/] },
  sourcemap: false, // the package does not ship src/, so maps would point nowhere
  clean: true,
  logLevel: /** @type {const} */ ('warn'),
  // CommonJS is on purpose (require() users); build time is not worth a warning.
  checks: { legacyCjs: false, pluginTimings: false },
});

export default defineConfig([build('esm', '.js'), build('cjs', '.cjs')]);
