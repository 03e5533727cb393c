// The RunStore (src/bulk/store) on PostgreSQL: runs, batches and the ledger of every item sent, shared
// by `send` processes on any number of machines. Each batch is sent by one process at a time under a
// lease; a lease whose holder's connection is gone (the process was killed) is void at once.
import type pg from 'pg';
import { paymentKey } from '../bulk/identity.js';
import {
  BatchIdTakenError,
  ledgerConflicts,
  LIVE_STATES,
  RunIdTakenError,
  type BatchItem,
  type BatchRecord,
  type BatchState,
  type LedgerEntry,
  type NewBatch,
  type RepayPolicy,
  type ReserveResult,
  type RunRecord,
  type RunStore,
} from '../bulk/store/store.js';
import { hideUserinfo } from '../redaction.js';
import { inTransaction, openDatabase, type Database, type DatabaseOptions } from './database.js';
import { migrateOnce } from './migrations.js';

// Advisory lock keys (any fixed numbers, the same in every process): reservations of the ledger, one
// at a time; and each lease holder's presence, held by its process's connection while it lives.
const LEDGER_LOCK = 0x6c65_6467; // "ledg"
const PRESENCE_LOCKS = 0x6c69_7665; // "live"

interface BatchRow {
  sender_batch_id: string;
  run_id: string;
  number: number;
  state: BatchState;
  items: BatchItem[];
  request_id: string | null;
  payout_batch_id: string | null;
  adopted: boolean | null;
  error: string | null;
  lease_holder: string | null;
  lease_until: Date | null;
  sending_at: Date | null;
}

/** A payment key as stored: PostgreSQL's text holds no NUL, which paymentKey separates its parts with. */
const storedKey = (key: string) => JSON.stringify(key);

const toBatch = (row: BatchRow): BatchRecord => ({
  runId: row.run_id,
  senderBatchId: row.sender_batch_id,
  number: row.number,
  state: row.state,
  items: row.items,
  ...(row.request_id !== null && { requestId: row.request_id }),
  ...(row.sending_at !== null && { sendingAt: row.sending_at.toISOString() }),
  ...(row.payout_batch_id !== null && { payoutBatchId: row.payout_batch_id }),
  ...(row.adopted !== null && { adopted: row.adopted }),
  ...(row.error !== null && { error: row.error }),
  ...(row.lease_holder !== null && row.lease_until !== null && { lease: { holder: row.lease_holder, until: row.lease_until.toISOString() } }),
});

export class PostgresRunStore implements RunStore {
  readonly location: string;
  readonly #database: Database;
  readonly #ready: () => Promise<void>;
  /** One connection per holder of this process, holding its presence lock until close(). */
  readonly #presence = new Map<string, Promise<pg.PoolClient>>();

  /** Opens the store in the database `connectionString` names (tables created or migrated on first use). */
  constructor(options: DatabaseOptions) {
    this.#database = openDatabase(options, 'PostgresRunStore');
    this.#ready = migrateOnce(this.#database);
    this.location = `${hideUserinfo(options.connectionString)}${options.schema ? ` (schema ${options.schema})` : ''}`;
  }

  async #query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    await this.#ready();
    return (await this.#database.pool.query<T>(text.replaceAll('{schema}', this.#database.schema), values)).rows;
  }

  async openRun(run: RunRecord): Promise<RunRecord> {
    await this.#query('INSERT INTO {schema}.runs (run_id, record) VALUES ($1, $2) ON CONFLICT (run_id) DO NOTHING', [run.runId, run]);
    const existing = (await this.getRun(run.runId))!;
    if (existing.sha256 !== run.sha256) throw new RunIdTakenError(existing);
    return existing;
  }

