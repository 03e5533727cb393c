// The webhook inbox against a real PostgreSQL: verification, recording once, retries, dead letters,
// replay, and one event of an item at a time in create_time order.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createWebhookInbox, type WebhookInbox, type WebhookInboxOptions } from '../../src/postgres/index.js';
import { freshSchema } from '../support/postgres.js';
import { createSigner, itemEventBody, sql, until, WEBHOOK_ID, type Signer } from './support.js';

const url = inject('databaseUrl');
const open: { inbox: WebhookInbox; server?: Server }[] = [];
afterEach(async () => {
  for (const { inbox, server } of open.splice(0)) {
    server?.close();
    await inbox.close();
  }
});

async function startInbox(signer: Signer, options: Partial<WebhookInboxOptions> & Pick<WebhookInboxOptions, 'handle' | 'schema'>) {
  const inbox = createWebhookInbox({ connectionString: url, webhookId: WEBHOOK_ID, verifyOptions: signer.verifyOptions, pollIntervalMs: 20, ...options });
  const server = createServer(inbox.nodeHandler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ inbox, server });
  return { inbox, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` };
}

const at = (second: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, second));

describe('createWebhookInbox', () => {
  it('answers 400 to a delivery that fails verification and records nothing', async () => {
    const signer = await createSigner();
    const schema = freshSchema();
    const { url: inboxUrl } = await startInbox(signer, { schema, handle: async () => undefined });
    const body = itemEventBody('WH-1', 'ITEM1', at(1));
    const headers = await signer.kit.sign({ body, webhookId: WEBHOOK_ID });
    const tampered = await fetch(inboxUrl, { method: 'POST', body: body.replace('ITEM1', 'ITEM2'), headers });
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toBe('refused: signature_mismatch');
    expect(await signer.deliver(inboxUrl, body)).toBe(200);
    expect(await sql(url, `SELECT event_id FROM ${schema}.webhook_events`)).toEqual([{ event_id: 'WH-1' }]);
  });

  it('records a redelivered event once, through node:http and fetch alike, and handles it once', async () => {
    const signer = await createSigner();
    const schema = freshSchema();
    const handled: string[] = [];
    const { inbox, url: inboxUrl } = await startInbox(signer, { schema, handle: async (event) => void handled.push(event.id) });
    const body = itemEventBody('WH-2', 'ITEM1', at(1));
    expect(await signer.deliver(inboxUrl, body)).toBe(200);
    const headers = await signer.kit.sign({ body, webhookId: WEBHOOK_ID });
    const again = await inbox.fetch(new Request('http://inbox/', { method: 'POST', body, headers }));
    expect(again.status).toBe(200);
    await inbox.work({ concurrency: 2 });
    await until(async () => (await sql(url, `SELECT 1 FROM ${schema}.webhook_events WHERE state = 'done'`)).length === 1);
    expect(handled).toEqual(['WH-2']);
  });

  it('retries a failing handler with backoff, dead-letters it after maxAttempts, and replays it on request', async () => {
    const signer = await createSigner();
    const schema = freshSchema();
    let failing = true;
    const attempts: number[] = [];
    const { inbox, url: inboxUrl } = await startInbox(signer, {
      schema,
      maxAttempts: 3,
      retryDelayMs: 10,
      handle: async (_event, { attempt }) => {
        attempts.push(attempt);
        if (failing) throw new Error('ledger unavailable');
      },
    });
    expect(await signer.deliver(inboxUrl, itemEventBody('WH-3', 'ITEM1', at(1)))).toBe(200);
    await inbox.work();
    await until(async () => (await inbox.deadLetters()).length === 1);
    expect(attempts).toEqual([1, 2, 3]);
    const [dead] = await inbox.deadLetters();
    expect(dead).toMatchObject({ eventId: 'WH-3', eventType: 'PAYMENT.PAYOUTS-ITEM.SUCCEEDED', attempts: 3, lastError: 'Error: ledger unavailable' });

    failing = false;
    expect(await inbox.replay(['WH-3', 'WH-unknown'])).toBe(1);
    await until(async () => (await sql(url, `SELECT 1 FROM ${schema}.webhook_events WHERE state = 'done'`)).length === 1);
    expect(attempts).toEqual([1, 2, 3, 1]);
    expect(await inbox.deadLetters()).toEqual([]);
  });

  it("undoes a failed attempt's writes made through context.query, and commits a successful one's with the event", async () => {
    const signer = await createSigner();
    const schema = freshSchema();
    const { inbox, url: inboxUrl } = await startInbox(signer, {
      schema,
      retryDelayMs: 0,
      handle: async (event, { query, attempt }) => {
        await query(`INSERT INTO ${schema}.applied (event_id, attempt) VALUES ($1, $2)`, [event.id, attempt]);
        if (attempt === 1) throw new Error('first attempt fails after writing');
      },
    });
    await inbox.work(); // migrates, so the schema exists
    await sql(url, `CREATE TABLE ${schema}.applied (event_id text, attempt integer)`);
    expect(await signer.deliver(inboxUrl, itemEventBody('WH-4', 'ITEM1', at(1)))).toBe(200);
    await until(async () => (await sql(url, `SELECT 1 FROM ${schema}.webhook_events WHERE state = 'done'`)).length === 1);
    expect(await sql(url, `SELECT event_id, attempt FROM ${schema}.applied`)).toEqual([{ event_id: 'WH-4', attempt: 2 }]);
  });

  it("handles an item's events one at a time, in PayPal's create_time order, whatever order they arrived in", async () => {
    const signer = await createSigner();
    const schema = freshSchema();
    const order: string[] = [];
    let running = 0;
    let overlapped = false;
    const { inbox, url: inboxUrl } = await startInbox(signer, {
      schema,
      handle: async (event) => {
        overlapped ||= running > 0;
        running++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(event.id);
        running--;
      },
    });
    // Created at seconds 1..8, delivered in another order.
    for (const second of [5, 2, 8, 1, 7, 3, 6, 4]) {
      expect(await signer.deliver(inboxUrl, itemEventBody(`WH-${second}`, 'ITEM1', at(second)))).toBe(200);
    }
    await inbox.work({ concurrency: 4 });
    await until(async () => order.length === 8);
    expect(order).toEqual(['WH-1', 'WH-2', 'WH-3', 'WH-4', 'WH-5', 'WH-6', 'WH-7', 'WH-8']);
    expect(overlapped).toBe(false);
  });

  it('refuses bad options naming the option and the value', () => {
    expect(() => createWebhookInbox({ connectionString: 'mysql://x', webhookId: WEBHOOK_ID, handle: async () => undefined })).toThrow(
      'createWebhookInbox: connectionString must be a postgres:// URL, not a string starting "mysql"',
    );
    expect(() => createWebhookInbox({ connectionString: url, webhookId: WEBHOOK_ID, retentionDays: 7, handle: async () => undefined })).toThrow(
      'createWebhookInbox: retentionDays must be a whole number of 30 or more, not 7',
    );
  });
});
