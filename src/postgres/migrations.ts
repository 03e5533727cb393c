// The package's tables, as versioned migrations applied in order. Each is SQL run once, in the schema
// named by the caller ({schema} below), like pg-boss keeps its plans: a new version appends, never edits.
import type pg from 'pg';
import { inTransaction, type Database } from './database.js';

const MIGRATIONS: readonly string[] = [
  // 1: the webhook inbox and the shared OAuth tokens.
  `
  CREATE TABLE {schema}.webhook_events (
    event_id text PRIMARY KEY,
    seq bigserial NOT NULL,
    event_type text NOT NULL,
    item_key text NOT NULL,
    create_time timestamptz NOT NULL,
    body text NOT NULL,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    run_after timestamptz NOT NULL DEFAULT now(),
    last_error text,
    received_at timestamptz NOT NULL DEFAULT now(),
    handled_at timestamptz
  );
  CREATE INDEX webhook_events_pending ON {schema}.webhook_events (create_time, seq) WHERE state = 'pending';
  CREATE INDEX webhook_events_item_pending ON {schema}.webhook_events (item_key, create_time, seq) WHERE state = 'pending';
  CREATE INDEX webhook_events_received ON {schema}.webhook_events (received_at) WHERE state = 'done';
  CREATE TABLE {schema}.webhook_items (item_key text PRIMARY KEY);
  CREATE TABLE {schema}.tokens (
    key text PRIMARY KEY,
    access_token text NOT NULL,
    expires_at timestamptz NOT NULL
  );
  `,
  // 2: bulk runs, their batches, and the ledger of every item sent (the RunStore of src/bulk/store).
  `
  CREATE TABLE {schema}.runs (
    run_id text PRIMARY KEY,
    seq bigserial NOT NULL,
    record jsonb NOT NULL
  );
  CREATE TABLE {schema}.batches (
    sender_batch_id text PRIMARY KEY,
    run_id text NOT NULL REFERENCES {schema}.runs,
    number integer NOT NULL,
    state text NOT NULL CHECK (state IN ('reserved', 'sending', 'sent', 'refused', 'mismatch')),
    items jsonb NOT NULL,
    request_id text,
    payout_batch_id text,
    adopted boolean,
    error text,
    lease_holder text,
    lease_until timestamptz,
    UNIQUE (run_id, number)
  );
  CREATE TABLE {schema}.ledger (
    sender_item_id text NOT NULL,
    sender_batch_id text NOT NULL REFERENCES {schema}.batches,
    receiver text NOT NULL,
    amount_value text NOT NULL,
    currency text NOT NULL,
    reserved_at timestamptz NOT NULL,
    PRIMARY KEY (sender_item_id, sender_batch_id)
  );
  `,
  // 3: what each item pays (identity.ts paymentKey), so a row is also checked by receiver, amount and
  // currency against other runs within a window (store.ts ledgerConflicts), whatever its identity.
  `
  ALTER TABLE {schema}.ledger ADD COLUMN payment_key text;
  CREATE INDEX ledger_payment ON {schema}.ledger (payment_key, reserved_at);
  `,
  // 4: when a batch's PayPal-Request-Id was recorded: PayPal remembers it for 30 days only.
  `
  ALTER TABLE {schema}.batches ADD COLUMN sending_at timestamptz;
  `,
];

/** The version the tables are at once `migrate` has run. */
export const SCHEMA_VERSION = MIGRATIONS.length;

// Any fixed number, the same in every process: pg_advisory_xact_lock serialises migrations across them.
const MIGRATION_LOCK = 0x7061_7970; // "payp"

/**
 * Brings the schema to SCHEMA_VERSION. Safe when several processes start at once: each takes a
 * transaction-level advisory lock, so one migrates and the others then find nothing left to do.
 */
export async function migrate({ pool, schema, schemaName }: Database): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // Looked up first: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists.
    const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schemaName]);
    if (rowCount === 0) await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = await currentVersion(client, schema);
    if (applied > SCHEMA_VERSION) {
      throw new Error(`PostgreSQL schema ${schema} is at version ${applied}, newer than this package's ${SCHEMA_VERSION}: upgrade paypal-payouts`);
    }
    for (let version = applied + 1; version <= SCHEMA_VERSION; version++) {
      await client.query(MIGRATIONS[version - 1]!.replaceAll('{schema}', schema));
      await client.query(`INSERT INTO ${schema}.migrations (version) VALUES ($1)`, [version]);
    }
  });
}

async function currentVersion(client: pg.PoolClient, schema: string): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${schema}.migrations`);
  return rows[0]?.version ?? 0;
}

/** `migrate`, run once per Database; a failure (the server down) lets the next call try again. */
export function migrateOnce(database: Database): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= migrate(database).catch((error: unknown) => {
      done = undefined;
      throw error;
    });
    return done;
  };
}
