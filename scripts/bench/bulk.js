// Bulk-run figures for npm run bench: validating and planning a 1,000,000-row file (time, peak RSS),
// and a 40,000-row run against the local PayPal, timed in the client's own process.
// Run alone with `node scripts/bench/bulk.js` (after `npm run build`); index.js calls it too.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dist = (/** @type {string} */ file) => path.join(ROOT, 'dist', file);

/** A Payouts Web file of `rows` rows in USD, EUR and JPY. @param {string} file @param {number} rows */
function writeFile(file, rows) {
  const lines = [];
  for (let i = 1; i <= rows; i++) {
    const currency = ['USD', 'EUR', 'JPY'][i % 3];
    const amount = currency === 'JPY' ? String(100 + (i % 9000)) : `${1 + (i % 500)}.${String(i % 100).padStart(2, '0')}`;
    lines.push(`creator-${i}@example.com,${amount},${currency},C${i},Monthly payout,PAYPAL`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** What a worker process measures of itself. @param {number} started */
function usage(started) {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  return { wallMs: performance.now() - started, cpuMs: (userCPUTime + systemCPUTime) / 1000, maxRssMb: maxRSS / 1024 };
}

/** In a child process: plan `file`, or send it to `url`. */
async function worker(/** @type {string[]} */ [mode, file, url, clientId, clientSecret]) {
  const { planFile, sendPayoutFile } = await import(dist('bulk/index.js'));
  const started = performance.now();
  if (mode === 'plan') {
    const plan = await planFile(file);
    return { ...usage(started), rows: plan.rows, batches: plan.batches.length };
  }
  const { PayoutsClient } = await import(dist('index.js'));
  const client = new PayoutsClient({ clientId, clientSecret, baseUrl: url });
  const storeDir = mkdtempSync(path.join(tmpdir(), 'bench-store-'));
  const result = await sendPayoutFile(file, { client, storeDir, wait: { intervalMs: 10, maxIntervalMs: 10 } });
  rmSync(storeDir, { recursive: true, force: true });
  return { ...usage(started), rows: result.plan.rows, outcome: result.outcome };
}

const measure = (/** @type {string[]} */ args) => JSON.parse(execFileSync(process.execPath, [import.meta.filename, 'worker', ...args], { encoding: 'utf8' }));
/** The same, while this process serves the local PayPal. @param {string[]} args */
const measureAsync = async (args) => JSON.parse((await promisify(execFile)(process.execPath, [import.meta.filename, 'worker', ...args], { encoding: 'utf8' })).stdout);

const fixed = (/** @type {number} */ value, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function bulk() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-bulk-'));
  try {
    const million = path.join(dir, 'million.csv');
    writeFile(million, 1_000_000);
    const plan = measure(['plan', million]);
    const file = path.join(dir, 'forty-thousand.csv');
    writeFile(file, 40_000);
    const { startLocalPayPal } = await import(dist('testing/index.js'));
    // The local PayPal runs in this process; the run in its own, so its CPU time is the client's alone.
    const paypal = await startLocalPayPal({ clock: 'instant' });
    let run;
    try {
      run = await measureAsync(['send', file, paypal.url, paypal.clientId, paypal.clientSecret]);
    } finally {
      await paypal.close();
    }
    console.log('\n| bulk run | wall time | CPU time of the process | peak RSS |\n| --- | --- | --- | --- |');
    console.log(`| validate and plan 1,000,000 rows (${fixed(statSync(million).size / 2 ** 20)} MiB, ${plan.batches} batches) | ${fixed(plan.wallMs / 1000, 1)} s | ${fixed(plan.cpuMs / 1000, 1)} s | ${fixed(plan.maxRssMb)} MiB |`);
    console.log(`| send a 40,000-row file to the local PayPal: plan, journal, send, wait, reconcile, report | ${fixed(run.wallMs / 1000, 1)} s | ${fixed(run.cpuMs / 1000, 1)} s | ${fixed(run.maxRssMb)} MiB |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'worker') process.stdout.write(JSON.stringify(await worker(process.argv.slice(3))));
else if (import.meta.filename === process.argv[1]) await bulk();
