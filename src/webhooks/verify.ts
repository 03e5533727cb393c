// verifyWebhookSignature: PayPal's self-verification of a delivery, with no call to PayPal.
import { cacheFor, CERTIFICATE_TIMEOUT_MS, withDeadline, type CertificateFetcher } from './certificate-cache.js';
import { checkCertificate, checkValidity, parseCertificates, type CheckedCertificate } from './certificates.js';
import { certUrlEnvironment, type WebhookEnvironment } from './cert-url.js';
import { WebhookVerificationError } from '../errors.js';
import { refuse } from './errors.js';
import { parseEvent, type WebhookEvent } from './events.js';
import { fetchCertificate as fetchWithTransportRules } from './fetch-certificate.js';
import { readSigningHeaders, type DeliveryHeaders } from '../webhook-delivery.js';
import { decodeSignature, hashFor, RSA_PKCS1, signedString } from './signature.js';
import { PAYPAL_TRUST_ANCHORS } from './trust-anchors.js';
import type { X509Certificate } from './x509.js';

/** A delivery as your HTTP server received it. */
export interface WebhookDelivery {
  /** The request headers: a Headers object or node:http's `req.headers`. Names in any case. */
  headers: DeliveryHeaders;
  /**
   * The raw body, exactly as received: bytes, or text decoded as UTF-8. Not a parsed object: parsing
   * and serialising JSON again changes the bytes (`1.0` becomes `1`, escapes, key order) and the CRC.
   */
  body: Uint8Array | ArrayBuffer | string;
  /**
   * The ID of your webhook subscription (Developer Dashboard, or `client.webhooks.list()`), not the
   * event's `WH-…` ID. Events from PayPal's webhooks simulator are signed with the literal `WEBHOOK_ID`.
   */
  webhookId: string;
}

/** Options of {@link verifyWebhookSignature}; the defaults suit production (DigiCert, PayPal's certificate fetched and cached). */
export interface VerifyOptions {
  /**
   * Accept certificates of this PayPal environment only. Set `live` in production: a sandbox
   * delivery, even one PayPal signed, is then refused before any request.
   */
  environment?: WebhookEnvironment;
  /** The time to check the certificate and the transmission time against. Default: now. */
  now?: Date;
  /**
   * Returns the PEM (leaf first, then intermediates) at a cert URL that passed the URL policy.
   * Default: a GET with no redirects, a 10 s timeout and a 64 KiB cap. Any fetcher gets 10 s. A
   * certificate that passes the checks is cached per URL, fetcher, trust anchors and environment
   * (32 entries, 24 hours); a failure is not cached, and the next delivery fetches again.
   */
  fetchCertificate?: CertificateFetcher;
  /** PEM certificates to trust instead of the DigiCert root and EV intermediate that PayPal's certificate chains to. */
  trustAnchors?: readonly string[];
  /** Accept SHA1withRSA signatures (PayPal used them in 2014-15). Default false. */
  allowSha1?: boolean;
  /**
   * Largest distance in seconds between PAYPAL-TRANSMISSION-TIME and `now`; `Infinity` turns the check off.
   * Default 4 days: PayPal redelivers for about three days and does not document whether a redelivery is
   * signed afresh, so a shorter window could refuse genuine redeliveries. Replays inside the window carry
   * an event ID you have already seen: deduplicate on `event.id` and keep IDs at least this long.
   */
  toleranceSeconds?: number;
}

/** The default `toleranceSeconds`: 4 days, longer than PayPal's three days of redeliveries. */
export const DEFAULT_TOLERANCE_SECONDS = 4 * 24 * 60 * 60;

/** The webhook ID PayPal's webhooks simulator signs with. */
export const SIMULATOR_WEBHOOK_ID = 'WEBHOOK_ID';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

let defaultAnchors: X509Certificate[] | undefined;
const defaultFetcher: CertificateFetcher = (url) => fetchWithTransportRules(url);

/**
 * Verifies a PayPal webhook delivery offline: the signature over the transmission ID, time, your
 * webhook ID and the CRC-32 of the raw body, with the key of a certificate fetched only from PayPal's
 * API hosts and chained to DigiCert. Resolves with the event; rejects with a WebhookVerificationError
 * whose `reason` says why.
 */
