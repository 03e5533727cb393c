// npm run bench: the client against a bare fetch loop (the floor) and PayPal's legacy SDK, each in
// its own process against one local server; validation alone; and `npm run generate`. Prints Markdown.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { bulk } from './bulk.js';
import { createBody } from './worker.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VARIANTS = ['fetch', 'client', 'legacy'];
const WORKLOADS = { 'get-sequential': 'payouts.get, sequential', 'get-concurrent': 'payouts.get, 32 in flight', 'create-15000': '15,000-item create' };
const PROCESSES_PER_CELL = 3;

const median = (/** @type {number[]} */ values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const fixed = (/** @type {number} */ value, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

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
    /** @type {Record<string, Record<string, Array<{ wallUs: number, cpuUs: number, maxRssKb: number }>>>} */
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

async function validation() {
  const { assertValidCreatePayout } = await import('paypal-payouts');
  const body = createBody(15_000);
  const times = [];
  for (let run = 0; run < 40; run++) {
    const started = performance.now();
    assertValidCreatePayout(body);
    if (run >= 10) times.push(performance.now() - started); // after warm-up
  }
  return median(times);
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

async function main() {
  console.log(`# npm run bench\n\n${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`Each cell: median over ${PROCESSES_PER_CELL} processes of each one's median of 5 rounds, after warm-up.\n`);

  const results = await clients();
  console.log('| workload | measure | bare fetch (floor) | this client | legacy @paypal/payouts-sdk |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [workload, label] of Object.entries(WORKLOADS)) {
    for (const measure of /** @type {const} */ (['wallUs', 'cpuUs'])) {
      const perOp = Object.fromEntries(VARIANTS.map((variant) => [variant, median(results[workload]?.[variant]?.map((r) => r[measure]) ?? [])]));
      const floor = perOp.fetch ?? NaN;
      const cell = (/** @type {string} */ variant) => {
        const us = perOp[variant] ?? NaN;
        const shown = us >= 10_000 ? `${fixed(us / 1000, 1)} ms` : `${fixed(us)} µs`;
        return variant === 'fetch' ? shown : `${shown} (${fixed(us / floor, 2)}×)`;
      };
      console.log(`| ${label} | ${measure === 'wallUs' ? 'wall time per call' : 'CPU time per call'} | ${VARIANTS.map(cell).join(' | ')} |`);
    }
  }
  const rss = (/** @type {string} */ variant) =>
    `${fixed(Math.max(...Object.values(results).map((cell) => median(cell[variant]?.map((r) => r.maxRssKb) ?? []))) / 1024, 0)} MiB`;
  console.log(`| any | peak RSS of the process | ${VARIANTS.map(rss).join(' | ')} |`);

  console.log(`\n| other | median |\n| --- | --- |`);
  console.log(`| validating a 15,000-item create (no I/O) | ${fixed(await validation(), 1)} ms |`);
  const times = generate();
  console.log(`| \`npm run generate\`, cold (--force) | ${fixed(times.cold)} ms |`);
  console.log(`| \`npm run generate\`, nothing changed | ${fixed(times.unchangedNpm)} ms |`);
  console.log(`| \`node scripts/generate/index.js\`, nothing changed (without npm's start-up) | ${fixed(times.unchangedNode)} ms |`);
  await bulk();
}

await main();
