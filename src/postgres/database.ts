// The connection pool every PostgreSQL feature uses, and the package's schema name.
import pg from 'pg';
import { isPostgresUrl } from './url.js';

/** Where a feature's tables live and how it reaches them. */
export interface DatabaseOptions {
  /** A PostgreSQL connection string: `postgres://user:password@host:5432/database`. */
  connectionString: string;
  /**
   * The schema holding the package's tables, created when missing. Default: the connection string's
   * `schema` parameter (`postgres://…/db?schema=payouts`), else `paypal_payouts`.
   */
  schema?: string | undefined;
  /** Most connections this pool opens. Default 10. */
  maxConnections?: number | undefined;
}

export interface Database {
  pool: pg.Pool;
  /** The schema name, quoted for SQL. */
  schema: string;
  /** The schema name as given. */
  schemaName: string;
}

export const DEFAULT_SCHEMA = 'paypal_payouts';
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens a pool. Connection failures reject queries; they never crash the process. */
export function openDatabase(options: DatabaseOptions, caller: string): Database {
  const { connectionString, maxConnections = 10 } = options;
  if (typeof connectionString !== 'string' || !isPostgresUrl(connectionString)) {
    throw new TypeError(`${caller}: connectionString must be a postgres:// URL, not ${typeof connectionString === 'string' ? 'a string starting ' + JSON.stringify(connectionString.split(':')[0]) : String(connectionString)}`);
  }
  const schema = options.schema ?? new URL(connectionString).searchParams.get('schema') ?? DEFAULT_SCHEMA;
  if (!IDENTIFIER.test(schema)) throw new TypeError(`${caller}: schema must be a lower-case SQL identifier, not ${JSON.stringify(schema)}`);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    throw new RangeError(`${caller}: maxConnections must be a whole number of 1 or more, not ${maxConnections}`);
  }
  // A short connection timeout: a webhook delivery must get its 503 while PayPal still waits for an answer.
  // Idle connections do not keep the process alive: a script that fetched one token exits when done,
  // not 10 s later (pg's idle timeout). Our choice.
  const pool = new pg.Pool({ connectionString, max: maxConnections, connectionTimeoutMillis: 5_000, keepAlive: true, allowExitOnIdle: true });
  // A server that goes away makes idle and checked-out connections emit 'error'; the query that needs
  // them fails instead, and the next one connects again.
  const ignore = () => undefined;
  pool.on('error', ignore);
  pool.on('connect', (client) => client.on('error', ignore));
  return { pool, schema: `"${schema}"`, schemaName: schema };
}

/** Runs `work` in a transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = await client.query('ROLLBACK').then(
      () => undefined,
      (rollbackError: unknown) => rollbackError,
    );
    throw error;
  } finally {
    // A connection whose rollback failed is in an unknown state: close it rather than reuse it.
    client.release(broken instanceof Error ? broken : undefined);
  }
}
