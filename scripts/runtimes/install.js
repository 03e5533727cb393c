// The runtimes the matrix and the bench run on: npm packages at pinned versions, installed once into a
// cache folder outside the repository (RUNTIMES_CACHE, default ~/.cache/paypal-payouts/runtimes).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const CACHE = path.resolve(process.env.RUNTIMES_CACHE ?? path.join(homedir(), '.cache/paypal-payouts/runtimes'));

/** Pinned runtimes, as npm packages. Miniflare runs workerd; it needs Node 22. */
export const PINS = {
  node22: 'npm:node@22.23.3',
  node24: 'npm:node@24.9.0',
  bun: '1.4.5',
  deno: '2.9.6',
  miniflare: '4.20260730.0',
};

const modules = path.join(CACHE, 'node_modules');

/** Executables, once installed. */
export const BIN = {
  node20: process.execPath,
  node22: path.join(modules, 'node22/bin/node'),
  node24: path.join(modules, 'node24/bin/node'),
  bun: path.join(modules, '.bin/bun'),
  deno: path.join(modules, '.bin/deno'),
  /** Miniflare's module, for `import()` from a Node 22+ process. */
  miniflare: path.join(modules, 'miniflare/dist/src/index.js'),
};

/** Installs the pinned runtimes into CACHE, unless the pins there already match. */
export function installRuntimes() {
  const manifest = `${JSON.stringify(
    {
      private: true,
      dependencies: PINS,
      // npm runs no dependency's install script unless allowed: these link the runtimes' binaries.
      allowScripts: { node: true, bun: true, deno: true, workerd: true },
    },
    null,
    2,
  )}\n`;
  const manifestPath = path.join(CACHE, 'package.json');
  if (existsSync(manifestPath) && readFileSync(manifestPath, 'utf8') === manifest && existsSync(path.join(modules, '.bin'))) return;
  console.error(`Installing runtimes into ${CACHE} ...`);
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(manifestPath, manifest);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], { cwd: CACHE, stdio: ['ignore', 'inherit', 'inherit'] });
}
