// paypal-payouts/testing: a local PayPal for tests, demos and CI.
/**
 * A local PayPal for tests, demos and CI ({@link startLocalPayPal}).
 * @module paypal-payouts/testing
 */
export { startLocalPayPal, type LocalPayPal, type LocalPayPalOptions } from './local-paypal.js';
export type { Clock, ClockMode } from './clock.js';
export type { Attempt, Delivery, Deliveries, DeliveryOptions, Listener } from './deliveries.js';
export { RETRY_DELAYS_MS } from './deliveries.js';
export type { Fault, FaultKind, FaultSpec, Faults, Operation } from './faults.js';
export type { Ledger, LedgerBatch, LedgerItem } from './ledger.js';
export type { RequestRecord } from './routes.js';
export type { Tokens } from './tokens.js';
export { itemOutcome, SANDBOX_TEST_VALUES } from './outcomes.js';
export { paypalFees, type FeeModel, type Money, type PayoutItemRequest } from './fees.js';
export { UNCLAIMED_DAYS } from './lifecycle.js';
export type { ItemDecision } from './item-decisions.js';
