// paypal-payouts/postgres: what a fleet of processes shares through PostgreSQL (docs/fleets.md).
/**
 * Runs, webhook events and the OAuth token shared by a fleet through PostgreSQL ({@link createWebhookInbox}, {@link PostgresRunStore}, {@link createPostgresTokenStore}).
 * @module paypal-payouts/postgres
 */
export { createWebhookInbox, type DeadLetter, type WebhookInbox, type WebhookInboxOptions } from './inbox.js';
export type { EventHandler, HandlerContext } from './inbox-worker.js';
export { createPostgresTokenStore, type PostgresTokenStore } from './token-store.js';
export { PostgresRunStore } from './run-store.js';
export type { DatabaseOptions } from './database.js';
