// npm run test:runtimes: packs the package as npm would publish it, installs the tarball into a
// throwaway consumer, and runs the one smoke test (test/runtimes/smoke.js) against a local server on
// Node 20 (import and require), 22 and 24 (both), Bun (both), Deno, and workerd with no nodejs_compat.
// The runtimes come from the npm registry at pinned versions (install.js).
import { execFile as execFileCallback, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { startSmokeServer } from '../../test/runtimes/server.js';
import { BIN, installRuntimes, PINS } from './install.js';

const execFile = promisify(execFileCallback);
const ROOT = path.resolve(import.meta.dirname, '../..');
const SMOKE = path.join(ROOT, 'test/runtimes');
const RUN_TIMEOUT_MS = 120_000;

/** Builds and packs the package, and installs the tarball into a new consumer folder. */
function consumer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'paypal-payouts-runtimes-'));
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const packArgs = ['pack', '--json', '--ignore-scripts', '--pack-destination', dir]; // built just above
  const [packed] = JSON.parse(execFileSync('npm', packArgs, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  const tarball = path.join(dir, packed.filename);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module', dependencies: { 'paypal-payouts': `file:${tarball}` } }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  for (const file of ['smoke.js', 'webhook-cases.js', 'esm.js', 'cjs.cjs', 'worker.js']) copyFileSync(path.join(SMOKE, file), path.join(dir, file));
  return dir;
}

/**
 * The worker as a Worker deploy would ship it: one ES module, the package bundled in, resolved as
 * wrangler does. `node:` imports stay imports, so workerd itself says whether it has them.
 */
async function bundleWorker(/** @type {string} */ dir) {
  const outfile = path.join(dir, 'worker.bundle.js');
  await build({
    ...{ entryPoints: [path.join(dir, 'worker.js')], absWorkingDir: dir, bundle: true, format: 'esm', platform: 'neutral', external: ['node:*'], outfile },
    // As wrangler resolves packages, for the webhooks entry's dependencies that have no "exports".
    ...{ conditions: ['workerd', 'worker', 'browser'], mainFields: ['browser', 'module', 'main'], logLevel: 'error' },
  });
  return outfile;
}

async function main() {
  installRuntimes();
  const dir = consumer();
  const server = await startSmokeServer();
  try {
    const worker = await bundleWorker(dir);
    /** @type {Array<[string, string, string[]]>} */
    const runs = [
      ['Node 20, import', BIN.node20, ['esm.js', server.url]],
      ['Node 20, require()', BIN.node20, ['cjs.cjs', server.url]],
      ['Node 22, import', BIN.node22, ['esm.js', server.url]],
      ['Node 22, require()', BIN.node22, ['cjs.cjs', server.url]],
      ['Node 24, import', BIN.node24, ['esm.js', server.url]],
      ['Node 24, require()', BIN.node24, ['cjs.cjs', server.url]],
      ['Bun, import', BIN.bun, ['esm.js', server.url]],
      ['Bun, require()', BIN.bun, ['cjs.cjs', server.url]],
      // Only the permissions a client needs: network to the server, reading its modules.
      ['Deno, import', BIN.deno, ['run', '--allow-net=127.0.0.1', '--allow-read=.', 'esm.js', server.url]],
      ['workerd, no nodejs_compat', BIN.node22, [path.join(import.meta.dirname, 'workerd.js'), BIN.miniflare, worker, server.url]],
    ];
    const versions = { node20: process.version, ...PINS };
    console.log(`paypal-payouts runtime matrix (${Object.entries(versions).map(([name, version]) => `${name} ${version.replace(/^npm:/, '')}`).join(', ')})\n`);
    let failed = 0;
    for (const [name, command, args] of runs) {
      const started = performance.now();
      try {
        const { stdout } = await execFile(command, args, { cwd: dir, timeout: RUN_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1' } });
        const passed = JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]');
        console.log(`ok    ${name} (${Math.round(performance.now() - started)} ms): ${passed.join(', ')}`);
      } catch (error) {
        failed++;
        const { stdout = '', stderr = '', message } = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
        console.log(`FAIL  ${name}\n${(stderr || stdout || message).trim().replace(/^/gm, '      ')}`);
      }
    }
    console.log(`\n${runs.length - failed} passed, ${failed} failed`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
