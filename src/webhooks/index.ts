// paypal-payouts/webhooks: verify PayPal's webhook deliveries offline, on any runtime with WebCrypto,
// and sign test deliveries. Kept out of the main entry so the client's bundle carries no X.509 code.
/**
 * Verify PayPal's webhook deliveries offline ({@link verifyWebhookSignature}) and sign test deliveries ({@link createWebhookTestKit}).
 * @module paypal-payouts/webhooks
 */
export {
  verifyWebhookSignature,
  DEFAULT_TOLERANCE_SECONDS,
  SIMULATOR_WEBHOOK_ID,
  type VerifyOptions,
  type WebhookDelivery,
} from './verify.js';
export { WebhookVerificationError, type WebhookVerificationReason } from '../errors.js';
export type { DeliveryHeaders } from '../webhook-delivery.js';
export type { WebhookEnvironment } from './cert-url.js';
export type { CertificateFetcher } from './certificate-cache.js';
export type { SigningAlgorithm } from './signature.js';
export { PAYPAL_TRUST_ANCHORS } from './trust-anchors.js';
export {
  isPayoutsEvent,
  type PayoutsBatchEvent,
  type PayoutsEventType,
  type PayoutsItemEvent,
  type UnknownWebhookEvent,
  type WebhookEvent,
} from './events.js';
export { createWebhookTestKit, type SignOptions, type WebhookTestKit, type WebhookTestKitOptions } from './test-kit.js';
export { webhookSelfTest } from './self-test.js';
