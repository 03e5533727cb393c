import { PayPalError } from '../errors.js';

/**
 * Why a delivery was refused. Stable strings, safe to branch on and to log.
 * - `body_not_raw`: `body` was a parsed object, not the raw bytes or text received.
 * - `missing_webhook_id`: no `webhookId` was given.
 * - `event_id_as_webhook_id`: `webhookId` is an event ID (`WH-…`); pass your subscription's ID.
 * - `missing_header` / `duplicate_header` / `invalid_header`: a PAYPAL-* header is absent, sent twice, or malformed.
 * - `unsupported_algorithm`: PAYPAL-AUTH-ALGO is not SHA256withRSA (or SHA1withRSA).
 * - `sha1_not_allowed`: SHA1withRSA without `allowSha1: true`.
 * - `outside_tolerance`: PAYPAL-TRANSMISSION-TIME is further from `now` than `toleranceSeconds`.
 * - `cert_url_not_allowed`: PAYPAL-CERT-URL is not https on PayPal's API hosts under /v1/notifications/certs/; nothing was fetched.
 * - `certificate_fetch_failed`: the certificate could not be fetched.
 * - `certificate_invalid`: the certificate is not a parsable X.509 RSA certificate.
 * - `certificate_untrusted`: it does not chain to the trust anchors (self-signed, unknown CA, an issuer that is not a CA).
 * - `certificate_wrong_subject`: its CN is not PayPal's message-verification name for the cert URL's environment.
 * - `certificate_expired` / `certificate_not_yet_valid`: a certificate of the chain is not valid at `now`.
 * - `signature_mismatch`: the signature does not match this body, webhook ID and headers.
 * - `body_not_json`: the signature is valid but the body is not a JSON event.
 */
export type WebhookVerificationReason =
  | 'body_not_raw'
  | 'missing_webhook_id'
  | 'event_id_as_webhook_id'
  | 'missing_header'
  | 'duplicate_header'
  | 'invalid_header'
  | 'unsupported_algorithm'
  | 'sha1_not_allowed'
  | 'outside_tolerance'
  | 'cert_url_not_allowed'
  | 'certificate_fetch_failed'
  | 'certificate_invalid'
  | 'certificate_untrusted'
  | 'certificate_wrong_subject'
  | 'certificate_expired'
  | 'certificate_not_yet_valid'
  | 'signature_mismatch'
  | 'body_not_json';

/** A webhook delivery failed verification; answer it with a 4xx (or 5xx for `certificate_fetch_failed`). */
export class WebhookVerificationError extends PayPalError {
  override readonly name: string = 'WebhookVerificationError';

  constructor(
    /** Why, as a stable code. */
    readonly reason: WebhookVerificationReason,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

export const refuse = (reason: WebhookVerificationReason, message: string, cause?: unknown) =>
  new WebhookVerificationError(reason, message, { cause });
