// npm run build: every entry package.json lists (under "exports" and "bin") is bundled from src/,
// as ESM (.js, .d.ts) and CommonJS (.cjs, .d.cts), each listed file from its own source:
// dist/NAME.js and dist/NAME.cjs come from src/NAME.ts. Adding an entry to package.json is all it takes.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'tsdown';
import { buildEntries, ROOT } from './entries.js';

/**
 * dist/THIRD-PARTY-LICENSES.txt: the license of every package whose code the bundles carry, read from
 * the `//#region node_modules/...` markers the bundler leaves, so the list cannot go stale.
 * @param {{ chunks: Array<{ type: string, code?: string }> }} context
 */
function writeThirdPartyLicenses({ chunks }) {
  const names = new Set();
  for (const chunk of chunks) {
    for (const [, name] of (chunk.type === 'chunk' ? (chunk.code ?? '') : '').matchAll(/\/\/#region node_modules\/((?:@[^/]+\/)?[^/]+)\//g)) names.add(name);
  }
  const sections = [...names].sort().map((name) => {
    const dir = path.join(ROOT, 'node_modules', name);
    const { version, license } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((entry) => /^licen[cs]e/i.test(entry));
    if (!file) throw new Error(`${name} is bundled into dist/ but ships no license file`);
    return `${name}@${version} (${license})\n\n${readFileSync(path.join(dir, file), 'utf8').trim()}\n`;
  });
  const intro = 'dist/ bundles code of these packages; each is used under its license, reproduced here.\n';
  writeFileSync(path.join(ROOT, 'dist/THIRD-PARTY-LICENSES.txt'), [intro, ...sections].join(`\n${'-'.repeat(78)}\n\n`));
}

/** @param {'esm' | 'cjs'} format @param {string} extension */
const build = (format, extension) => ({
  cwd: ROOT,
  entry: buildEntries(extension),
  format,
  outDir: 'dist',
  platform: /** @type {const} */ ('node'),
  target: 'node20.19',
  fixedExtension: false, // .js for ESM ("type": "module"), .cjs for CommonJS
  hash: false,
  dts: { tsconfig: 'tsconfig.build.json' },
  tsconfig: 'tsconfig.build.json',
  // Bundled: zod/mini's index loads every locale (~60 modules, most of the start-up) where the bundle
  // keeps only what is used; openapi-fetch's CommonJS build hides its default export from a bundled
  // require(); and @peculiar/x509 must run after the Reflect polyfill, which Bun does not ensure for a
  // CommonJS package imported from ESM (so x509 and tsyringe come in, with their own dependencies).
  // Their licenses go to dist/THIRD-PARTY-LICENSES.txt.
  deps: { alwaysBundle: ['openapi-fetch', /^zod(\/|$)/, '@peculiar/x509', 'tsyringe'] },
  sourcemap: false, // the package does not ship src/, so maps would point nowhere
  clean: true,
  logLevel: /** @type {const} */ ('warn'),
  // CommonJS is on purpose (require() users); build time is not worth a warning.
  checks: { legacyCjs: false, pluginTimings: false },
});

// Both formats bundle the same packages: the ESM build writes the notices.
// The dashboard's page script and stylesheet are files, served as they are (src/dashboard/assets.ts finds them).
const dashboardAssets = { from: 'src/dashboard/assets/*', to: 'dist/dashboard/assets' };
export default defineConfig([
  { ...build('esm', '.js'), hooks: { 'build:done': writeThirdPartyLicenses }, copy: [dashboardAssets] },
  build('cjs', '.cjs'),
]);