  /** The run of this ID, or undefined. */
  async getRun(runId: string): Promise<RunRecord | undefined> {
    return (await this.#query<{ record: RunRecord }>('SELECT record FROM {schema}.runs WHERE run_id = $1', [runId]))[0]?.record;
  }

  async listRuns(): Promise<RunRecord[]> {
    return (await this.#query<{ record: RunRecord }>('SELECT record FROM {schema}.runs ORDER BY seq')).map((row) => row.record);
  }

  async batches(runId: string): Promise<BatchRecord[]> {
    return (await this.#query<BatchRow>('SELECT * FROM {schema}.batches WHERE run_id = $1 ORDER BY number', [runId])).map(toBatch);
  }

  async getBatch(senderBatchId: string): Promise<BatchRecord | undefined> {
    const rows = await this.#query<BatchRow>('SELECT * FROM {schema}.batches WHERE sender_batch_id = $1', [senderBatchId]);
    return rows[0] && toBatch(rows[0]);
  }

  findItems(senderItemIds: Iterable<string>): Promise<LedgerEntry[]> {
    return this.#ledger(this.#database.pool, 'l.sender_item_id = ANY($1)', [[...new Set(senderItemIds)]]);
  }

  findPayments(paymentKeys: Iterable<string>, since: string): Promise<LedgerEntry[]> {
    return this.#findPayments(this.#database.pool, paymentKeys, since);
  }

  #findPayments(client: pg.Pool | pg.PoolClient, paymentKeys: Iterable<string>, since: string): Promise<LedgerEntry[]> {
    return this.#ledger(client, 'l.payment_key = ANY($1) AND l.reserved_at >= $2', [[...new Set(paymentKeys)].map(storedKey), since]);
  }

  /** Ledger entries, with their batches' state, where `where` holds. */
  async #ledger(client: pg.Pool | pg.PoolClient, where: string, values: unknown[]): Promise<LedgerEntry[]> {
    await this.#ready();
    const { rows } = await client.query<{
      sender_item_id: string;
      receiver: string;
      amount_value: string;
      currency: string;
      reserved_at: Date;
      payment_key: string | null;
      sender_batch_id: string;
      run_id: string;
      number: number;
      state: BatchState;
      payout_batch_id: string | null;
    }>(
      `SELECT l.sender_item_id, l.receiver, l.amount_value, l.currency, l.reserved_at, l.payment_key, b.sender_batch_id, b.run_id, b.number, b.state, b.payout_batch_id
         FROM ${this.#database.schema}.ledger l JOIN ${this.#database.schema}.batches b USING (sender_batch_id)
        WHERE ${where} ORDER BY l.reserved_at, b.number`,
      values,
    );
    return rows.map((row) => ({
      senderItemId: row.sender_item_id,
      receiver: row.receiver,
      amount: { value: row.amount_value, currency: row.currency },
      runId: row.run_id,
      senderBatchId: row.sender_batch_id,
      batchNumber: row.number,
      state: row.state,
      ...(row.payout_batch_id !== null && { payoutBatchId: row.payout_batch_id }),
      at: row.reserved_at.toISOString(),
      ...(row.payment_key !== null && { paymentKey: JSON.parse(row.payment_key) as string }),
    }));
  }

  async reserveBatches(runId: string, batches: NewBatch[], repay: RepayPolicy = {}): Promise<ReserveResult> {
    await this.#ready();
    const { schema } = this.#database;
    return inTransaction(this.#database.pool, async (client): Promise<ReserveResult> => {
      // One reservation at a time across every process: the check of the ledger and the insert are one step.
      await client.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK]);
      const mine = new Set(batches.map((batch) => batch.senderBatchId));
      const items = batches.flatMap((batch) => batch.items.map(({ item }) => item));
      const byId = await this.#ledger(client, 'l.sender_item_id = ANY($1)', [[...new Set(items.map((item) => item.sender_item_id!))]]);
      const byPayment = repay.windowStart ? await this.#findPayments(client, items.map(paymentKey), repay.windowStart) : [];
      const { conflicts } = ledgerConflicts(runId, batches, byId, byPayment, repay);
      if (conflicts.length > 0) return { ok: false, conflicts };

      const existing = new Map(
        (await client.query<BatchRow>(`SELECT * FROM ${schema}.batches WHERE sender_batch_id = ANY($1)`, [[...mine]])).rows.map((row) => [row.sender_batch_id, row]),
      );
      // A run never takes over another run's batch (rolls the transaction back: nothing reserved).
      for (const found of existing.values()) if (found.run_id !== runId) throw new BatchIdTakenError(toBatch(found));
      const { rows: top } = await client.query<{ n: number | null }>(`SELECT max(number) AS n FROM ${schema}.batches WHERE run_id = $1`, [runId]);
      let number = top[0]?.n ?? 0;
      const now = new Date();
      for (const batch of batches) {
        const found = existing.get(batch.senderBatchId);
        if (found && LIVE_STATES.has(found.state)) continue;
        if (found) {
          // This run's refused batch (a mismatched one is live and stays as it is): reserved again, a fresh start with no request ID.
          await client.query(
            `UPDATE ${schema}.batches SET state = 'reserved', request_id = NULL, error = NULL, lease_holder = NULL, lease_until = NULL WHERE sender_batch_id = $1`,
            [batch.senderBatchId],
          );
          continue;
        }
        await client.query(`INSERT INTO ${schema}.batches (sender_batch_id, run_id, number, state, items) VALUES ($1, $2, $3, 'reserved', $4)`, [
          batch.senderBatchId,
          runId,
          ++number,
          JSON.stringify(batch.items),
        ]);
        const held = batch.items.map(({ item }) => item);
        await client.query(
          `INSERT INTO ${schema}.ledger (sender_item_id, sender_batch_id, receiver, amount_value, currency, reserved_at, payment_key)
           SELECT id, $2, receiver, value, currency, $6, key FROM unnest($1::text[], $3::text[], $4::text[], $5::text[], $7::text[]) AS t(id, receiver, value, currency, key)`,
          [held.map((item) => item.sender_item_id), batch.senderBatchId, held.map((item) => item.receiver), held.map((item) => item.amount.value), held.map((item) => item.amount.currency), now, held.map((item) => storedKey(paymentKey(item)))],
        );
      }
      const { rows } = await client.query<BatchRow>(`SELECT * FROM ${schema}.batches WHERE sender_batch_id = ANY($1)`, [[...mine]]);
      const reserved = new Map(rows.map((row) => [row.sender_batch_id, toBatch(row)]));
      return { ok: true, batches: batches.map((batch) => reserved.get(batch.senderBatchId)!) };
    });
  }

  async claimBatch(runId: string, holder: string, leaseMs: number): Promise<BatchRecord | undefined> {
    await this.#present(holder);
    // Free: no lease, an expired one, or one whose holder holds no presence lock (its process is gone).
    const rows = await this.#query<BatchRow>(
      `UPDATE {schema}.batches SET lease_holder = $2, lease_until = now() + $3 * interval '1 millisecond'
        WHERE sender_batch_id = (
          SELECT sender_batch_id FROM {schema}.batches b
           WHERE run_id = $1 AND state IN ('reserved', 'sending')
             AND (lease_until IS NULL OR lease_until < now() OR lease_holder = $2 OR NOT EXISTS (
                   SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
                      AND classid = $4::bigint::oid AND objid = (hashtext(b.lease_holder)::bigint & 4294967295)::oid))
           ORDER BY number LIMIT 1
           FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [runId, holder, leaseMs, PRESENCE_LOCKS],
    );
    return rows[0] && toBatch(rows[0]);
  }

  /** Takes `holder`'s presence lock on a connection of its own, kept until close(). */
  #present(holder: string): Promise<pg.PoolClient> {
    let present = this.#presence.get(holder);
    if (!present) {
      present = (async () => {
        await this.#ready();
        const client = await this.#database.pool.connect();
        await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [PRESENCE_LOCKS, holder]);
        return client;
      })();
      present.catch(() => this.#presence.delete(holder));
      this.#presence.set(holder, present);
    }
    return present;
  }

  async releaseBatch(senderBatchId: string, holder: string): Promise<void> {
    await this.#query('UPDATE {schema}.batches SET lease_holder = NULL, lease_until = NULL WHERE sender_batch_id = $1 AND lease_holder = $2', [senderBatchId, holder]);
  }

  async recordSending(senderBatchId: string, requestId: string): Promise<void> {
    await this.#update(senderBatchId, "state = 'sending', request_id = $2, sending_at = now()", [requestId]);
  }

  async recordSent(senderBatchId: string, payoutBatchId: string, adopted?: boolean): Promise<void> {
    await this.#update(senderBatchId, "state = 'sent', payout_batch_id = $2, adopted = $3, lease_holder = NULL, lease_until = NULL", [payoutBatchId, adopted ?? null]);
  }

  async recordRefused(senderBatchId: string, error: string): Promise<void> {
    await this.#update(senderBatchId, "state = 'refused', error = $2, lease_holder = NULL, lease_until = NULL", [error]);
  }

  async recordMismatch(senderBatchId: string, error: string): Promise<void> {
    await this.#update(senderBatchId, "state = 'mismatch', error = $2, lease_holder = NULL, lease_until = NULL", [error]);
  }

  async #update(senderBatchId: string, set: string, values: unknown[]): Promise<void> {
    const rows = await this.#query(`UPDATE {schema}.batches SET ${set} WHERE sender_batch_id = $1 RETURNING 1`, [senderBatchId, ...values]);
    if (rows.length === 0) throw new Error(`the store holds no batch ${senderBatchId}`);
  }

  /** Drops this process's presence locks, then closes the pool. */
  async close(): Promise<void> {
    for (const present of this.#presence.values()) {
      const client = await present.catch(() => undefined);
      // Unlocked before the connection goes: the server drops a closed session's locks only once it notices.
      await client?.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      client?.release(true);
    }
    await this.#database.pool.end();
  }
}
