// createWebhookInbox: PayPal's webhook deliveries recorded once in PostgreSQL, handled by workers in
// any number of processes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VerifyOptions } from '../webhooks/verify.js';
import { openDatabase, type DatabaseOptions } from './database.js';
import { receiveDelivery, type DeliveryAnswer } from './inbox-receive.js';
import { handleNext, type EventHandler, type RetrySettings } from './inbox-worker.js';
import { migrateOnce } from './migrations.js';

export interface WebhookInboxOptions extends DatabaseOptions {
  /** Your webhook subscription's ID, as `verifyWebhookSignature` takes it. */
  webhookId: string;
  /** Passed to `verifyWebhookSignature` (set `environment: 'live'` in production). */
  verifyOptions?: VerifyOptions | undefined;
  /**
   * Handles one verified event. Throw to have it retried later. It may run more than once for one event
   * (a worker killed mid-handler): make it idempotent, e.g. with `context.query` (see docs/fleets.md).
   */
  handle: EventHandler;
  /** Attempts before an event is dead-lettered. Default 10. */
  maxAttempts?: number | undefined;
  /** Delay before the first retry, doubled on each one (with jitter). Default 1,000 ms. */
  retryDelayMs?: number | undefined;
  /** Longest delay between retries. Default 10 minutes. */
  maxRetryDelayMs?: number | undefined;
  /** How often an idle worker looks for events. Default 500 ms. */
  pollIntervalMs?: number | undefined;
  /** Days a handled event's ID is kept to refuse its redeliveries; at least 30. Default 30. */
  retentionDays?: number | undefined;
}

/** An event that failed `maxAttempts` times. */
export interface DeadLetter {
  eventId: string;
  eventType: string;
  attempts: number;
  lastError: string | null;
  receivedAt: Date;
}

/** A webhook inbox: its HTTP handlers, its workers, its dead letters. See {@link createWebhookInbox}. */
export interface WebhookInbox {
  /** For `http.createServer(inbox.nodeHandler)`: POST deliveries to any path. */
  nodeHandler: (request: IncomingMessage, response: ServerResponse) => void;
  /** For fetch-style servers (Bun, Deno, Hono…): answers one delivery. */
  fetch: (request: Request) => Promise<Response>;
  /** Starts `concurrency` workers in this process (default 1); resolves once they run. */
  work: (options?: { concurrency?: number }) => Promise<void>;
  /** Events that were dead-lettered, oldest first. */
  deadLetters: (options?: { limit?: number }) => Promise<DeadLetter[]>;
  /** Makes dead-lettered events pending again, with fresh attempts; resolves with how many. */
  replay: (eventIds: readonly string[]) => Promise<number>;
  /** Stops the workers after their current event, and closes the connections. */
  close: () => Promise<void>;
}

/** Largest delivery body read; PayPal's events are a few kilobytes. Our choice. */
const MAX_BODY_BYTES = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;
/** PayPal redelivers for three days (paypal-facts.md #12); a month leaves room for a resend by hand. Our choice. */
const MIN_RETENTION_DAYS = 30;

/**
 * A webhook inbox on PostgreSQL. The HTTP side verifies each delivery, records the event once (unique
 * on its ID) and answers 200 only after the commit; workers handle each event until it succeeds, one
 * event of a payout item at a time, in PayPal's create_time order.
 */
