// The worker side of the webhook inbox: claim the next event no other worker holds, run the handler in
// the claim's transaction, then mark it done, or schedule a retry, or dead-letter it.
//
// Our choice: our own table with row locks (FOR UPDATE SKIP LOCKED), not pg-boss. pg-boss 10's queue
// policies (singleton + singletonKey) keep one job of a key active, but fetch in its own insertion
// order, not PayPal's create_time, and a per-key FIFO policy only exists in later majors (Node 22).
import type pg from 'pg';
import { backoffDelay, type RetryPolicy } from '../retry.js';
import { parseEvent, type WebhookEvent } from '../webhooks/events.js';
import type { Database } from './database.js';

/** What a handler gets beside the event. */
export interface HandlerContext {
  /**
   * Runs SQL in the transaction that marks the event handled: what you write here commits together
   * with "handled", or not at all. Use it to make the handler idempotent (see docs/fleets.md).
   */
  query: (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
  /** 1 for the first attempt at this event, 2 for the first retry, and so on. */
  attempt: number;
}

/** Handles one event; `context.query` writes in the transaction that marks it handled. Throwing retries it later. */
export type EventHandler = (event: WebhookEvent, context: HandlerContext) => Promise<void>;

export interface RetrySettings {
  /** Attempts before an event is dead-lettered. */
  maxAttempts: number;
  /** Backoff between attempts (doubling, with jitter, up to `maxDelayMs`). */
  backoff: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>;
}

interface Claimed {
  event_id: string;
  body: string;
  attempts: number;
}

/**
 * Claims one event and handles it. Resolves false when none is ready. Only the earliest pending event of
 * each subject (payout item or batch) is eligible, and the subject's row is locked with it, so two
 * events of one item never run at once and run in create_time order. The lock lives as long as the
 * transaction: a worker that dies mid-handler drops its connection, PostgreSQL rolls back, and the
 * event is pending again for another worker.
 */
export async function handleNext(database: Database, handle: EventHandler, retry: RetrySettings): Promise<boolean> {
  const { pool, schema } = database;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<Claimed>(
      `SELECT e.event_id, e.body, e.attempts
         FROM ${schema}.webhook_events e JOIN ${schema}.webhook_items i ON i.item_key = e.item_key
        WHERE e.state = 'pending' AND e.run_after <= now()
          AND NOT EXISTS (SELECT 1 FROM ${schema}.webhook_events p
                           WHERE p.item_key = e.item_key AND p.state = 'pending' AND (p.create_time, p.seq) < (e.create_time, e.seq))
        ORDER BY e.create_time, e.seq
        LIMIT 1
        FOR UPDATE OF e, i SKIP LOCKED`,
    );
    const claimed = rows[0];
    if (!claimed) {
      await client.query('COMMIT');
      return false;
    }
    await runHandler(client, schema, claimed, handle, retry);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(broken);
  }
}

async function runHandler(client: pg.PoolClient, schema: string, claimed: Claimed, handle: EventHandler, retry: RetrySettings) {
  const attempt = claimed.attempts + 1;
  // A savepoint, so a failed handler's writes are undone while the claim (and its locks) is kept to record the failure.
  await client.query('SAVEPOINT handler');
  try {
    const context: HandlerContext = { query: (text, values) => client.query(text, values), attempt };
    await handle(parseEvent(claimed.body), context);
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT handler');
    const dead = attempt >= retry.maxAttempts;
    const delayMs = backoffDelay({ ...retry.backoff, maxRetries: retry.maxAttempts, maxRetryAfterMs: 0 }, attempt - 1);
    await client.query(
      `UPDATE ${schema}.webhook_events
          SET attempts = $2, last_error = $3, state = $4, run_after = now() + $5 * interval '1 millisecond'
        WHERE event_id = $1`,
      [claimed.event_id, attempt, describe(error), dead ? 'dead' : 'pending', Math.round(delayMs)],
    );
    return;
  }
  await client.query(`UPDATE ${schema}.webhook_events SET attempts = $2, state = 'done', handled_at = now() WHERE event_id = $1`, [claimed.event_id, attempt]);
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2_000);
