// Three inbox instances take 1,000 deliveries (duplicates, out of order) while three worker processes
// are SIGKILLed and replaced at random: every event is handled to success once, none is lost.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { createWebhookInbox, type WebhookInbox } from '../../src/postgres/index.js';
import { freshSchema } from '../support/postgres.js';
import { createSigner, itemEventBody, sql, WEBHOOK_ID } from './support.js';

const url = inject('databaseUrl');
const WORKER = join(import.meta.dirname, 'inbox-worker.mjs');
const schema = freshSchema();
const workers = new Set<ChildProcess>();
const inboxes: WebhookInbox[] = [];
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await Promise.all(inboxes.map((inbox) => inbox.close()));
});

/** A worker process, resolved once it works. */
function startWorker(): Promise<void> {
  const worker = fork(WORKER, { env: { ...process.env, DATABASE_URL: url, SCHEMA: schema }, stdio: 'ignore' });
  workers.add(worker);
  worker.on('exit', () => workers.delete(worker));
  return new Promise((resolve) => worker.once('message', () => resolve()));
}

it('handles each of 1,000 deliveries\' events once, with duplicates, out of order, workers killed', { timeout: 600_000 }, async () => {
  const signer = await createSigner();
  const urls: string[] = [];
  for (let i = 0; i < 3; i++) {
    const inbox = createWebhookInbox({ connectionString: url, schema, webhookId: WEBHOOK_ID, verifyOptions: signer.verifyOptions, handle: async () => undefined });
    inboxes.push(inbox);
    const server = createServer(inbox.nodeHandler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    afterAll(() => void server.close());
    urls.push(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  }
  // 800 events: 80 items of 10 events each, created a second apart; 200 of them delivered twice; shuffled.
  const events = Array.from({ length: 800 }, (_, n) => ({ id: `WH-${n}`, body: itemEventBody(`WH-${n}`, `ITEM${n % 80}`, new Date(Date.UTC(2026, 11, 3, 0, 0, n))) }));
  const deliveries = [...events, ...events.filter((_, n) => n % 4 === 0)].sort(() => Math.random() - 0.5);
  expect(deliveries).toHaveLength(1_000);

  // The three inboxes start at once on an empty database: their migrations must not collide.
  const statuses = await Promise.all(urls.map((inboxUrl, i) => signer.deliver(inboxUrl, deliveries[i]!.body)));
  expect(statuses).toEqual([200, 200, 200]);
  await sql(url, `CREATE TABLE ${schema}.handled (event_id text, item text, create_time text, alone boolean, at timestamptz DEFAULT clock_timestamp())`);
  await Promise.all([startWorker(), startWorker(), startWorker()]);

  let delivered = 3;
  const sending = (async () => {
    const lanes = Array.from({ length: 10 }, async (_, lane) => {
      for (let n = 3 + lane; n < deliveries.length; n += 10) {
        // As PayPal does: a delivery not answered 200 (503 when the database is slow to answer) is delivered again.
        let status: number;
        while ((status = await signer.deliver(urls[n % 3]!, deliveries[n]!.body)) !== 200) expect(status).toBe(503);
        delivered++;
      }
    });
    await Promise.all(lanes);
  })();
  // Kill a random worker every 150-400 ms and start another, until every event is handled.
  let kills = 0;
  const done = async () => (await sql<{ n: string }>(url, `SELECT count(*) AS n FROM ${schema}.webhook_events WHERE state = 'done'`))[0]!.n === String(events.length);
  while (delivered < deliveries.length || !(await done())) {
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 250));
    const victim = [...workers][Math.floor(Math.random() * workers.size)];
    if (victim && kills < 40) {
      victim.kill('SIGKILL');
      kills++;
      await startWorker();
    }
  }
  await sending;

  const handled = await sql<{ event_id: string; item: string; create_time: string; alone: boolean }>(url, `SELECT event_id, item, create_time, alone FROM ${schema}.handled ORDER BY at`);
  expect(handled.map((row) => row.event_id).sort()).toEqual(events.map((event) => event.id).sort());
  expect(handled.filter((row) => !row.alone)).toEqual([]);
  expect(await sql(url, `SELECT event_id FROM ${schema}.webhook_events WHERE state <> 'done'`)).toEqual([]);
  expect(kills).toBeGreaterThan(5);
});
