// npm run bench: the package's work beside its floor, the cheapest way to do the same work (floors.js:
// webhook verification, validation, the bulk dry run, the edge bundle, per call); the client against a
// bare fetch loop and PayPal's legacy SDK, each in its own process against one local server; a 40,000-row
// send against the local PayPal. Slower sections run only when named: cold start against the legacy SDK
// on every runtime (`cold`) and `npm run generate` (`generate`). Prints Markdown.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BIN, installRuntimes } from '../runtimes/install.js';
import { bulk } from './bulk.js';
import { floors } from './floors.js';
import { fixed, median } from './format.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VARIANTS = ['fetch', 'client', 'legacy'];
const WORKLOADS = { 'get-sequential': 'payouts.get, sequential', 'get-concurrent': 'payouts.get, 32 in flight', 'create-15000': '15,000-item create' };
const PROCESSES_PER_CELL = 3;
const COLD_PROCESSES = 11;
/** Where cold start is measured: how to run a script on each runtime. */
const COLD_RUNTIMES = {
  'Node 20': [BIN.node20],
  'Node 22': [BIN.node22],
  'Node 24': [BIN.node24],
  Bun: [BIN.bun],
  Deno: [BIN.deno, 'run', '-A'],
};


/** @returns {Promise<{ url: string, stop: () => void }>} */
function startServer() {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (line) => resolve({ url: String(line).trim(), stop: () => child.kill() }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

/** @param {string} variant @param {string} workload @param {string} url */
function runWorker(variant, workload, url) {
  const output = execFileSync(process.execPath, [path.join(import.meta.dirname, 'worker.js'), variant, workload, url], { cwd: ROOT, encoding: 'utf8' });
  return /** @type {{ wallUs: number, cpuUs: number, maxRssKb: number }} */ (JSON.parse(output));
}

/** Median wall time in ms of running a command `runs` times. @param {string} command @param {string[]} args @param {number} runs */
function timeCommand(command, args, runs) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    execFileSync(command, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, REDOCLY_TELEMETRY: 'off' } });
    times.push(performance.now() - started);
  }
  return median(times);
}

async function clients() {
  const server = await startServer();
  try {
    /** @type {CallResults} */
    const results = {};
    for (let round = 0; round < PROCESSES_PER_CELL; round++) {
      for (const workload of Object.keys(WORKLOADS)) {
        // Rotate the order, so no variant always runs on a warmer machine.
        for (const variant of [...VARIANTS.slice(round % 3), ...VARIANTS.slice(0, round % 3)]) {
          ((results[workload] ??= {})[variant] ??= []).push(runWorker(variant, workload, server.url));
        }
      }
    }
    return results;
  } finally {
    server.stop();
  }
}

/**
 * Fresh processes of one runtime, in rotating order: import time and memory, and time to a first create.
 * @param {string[]} runtime command and arguments that run a script
 */
async function coldStart(runtime) {
  const [command = '', ...args] = runtime;
  const server = await startServer();
  try {
    /** @type {Record<string, Array<Record<string, number>>>} */
    const runs = { fetch: [], client: [], legacy: [] };
    for (let run = 0; run < COLD_PROCESSES; run++) {
      for (const variant of [...VARIANTS.slice(run % 3), ...VARIANTS.slice(0, run % 3)]) {
        const output = execFileSync(command, [...args, path.join(import.meta.dirname, 'cold.js'), variant, server.url], { cwd: ROOT, encoding: 'utf8' });
        runs[variant]?.push(JSON.parse(output));
      }
    }
    return (/** @type {string} */ variant, /** @type {string} */ measure) => median(runs[variant]?.map((run) => run[measure] ?? NaN) ?? []);
  } finally {
    server.stop();
  }
}

