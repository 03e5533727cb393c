// Bulk-run figures for npm run bench: a 40,000-row run against the local PayPal, timed in the
// client's own process. (The 1,000,000-row dry run is a row of floors.js, beside its floor.)
// Run alone with `node scripts/bench/bulk.js` (after `npm run build`); index.js calls it too.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { count, fixed } from './format.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dist = (/** @type {string} */ file) => path.join(ROOT, 'dist', file);

/** A Payouts Web file of `rows` rows in USD, EUR and JPY. @param {string} file @param {number} rows */
export function writePayoutsWebFile(file, rows) {
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

/** In a child process: send `file` to `url`. */
async function worker(/** @type {string[]} */ [file, url, clientId, clientSecret]) {
  const { sendPayoutFile } = await import(dist('bulk/index.js'));
  const started = performance.now();
  const { PayoutsClient } = await import(dist('index.js'));
  const client = new PayoutsClient({ clientId, clientSecret, baseUrl: url });
  const storeDir = mkdtempSync(path.join(tmpdir(), 'bench-store-'));
  const result = await sendPayoutFile(file, { client, storeDir, wait: { intervalMs: 10, maxIntervalMs: 10 } });
  rmSync(storeDir, { recursive: true, force: true });
  return { ...usage(started), rows: result.plan.rows, outcome: result.outcome };
}

/** A worker process, while this process serves the local PayPal. @param {string[]} args */
const measureAsync = async (args) => JSON.parse((await promisify(execFile)(process.execPath, [import.meta.filename, 'worker', ...args], { encoding: 'utf8' })).stdout);

export async function bulk() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-bulk-'));
  try {
    const rows = 40_000;
    const file = path.join(dir, 'forty-thousand.csv');
    writePayoutsWebFile(file, rows);
    const { startLocalPayPal } = await import(dist('testing/index.js'));
    // The local PayPal runs in this process; the run in its own, so its CPU time is the client's alone.
    const paypal = await startLocalPayPal({ clock: 'instant' });
    let run;
    try {
      run = await measureAsync([file, paypal.url, paypal.clientId, paypal.clientSecret]);
    } finally {
      await paypal.close();
    }
    console.log('\n| bulk run | wall time | CPU time of the process | peak RSS |\n| --- | --- | --- | --- |');
    console.log(`| send a file of ${count(rows, 'row')} to the local PayPal: plan, journal, send, wait, reconcile, report | ${fixed(run.wallMs / 1000, 1)} s | ${fixed(run.cpuMs / 1000, 1)} s | ${fixed(run.maxRssMb)} MiB |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'worker') process.stdout.write(JSON.stringify(await worker(process.argv.slice(3))));
else if (import.meta.filename === process.argv[1]) await bulk();
