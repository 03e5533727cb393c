/**
 * The Payouts client ({@link PayoutsClient}), its options, typed errors, and the contract's generated types.
 * @module paypal-payouts
 */
export { PayoutsClient } from './client.js';
export { ENVIRONMENTS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, type ClientOptions, type Environment } from './config.js';
export { APIPromise } from './api-promise.js';
export type { APIResponse, Logger, RequestLogEntry, RequestOptions } from './request.js';
export type { StoredToken, TokenStore } from './auth.js';
export { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export type { GetBatchOptions, IdempotentRequestOptions, ListItemsOptions } from './resources/payouts.js';
export { Payouts } from './resources/payouts.js';
export { PayoutItems } from './resources/payout-items.js';
export { Webhooks, type SimulateEventOptions } from './resources/webhooks.js';
export * from './errors.js';
export { assertValidCreatePayout } from './validation.js';
export type * from './types.js';
export type { HttpMethod, OperationInit, OperationResponse, PathsWithMethod } from './generic-request.js';
/** The contract's types, generated from openapi/: every path, operation and schema. */
export type { components, operations, paths } from '../generated/types.js';