/** A Worker that makes one call, bundled as a deploy would (esbuild, minified, platform neutral): bytes gzipped. */
async function edgeBundle() {
  const worker = `import { PayoutsClient } from 'paypal-payouts';
export default { fetch: (request, env) => new PayoutsClient(env).payouts.get('X').then((batch) => Response.json(batch)) };`;
  // The published files, as package.json exports them: not tsconfig.json's path to src/.
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-edge-'));
  try {
    writeFileSync(path.join(dir, 'tsconfig.json'), '{}');
    const options = { bundle: true, minify: true, platform: /** @type {const} */ ('neutral'), format: /** @type {const} */ ('esm'), write: false };
    const result = await build({ ...options, stdin: { contents: worker, resolveDir: ROOT }, tsconfig: path.join(dir, 'tsconfig.json'), external: ['node:*'] });
    const code = result.outputFiles?.[0]?.contents ?? new Uint8Array();
    return { raw: code.length, gzip: gzipSync(code).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function generate() {
  const out = mkdtempSync(path.join(tmpdir(), 'bench-generate-'));
  try {
    return {
      cold: timeCommand(process.execPath, ['scripts/generate/index.js', '--force', '--out', out], 3),
      unchangedNpm: timeCommand('npm', ['run', '--silent', 'generate'], 10),
      unchangedNode: timeCommand(process.execPath, ['scripts/generate/index.js'], 10),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Sections to run: `floors calls bundle bulk` by default, or those named (`npm run bench -- cold generate`). */
const DEFAULT_SECTIONS = ['floors', 'calls', 'bundle', 'bulk'];
const SECTIONS = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_SECTIONS;
const wanted = (/** @type {string} */ section) => SECTIONS.includes(section);

async function main() {
  console.log(`# npm run bench\n\n${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  const results = wanted('calls') ? await clients() : undefined;
  const bundle = wanted('bundle') ? await edgeBundle() : undefined;
  if (wanted('floors')) await floors({ calls: results && callFloors(results), bundle });
  if (results) printCalls(results);
  if (bundle) console.log(`\nEdge bundle of a one-call Worker (esbuild, minified, platform neutral): ${fixed(bundle.gzip)} bytes gzip (${fixed(bundle.raw)} raw).`);
  if (wanted('cold')) await printColdStart();
  if (wanted('generate')) {
    const times = generate();
    console.log(`\n| \`npm run generate\` | median |\n| --- | --- |`);
    console.log(`| cold (--force) | ${fixed(times.cold)} ms |`);
    console.log(`| nothing changed | ${fixed(times.unchangedNpm)} ms |`);
    console.log(`| \`node scripts/generate/index.js\`, nothing changed (without npm's start-up) | ${fixed(times.unchangedNode)} ms |`);
  }
  if (wanted('bulk')) await bulk();
  if (wanted('fleet')) await (await import('./fleet.js')).fleet();
}

/** @typedef {Record<string, Record<string, Array<{ wallUs: number, cpuUs: number, maxRssKb: number }>>>} CallResults */

/** Median over processes of one variant's per-call figure. @param {CallResults} results @param {string} workload @param {string} variant @param {'wallUs' | 'cpuUs' | 'maxRssKb'} measure */
const perCall = (results, workload, variant, measure) => median(results[workload]?.[variant]?.map((r) => r[measure]) ?? []);

/** The per-call rows of the floors table: the client against bare fetch. @param {CallResults} results */
function callFloors(results) {
  /** @type {Record<string, { floor: number, client: number }>} */
  const rows = {};
  for (const [workload, label] of /** @type {const} */ ([['get-sequential', 'sequential'], ['get-concurrent', '32 in flight']])) {
    for (const [measure, name] of /** @type {const} */ ([['cpuUs', 'CPU time'], ['wallUs', 'wall time']])) {
      rows[`${label}, ${name}`] = { floor: perCall(results, workload, 'fetch', measure), client: perCall(results, workload, 'client', measure) };
    }
  }
  return rows;
}

/** @param {CallResults} results */
function printCalls(results) {
  console.log(`\nPer call, against PayPal's legacy SDK too. Each cell: median over ${PROCESSES_PER_CELL} processes of each one's median of 5 rounds, after warm-up.\n`);
  console.log('| workload | measure | bare fetch (floor) | this client | legacy @paypal/payouts-sdk |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [workload, label] of Object.entries(WORKLOADS)) {
    for (const measure of /** @type {const} */ (['wallUs', 'cpuUs'])) {
      const floor = perCall(results, workload, 'fetch', measure);
      const cell = (/** @type {string} */ variant) => {
        const us = perCall(results, workload, variant, measure);
        const shown = us >= 10_000 ? `${fixed(us / 1000, 1)} ms` : `${fixed(us)} µs`;
        return variant === 'fetch' ? shown : `${shown} (${fixed(us / floor, 2)}×)`;
      };
      console.log(`| ${label} | ${measure === 'wallUs' ? 'wall time per call' : 'CPU time per call'} | ${VARIANTS.map(cell).join(' | ')} |`);
    }
  }
  const rss = (/** @type {string} */ variant) => `${fixed(Math.max(...Object.keys(results).map((workload) => perCall(results, workload, variant, 'maxRssKb'))) / 1024, 0)} MiB`;
  console.log(`| any | peak RSS of the process | ${VARIANTS.map(rss).join(' | ')} |`);
}

async function printColdStart() {
  installRuntimes();
  console.log(`\nCold start: median over ${COLD_PROCESSES} fresh processes per variant and runtime, in rotating order.\n`);
  console.log('| runtime | cold start | bare fetch | this client | legacy @paypal/payouts-sdk | client ÷ legacy |\n| --- | --- | --- | --- | --- | --- |');
  for (const [name, runtime] of Object.entries(COLD_RUNTIMES)) {
    const cold = await coldStart(runtime);
    /** @param {string} label @param {string} measure @param {string} unit @param {number} digits @param {boolean} [noFetch] the floor has nothing to import */
    const row = (label, measure, unit, digits, noFetch = false) => {
      const cell = (/** @type {string} */ variant) => `${fixed(cold(variant, measure), digits)} ${unit}`;
      const ratio = fixed(cold('client', measure) / cold('legacy', measure), 2);
      console.log(`| ${name} | ${label} | ${noFetch ? '-' : cell('fetch')} | ${cell('client')} | ${cell('legacy')} | ${ratio}× |`);
    };
    row('import, in process', 'importMs', 'ms', 1, true);
    row('RSS added by the import', 'importRssMiB', 'MiB', 1, true);
    row('first result (token + create), from process start', 'firstResultMs', 'ms', 0);
    row('CPU time to that first result', 'firstResultCpuMs', 'ms', 0);
    row('RSS at that first result', 'rssMiB', 'MiB', 0);
  }
}

await main();