export function createWebhookInbox(options: WebhookInboxOptions): WebhookInbox {
  const caller = 'createWebhookInbox';
  const { webhookId, verifyOptions, handle, maxAttempts = 10, retryDelayMs = 1_000, maxRetryDelayMs = 600_000 } = options;
  const { pollIntervalMs = 500, retentionDays = MIN_RETENTION_DAYS } = options;
  if (typeof webhookId !== 'string' || webhookId === '') throw new TypeError(`${caller}: webhookId is missing`);
  if (typeof handle !== 'function') throw new TypeError(`${caller}: handle must be a function`);
  const whole = (name: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) throw new RangeError(`${caller}: ${name} must be a whole number of ${min} or more, not ${value}`);
  };
  whole('maxAttempts', maxAttempts, 1);
  whole('retryDelayMs', retryDelayMs, 0);
  whole('maxRetryDelayMs', maxRetryDelayMs, 0);
  whole('pollIntervalMs', pollIntervalMs, 1);
  whole('retentionDays', retentionDays, MIN_RETENTION_DAYS);

  const database = openDatabase(options, caller);
  const ready = migrateOnce(database);
  const retry: RetrySettings = { maxAttempts, backoff: { initialDelayMs: retryDelayMs, maxDelayMs: maxRetryDelayMs } };
  const context = { database, ready, webhookId, verifyOptions };
  const { pool, schema } = database;
  const workers: Promise<void>[] = [];
  const stopping = new AbortController();

  const answerNode = async (request: IncomingMessage): Promise<{ status: number; text: string }> => {
    if (request.method !== 'POST') return { status: 405, text: 'POST only' };
    const body = await readBody(request);
    if (!body) return { status: 413, text: 'body too large' };
    return receiveDelivery(context, request.headers, body);
  };

  const worker = async () => {
    let lastPurge = 0;
    while (!stopping.signal.aborted) {
      let handled = false;
      try {
        handled = await handleNext(database, handle, retry);
        if (Date.now() - lastPurge > DAY_MS / 24) {
          lastPurge = Date.now();
          await purge();
        }
      } catch {
        // The database is away: wait, then try again; the event stays pending.
      }
      if (!handled) await sleep(pollIntervalMs, stopping.signal);
    }
  };

  // Handled events are kept `retentionDays`, so that a redelivery finds its ID and is not handled again.
  const purge = () => pool.query(`DELETE FROM ${schema}.webhook_events WHERE state = 'done' AND received_at < now() - $1 * interval '1 day'`, [retentionDays]);

  return {
    nodeHandler: (request, response) => {
      answerNode(request).then(
        ({ status, text }) => response.writeHead(status, { 'content-type': 'text/plain' }).end(text),
        () => response.writeHead(500).end(),
      );
    },
    fetch: async (request) => {
      if (request.method !== 'POST') return new Response('POST only', { status: 405 });
      const body = new Uint8Array(await request.arrayBuffer());
      if (body.byteLength > MAX_BODY_BYTES) return new Response('body too large', { status: 413 });
      const answer: DeliveryAnswer = await receiveDelivery(context, request.headers, body);
      return new Response(answer.text, { status: answer.status, headers: { 'content-type': 'text/plain' } });
    },
    work: async ({ concurrency = 1 } = {}) => {
      whole('concurrency', concurrency, 1);
      await ready();
      for (let i = 0; i < concurrency; i++) workers.push(worker());
    },
    deadLetters: async ({ limit = 100 } = {}) => {
      await ready();
      const { rows } = await pool.query<{ event_id: string; event_type: string; attempts: number; last_error: string | null; received_at: Date }>(
        `SELECT event_id, event_type, attempts, last_error, received_at FROM ${schema}.webhook_events
          WHERE state = 'dead' ORDER BY create_time, seq LIMIT $1`,
        [limit],
      );
      return rows.map((row) => ({ eventId: row.event_id, eventType: row.event_type, attempts: row.attempts, lastError: row.last_error, receivedAt: row.received_at }));
    },
    replay: async (eventIds) => {
      await ready();
      const { rowCount } = await pool.query(
        `UPDATE ${schema}.webhook_events SET state = 'pending', attempts = 0, run_after = now() WHERE state = 'dead' AND event_id = ANY($1)`,
        [[...eventIds]],
      );
      return rowCount ?? 0;
    },
    close: async () => {
      stopping.abort();
      await Promise.all(workers);
      await pool.end();
    },
  };
}

/** The request body, or undefined when it is larger than MAX_BODY_BYTES. */
async function readBody(request: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
