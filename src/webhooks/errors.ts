// The one way webhooks code refuses a delivery. The error class lives with the client's errors,
// so client.webhooks.verifyOnline can throw it without loading this folder.
import { WebhookVerificationError, type WebhookVerificationReason } from '../errors.js';

export const refuse = (reason: WebhookVerificationReason, message: string, cause?: unknown) =>
  new WebhookVerificationError(reason, message, { cause });
