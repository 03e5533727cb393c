// The issue-19 table: each piece of work this package does, beside the cheapest way to do the same
// work (its floor), measured in the same run. In-process work runs in a child process of its own,
// floor and package in alternating rounds; the bulk dry run and its floor are separate processes.
// Run alone with `node scripts/bench/floors.js` (after `npm run build`); index.js calls it too.
import { execFileSync, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import CRC32 from 'crc-32';
import { writePayoutsWebFile } from './bulk.js';
import { duration, fixed, median } from './format.js';
import { createBody } from './worker.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dist = (/** @type {string} */ file) => path.join(ROOT, 'dist', file);
const WEBHOOK_BODY_BYTES = 3 * 1024;
const ITEMS = 15_000;
const DRY_RUN_ROWS = 1_000_000;
/** One process each: a run takes seconds, and the whole bench should finish in a few minutes. */
const DRY_RUNS = 1;

/**
 * Median per-call time in ms of `floor` and `work`, run in alternating rounds of `calls` calls.
 * @param {() => unknown} floor @param {() => unknown} work @param {number} calls @param {number} rounds
 */
async function sideBySide(floor, work, calls, rounds) {
  const time = async (/** @type {() => unknown} */ operation) => {
    const started = performance.now();
    for (let call = 0; call < calls; call++) await operation();
    return (performance.now() - started) / calls;
  };
  await time(floor); // warm-up
  await time(work);
  const floors = [];
  const works = [];
  for (let round = 0; round < rounds; round++) {
    floors.push(await time(floor));
    works.push(await time(work));
  }
  return { floorMs: median(floors), workMs: median(works) };
}

/** A PAYMENT.PAYOUTS-ITEM.SUCCEEDED event of `bytes` bytes, pretty-printed as PayPal sends them. @param {number} bytes */
function webhookBody(bytes) {
  const event = {
    id: 'WH-7YX49823S2290830K-0JE13296W68552352',
    event_version: '1.0',
    create_time: '2026-11-21T10:00:42.000Z',
    resource_type: 'payouts_item',
    event_type: 'PAYMENT.PAYOUTS-ITEM.SUCCEEDED',
    summary: 'A payout item has succeeded',
    resource: { payout_item_id: '8AELMXH8UB2P8', transaction_status: 'SUCCESS', payout_item: { note: '' } },
  };
  const unpadded = JSON.stringify(event, null, 2).length;
  event.resource.payout_item.note = 'x'.repeat(bytes - unpadded);
  return new TextEncoder().encode(JSON.stringify(event, null, 2));
}

/** In a child: verifyWebhookSignature with a warm cache against CRC-32 + one verify with an imported key. */
async function webhookWorker() {
  const { createWebhookTestKit, verifyWebhookSignature } = await import(dist('webhooks/index.js'));
  const kit = await createWebhookTestKit();
  const body = webhookBody(WEBHOOK_BODY_BYTES);
  const webhookId = '8PT597110X687430LKGECATA';
  const headers = await kit.sign({ body, webhookId });
  const options = { trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate };
  const delivery = { headers, body, webhookId };
  await verifyWebhookSignature(delivery, options); // fills the cache
  const leaf = new X509Certificate(await kit.fetchCertificate(kit.certUrl));
  const spki = leaf.publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const key = await crypto.subtle.importKey('spki', spki, algorithm, false, ['verify']);
  const signature = Buffer.from(headers['PAYPAL-TRANSMISSION-SIG'], 'base64');
  const signed = `${headers['PAYPAL-TRANSMISSION-ID']}|${headers['PAYPAL-TRANSMISSION-TIME']}|${webhookId}|`;
  const floor = async () => {
    const data = new TextEncoder().encode(signed + (CRC32.buf(body) >>> 0));
    if (!(await crypto.subtle.verify(algorithm.name, key, signature, data))) throw new Error('floor: signature mismatch');
  };
  return sideBySide(floor, () => verifyWebhookSignature(delivery, options), 1000, 7);
}

/** In a child: assertValidCreatePayout against JSON.stringify of the same 15,000-item body. */
async function validationWorker() {
  const { assertValidCreatePayout } = await import(dist('index.js'));
  const body = createBody(ITEMS);
  return sideBySide(() => JSON.stringify(body), () => assertValidCreatePayout(body), 3, 15);
}

/**
 * Runs node with `args` and usage-on-exit.js preloaded: wall time from the outside, CPU and peak RSS
 * from the process itself. @param {string[]} args
 */
function timeProcess(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', path.join(import.meta.dirname, 'usage-on-exit.js'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'], // stderr: the CLI's progress lines, shown only on failure
    });
    let usage = '';
    let errors = '';
    child.stdio[3]?.on('data', (chunk) => (usage += chunk));
    child.stderr?.on('data', (chunk) => (errors = (errors + chunk).slice(-4000)));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${errors}`));
      resolve({ wallMs: performance.now() - started, ...JSON.parse(usage) });
    });
  });
}

/** `send --dry-run` on a 1,000,000-row Payouts Web file against csv-parse reading it, in alternating processes. */
async function dryRun() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-dry-run-'));
  try {
    const file = path.join(dir, 'million.csv');
    writePayoutsWebFile(file, DRY_RUN_ROWS);
    /** @type {Array<{ wallMs: number, cpuMs: number, maxRssMb: number }>} */
    const floors = [];
    /** @type {typeof floors} */
    const works = [];
    for (let run = 0; run < DRY_RUNS; run++) {
      floors.push(/** @type {any} */ (await timeProcess([path.join(import.meta.dirname, 'read-csv.js'), file])));
      works.push(/** @type {any} */ (await timeProcess([dist('cli/index.js'), 'send', '--dry-run', file])));
    }
    const pick = (/** @type {typeof floors} */ runs) => ({
      wallMs: median(runs.map((run) => run.wallMs)),
      cpuMs: median(runs.map((run) => run.cpuMs)),
      maxRssMb: median(runs.map((run) => run.maxRssMb)),
    });
    return { megabytes: statSync(file).size / 2 ** 20, floor: pick(floors), work: pick(works) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {string} mode */
const inChild = (mode) => JSON.parse(execFileSync(process.execPath, [import.meta.filename, mode], { cwd: ROOT, encoding: 'utf8' }));

/**
 * Prints the table. `calls` holds per-call medians of index.js's client runs in µs, by label ("sequential,
 * CPU time"), and `bundle` the edge bundle's size; either may be missing when its section was not run.
 * @param {{ calls?: Record<string, { floor: number, client: number }>, bundle?: { gzip: number } }} measured
 */
export async function floors({ calls, bundle } = {}) {
  const ratio = (/** @type {number} */ value, /** @type {number} */ floor) => `${fixed(value / floor, 2)}×`;
  const rows = [];
  const webhook = inChild('webhook');
  rows.push([
    `verify one webhook delivery, certificate cached (${fixed(WEBHOOK_BODY_BYTES / 1024)} KB body)`,
    'CRC-32 + one RSA-SHA256 verify with an imported key',
    duration(webhook.floorMs),
    duration(webhook.workMs),
    ratio(webhook.workMs, webhook.floorMs),
    '≤ 2×',
  ]);
  const validation = inChild('validation');
  rows.push([
    `\`assertValidCreatePayout\` on a ${fixed(ITEMS)}-item body`,
    '`JSON.stringify` of the same body',
    duration(validation.floorMs),
    duration(validation.workMs),
    ratio(validation.workMs, validation.floorMs),
    '≤ 1×',
  ]);
  const dry = await dryRun();
  rows.push([
    `\`send --dry-run\` on a ${fixed(DRY_RUN_ROWS)}-row Payouts Web file (${fixed(dry.megabytes)} MiB): wall time`,
    'csv-parse reading the same file',
    duration(dry.floor.wallMs),
    duration(dry.work.wallMs),
    ratio(dry.work.wallMs, dry.floor.wallMs),
    '≤ 2×',
  ]);
  rows.push(['… its CPU time', 'csv-parse reading the same file', duration(dry.floor.cpuMs), duration(dry.work.cpuMs), ratio(dry.work.cpuMs, dry.floor.cpuMs), '']);
  rows.push([
    '… its peak RSS',
    'csv-parse reading the same file',
    `${fixed(dry.floor.maxRssMb)} MiB`,
    `${fixed(dry.work.maxRssMb)} MiB`,
    ratio(dry.work.maxRssMb, dry.floor.maxRssMb),
    '≤ 128 MiB',
  ]);
  if (bundle) rows.push(['edge bundle of a Worker that makes one call', '-', '-', `${fixed(bundle.gzip / 1024, 1)} KB gzip`, '-', '≤ 20 KB']);
  for (const [label, cell] of Object.entries(calls ?? {})) {
    rows.push([`per \`payouts.get\`, ${label}`, 'bare `fetch`', duration(cell.floor / 1000), duration(cell.client / 1000), ratio(cell.client, cell.floor), '≤ 1.10×']);
  }
  console.log('\n| work | floor | floor, this run | this package | ratio | target |\n| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

const mode = process.argv[2];
if (mode === 'webhook') process.stdout.write(JSON.stringify(await webhookWorker()));
else if (mode === 'validation') process.stdout.write(JSON.stringify(await validationWorker()));
else if (import.meta.filename === process.argv[1]) await floors();
