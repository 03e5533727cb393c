// How the emulator decides what happens to a payout: item outcomes chosen by the receiver (ours, so
// tests can ask for each), and PayPal's own sandbox test values, which give the errors its sandbox gives.
import type { components } from '../../generated/types.js';
import { paypalError, type PayPalErrorAnswer } from './errors.js';
import type { ItemStatus } from './store.js';

export interface ItemOutcome {
  status: ItemStatus;
  error?: { name: string; message: string };
  /** The event announcing it, when not the status's own. */
  event?: string;
}

/**
 * An item's outcome once its batch completes, from words in its receiver (case-insensitive):
 * `unclaimed` stays UNCLAIMED (cancellable), `fail` FAILED with RECEIVER_UNREGISTERED, `hold` ONHOLD,
 * `block` BLOCKED, `deny` FAILED announced as PAYMENT.PAYOUTS-ITEM.DENIED; anything else SUCCESS. For
 * example `unclaimed-1@example.com`. PayPal lists the DENIED event (paypal-facts.md #4) but no DENIED item
 * status; FAILED with error DENIED is our choice.
 */
export function itemOutcome(receiver: string): ItemOutcome {
  const text = receiver.toLowerCase();
  if (text.includes('unclaimed')) return { status: 'UNCLAIMED' };
  if (text.includes('fail')) return { status: 'FAILED', error: { name: 'RECEIVER_UNREGISTERED', message: 'Receiver is unregistered.' } };
  if (text.includes('deny')) return { status: 'FAILED', error: { name: 'DENIED', message: 'The payout was denied.' }, event: 'PAYMENT.PAYOUTS-ITEM.DENIED' };
  if (text.includes('hold')) return { status: 'ONHOLD' };
  if (text.includes('block')) return { status: 'BLOCKED' };
  return { status: 'SUCCESS' };
}

/**
 * PayPal's sandbox test values: `items[0].note` set to one of these makes the create fail with that
 * error name, and nothing is paid [developer.paypal.com/api/payouts/test-values, "Create payout batch",
 * test values are case-sensitive]. PayPal names no status for each; these are the statuses its error
 * reference gives the names [docs.paypal.ai/growth/payouts/manage-payouts/reports-transaction-logs],
 * and 403 for the authorization family, as its ERRPYO002 example ("Authorization error occurred").
 */
export const SANDBOX_TEST_VALUES: Record<string, { status: number; name: string; message: string }> = {
  ERRPYO001: { status: 403, name: 'SENDER_RESTRICTED', message: 'Sender is restricted.' },
  ERRPYO002: { status: 403, name: 'SENDER_EMAIL_UNCONFIRMED', message: 'Authorization error occurred' },
  ERRPYO003: { status: 403, name: 'AUTHORIZATION_ERROR', message: 'Authorization error occurred' },
  ERRPYO005: { status: 422, name: 'INSUFFICIENT_FUNDS', message: 'Sender does not have sufficient funds.' },
  ERRPYO006: { status: 500, name: 'INTERNAL_ERROR', message: 'An internal service error has occurred.' },
  ERRPYO010: { status: 400, name: 'VALIDATION_ERROR', message: 'Invalid request - see details.' },
  ERRPYO011: { status: 403, name: 'REQUIRED_SCOPE_MISSING', message: 'Access token does not have the required scope.' },
  ERRPYO012: { status: 403, name: 'SENDER_LOCKED', message: 'Sender account is locked or inactive.' },
  ERRPYO014: { status: 400, name: 'USER_BUSINESS_ERROR', message: 'User business error.' },
  ERRPYO035: { status: 429, name: 'RATE_LIMIT_VALIDATION', message: 'Request is blocked due to multiple failed attempts.' },
  ERRPYO039: { status: 409, name: 'PREVIOUS_REQUEST_IN_PROGRESS', message: 'A previous request with this PayPal-Request-Id is in progress.' },
  ERRPYO040: { status: 403, name: 'CIP_NOT_VERIFIED', message: 'Sender identity is not verified.' },
};

/** The sandbox error a create body asks for, if any. */
export function sandboxError(body: components['schemas']['create_payout_request']): PayPalErrorAnswer | undefined {
  const value = SANDBOX_TEST_VALUES[body.items[0]?.note ?? ''];
  return value && paypalError(value.status, value.name, value.message);
}
