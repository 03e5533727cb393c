// The database stops in the middle of a stream of deliveries: those that arrive meanwhile get 503 (so
// PayPal delivers them again), and once it is back every event is handled once; none acknowledged is lost.
// The suite starts its own server, since it stops it.
import { createServer } from 'node:http';
import { afterAll, expect, it } from 'vitest';
import { createWebhookInbox } from '../../src/postgres/index.js';
import { startTestPostgres } from '../support/postgres.js';
import { createSigner, itemEventBody, sql, until, WEBHOOK_ID } from './support.js';

it('answers 503 while the database is down and loses nothing acknowledged', { timeout: 120_000 }, async () => {
  const database = await startTestPostgres();
  afterAll(() => database.dispose());
  const signer = await createSigner();
  const handled: string[] = [];
  const inbox = createWebhookInbox({
    connectionString: database.url,
    webhookId: WEBHOOK_ID,
    verifyOptions: signer.verifyOptions,
    pollIntervalMs: 20,
    retryDelayMs: 5,
    handle: async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      handled.push(event.id);
    },
  });
  const server = createServer(inbox.nodeHandler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(async () => {
    server.close();
    await inbox.close();
  });
  const inboxUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  await inbox.work({ concurrency: 2 });

  const bodies = Array.from({ length: 90 }, (_, n) => itemEventBody(`WH-${n}`, `ITEM${n % 7}`, new Date(Date.UTC(2026, 11, 3, 0, 0, n))));
  const answers: number[] = [];
  for (const [n, body] of bodies.entries()) {
    if (n === 30) await database.stop();
    if (n === 60) await database.start();
    answers.push(await signer.deliver(inboxUrl, body));
  }
  expect(answers.slice(30, 60)).toEqual(Array(30).fill(503));
  expect(answers.filter((status) => status !== 200 && status !== 503)).toEqual([]);
  // PayPal delivers again what was not acknowledged.
  for (const [n, body] of bodies.entries()) if (answers[n] !== 200) expect(await signer.deliver(inboxUrl, body)).toBe(200);

  await until(async () => handled.length >= bodies.length && (await sql(database.url, `SELECT 1 FROM paypal_payouts.webhook_events WHERE state <> 'done'`)).length === 0);
  // A handler whose commit the stop cut off ran again: its in-memory effect shows twice (docs/fleets.md: idempotent handlers).
  expect([...new Set(handled)].sort()).toEqual(bodies.map((_, n) => `WH-${n}`).sort());
});
