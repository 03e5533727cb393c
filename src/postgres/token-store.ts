// The OAuth token on PostgreSQL: one token for every process with the same credentials, and one
// refresh at a time across them.
import type { StoredToken, TokenStore } from '../auth.js';
import { inTransaction, openDatabase, type DatabaseOptions } from './database.js';
import { migrateOnce } from './migrations.js';

/** A TokenStore that can be closed. */
export interface PostgresTokenStore extends TokenStore {
  /** Closes the store's connections. */
  close: () => Promise<void>;
}

/**
 * Pass it as the `tokenStore` client option in every process: they then share one access token, and
 * when it expires one process fetches the next while the others wait for it (an advisory lock per key,
 * held for the refresh). The token is a credential: keep the schema readable by the app's role only.
 */
export function createPostgresTokenStore(options: DatabaseOptions): PostgresTokenStore {
  const database = openDatabase({ maxConnections: 4, ...options }, 'createPostgresTokenStore');
  const ready = migrateOnce(database);
  const { pool, schema } = database;
  // Refreshes of one key queue here first, so each process holds at most one connection waiting on the lock.
  const queued = new Map<string, Promise<unknown>>();
  const lockedRefresh = <T>(key: string, refresh: () => Promise<T>) =>
    inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`paypal-payouts token ${key}`]);
      return refresh();
    });
  return {
    get: async (key) => {
      await ready();
      const { rows } = await pool.query<{ access_token: string; expires_at: Date }>(`SELECT access_token, expires_at FROM ${schema}.tokens WHERE key = $1`, [key]);
      const row = rows[0];
      return row && ({ accessToken: row.access_token, expiresAt: row.expires_at.getTime() } satisfies StoredToken);
    },
    set: async (key, token) => {
      await ready();
      await pool.query(
        `INSERT INTO ${schema}.tokens (key, access_token, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET access_token = excluded.access_token, expires_at = excluded.expires_at`,
        [key, token.accessToken, new Date(token.expiresAt)],
      );
    },
    exclusive: async (key, refresh) => {
      await ready();
      const turn = (queued.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => lockedRefresh(key, refresh));
      queued.set(key, turn);
      try {
        return await turn;
      } finally {
        if (queued.get(key) === turn) queued.delete(key);
      }
    },
    close: () => pool.end(),
  };
}