export async function verifyWebhookSignature(delivery: WebhookDelivery, options: VerifyOptions = {}): Promise<WebhookEvent> {
  const { now = new Date(), allowSha1 = false, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = options;
  // A NaN here would make every comparison false, and so accept any time: fail loudly instead.
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('verifyWebhookSignature: now must be a valid Date');
  if (typeof toleranceSeconds !== 'number' || !(toleranceSeconds >= 0)) {
    throw new RangeError(`verifyWebhookSignature: toleranceSeconds must be 0 or more (Infinity to turn the check off), not ${toleranceSeconds}`);
  }
  const body = rawBytes(delivery.body);
  const webhookId = checkWebhookId(delivery.webhookId);
  const headers = readSigningHeaders(delivery.headers);
  const hash = hashFor(headers.authAlgo, allowSha1);
  const signature = decodeSignature(headers.transmissionSig);
  checkTransmissionTime(headers.transmissionTime, now, toleranceSeconds);
  const environment = certUrlEnvironment(headers.certUrl);
  if (options.environment !== undefined && environment !== options.environment) {
    throw refuse('cert_url_not_allowed', `PAYPAL-CERT-URL is a ${environment} certificate, but environment is ${options.environment}`);
  }

  const fetcher = options.fetchCertificate ?? defaultFetcher;
  const certificate = await checkedCertificate(fetcher, headers.certUrl, options.trustAnchors, environment, hash);
  checkValidity(certificate, now);
  const key = certificate.key;

  const data = new TextEncoder().encode(signedString(headers.transmissionId, headers.transmissionTime, webhookId, body));
  const valid = await crypto.subtle.verify(RSA_PKCS1, key, signature, data).catch(() => false);
  if (!valid) {
    throw refuse(
      'signature_mismatch',
      'the signature does not match: check that the body is the raw one received and that webhookId is your subscription ID (WEBHOOK_ID for simulator events)',
    );
  }
  return parseEvent(new TextDecoder().decode(body));
}

/**
 * The certificate at `certUrl`, checked for this policy: from the cache, or fetched and checked once.
 * The key names everything the checks depend on except the time.
 */
function checkedCertificate(
  fetcher: CertificateFetcher,
  certUrl: string,
  trustAnchors: readonly string[] | undefined,
  environment: WebhookEnvironment,
  hash: string,
): CheckedCertificate | Promise<CheckedCertificate> {
  const key = `${certUrl}\n${environment}\n${hash}\n${trustAnchors ? trustAnchors.join('\n') : 'PayPal'}`;
  return cacheFor(fetcher).get(key, async () => {
    let pem: string;
    try {
      pem = await withDeadline(fetcher(certUrl), CERTIFICATE_TIMEOUT_MS, 'fetchCertificate');
    } catch (cause) {
      if (cause instanceof WebhookVerificationError) throw cause;
      throw refuse('certificate_fetch_failed', `could not fetch the certificate at ${certUrl}`, cause);
    }
    const anchors = trustAnchors
      ? trustAnchors.flatMap((anchor) => parseCertificates(anchor, 'a trust anchor'))
      : (defaultAnchors ??= PAYPAL_TRUST_ANCHORS.flatMap((anchor) => parseCertificates(anchor)));
    return checkCertificate(pem, { anchors, environment, hash });
  });
}

/** The body as the bytes received. A string is taken as the UTF-8 text of the body. */
function rawBytes(body: unknown): Uint8Array {
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw refuse(
    'body_not_raw',
    `body must be the raw request body (string, Uint8Array or ArrayBuffer), not ${body === null ? 'null' : typeof body}: ` +
      're-serialising a parsed event changes its bytes and the signature fails. Read the body as text or bytes before parsing it.',
  );
}

function checkWebhookId(webhookId: unknown): string {
  if (typeof webhookId !== 'string' || webhookId.trim() === '') {
    throw refuse('missing_webhook_id', 'webhookId is missing: pass the ID of your webhook subscription (WEBHOOK_ID for simulator events)');
  }
  // Event IDs are `WH-…`; subscription IDs are letters and digits (PayPal-Python-SDK #166: a frequent mix-up).
  if (webhookId.startsWith('WH-')) {
    throw refuse('event_id_as_webhook_id', `webhookId ${webhookId} is an event ID: pass the ID of your webhook subscription instead`);
  }
  return webhookId;
}

function checkTransmissionTime(value: string, now: Date, toleranceSeconds: number) {
  const time = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw refuse('invalid_header', `PAYPAL-TRANSMISSION-TIME ${JSON.stringify(value.slice(0, 50))} is not an RFC 3339 time`);
  if (Math.abs(now.getTime() - time) > toleranceSeconds * 1000) {
    throw refuse('outside_tolerance', `PAYPAL-TRANSMISSION-TIME ${value} is more than ${toleranceSeconds} s from ${now.toISOString()}`);
  }
}
