// Names for the contract's types, as users meet them. All come from generated/types.ts.
import type { components } from '../generated/types.js';

type Schemas = components['schemas'];

/** Body of `payouts.create`: a header and 1 to 15,000 items. */
export type CreatePayoutRequest = Schemas['create_payout_request'];
/** How the sender wants a batch handled. */
export type SenderBatchHeader = Schemas['sender_batch_header'];
/** One payment to one recipient, as sent. */
export type PayoutItemRequest = Schemas['payout_item'];
/** An amount in one currency; `value` is a decimal string. */
export type Money = Schemas['currency'];
/** Answer to `payouts.create`: the new batch's header (PENDING) and links. */
export type Payout = Schemas['payout'];
/** Answer to `payouts.get`: a batch with one page of its items. */
export type PayoutBatch = Schemas['payout_batch'];
/** One item of a batch, as `payouts.get` and `payouts.items` return it. */
export type PayoutBatchItem = Schemas['payout_batch_items'];
/** Answer to `payoutItems.get` and `payoutItems.cancel`. */
export type PayoutItem = Schemas['payout_item-2'];
/** Status of a batch. */
export type BatchStatus = Schemas['batch_enum'];
/** Status of an item. */
export type TransactionStatus = Schemas['transaction_enum'];
/** A webhook subscription; its `id` is the webhook ID that verifies deliveries. */
export type Webhook = Schemas['webhook'];
/** An event type a webhook can subscribe to. */
export type WebhookEventType = Schemas['event_type'];
/** An event notification as the Webhooks API returns it. */
export type WebhookEventNotification = Schemas['webhook_event'];
/** PayPal's answer to `webhooks.verifyOnline`. */
export type VerifyWebhookSignatureResponse = Schemas['verify_webhook_signature_response'];
