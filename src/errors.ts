// Every error the client throws. APIError.from picks the class for an HTTP status, so callers can
// `catch (e) { if (e instanceof RateLimitError) … }` instead of parsing strings.
import type { components } from '../generated/types.js';
import { isRecord, keptHeaders, lastPathSegment, toDetail, toLinks } from './error-fields.js';
import { redactValue, sanitize } from './redaction.js';

type Schemas = components['schemas'];
/** One problem PayPal found in a request. */
export type ErrorDetail = Schemas['error_details'];
/** A HATEOAS link returned with an error. */
export type ErrorLink = Schemas['error_link_description'];

/** Base class of every error this package throws. */
export class PayPalError extends Error {
  override readonly name: string = 'PayPalError';
  /**
   * The PayPal-Request-Id of the call (for GET calls, the client's own correlation ID). Retry a
   * create with it and PayPal answers with the original batch instead of paying again.
   */
  readonly requestId: string | undefined;

  constructor(message: string, options: { requestId?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.requestId = options.requestId;
  }

  /**
   * This error as another call sees it: same class and fields, that call's request ID. A failed token
   * request is shared by every call waiting on it, and each must report its own PayPal-Request-Id.
   */
  forRequest(requestId: string): this {
    const copy: this = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
    Object.defineProperty(copy, 'requestId', { value: requestId, enumerable: true });
    return copy;
  }
}

interface APIErrorInit {
  status: number;
  body: unknown;
  headers: Headers;
  requestId?: string | undefined;
  /** Credentials the request carried, to redact if the answer echoes them. */
  secrets?: readonly string[] | undefined;
}

/** PayPal answered with an error status. Subclasses name the status. */
export class APIError extends PayPalError {
  override readonly name: string = 'APIError';
  /** HTTP status. */
  readonly status: number;
  /** PayPal's error name, such as `INSUFFICIENT_FUNDS` or `invalid_client`. */
  readonly code: string | undefined;
  /** PayPal's correlation ID (body `debug_id` or the `Paypal-Debug-Id` header): quote it to PayPal support. */
  readonly debugId: string | undefined;
  /** Field-level problems, such as a bad amount in one item; entries that are not objects are dropped. */
  readonly details: ErrorDetail[];
  /** Links related to the error; entries without a string `href` are dropped. */
  readonly links: ErrorLink[];
  /** Page that explains this error. */
  readonly informationLink: string | undefined;
  /**
   * The body as received, with credentials redacted and deep nesting cut: parsed JSON, text, or
   * undefined when empty. Not enumerable, so `util.inspect` and JSON leave it out.
   */
  declare readonly body: unknown;
  /** The response headers worth keeping: `content-type`, `paypal-debug-id`, `retry-after`. */
  readonly headers: Headers;

  /** Total: any status with any body gives an error, never a throw. */
  constructor({ status, body, headers, requestId, secrets }: APIErrorInit) {
    const kept = redactValue(body === '' ? undefined : body, secrets);
    const fields = isRecord(kept) ? kept : {};
    const text = (key: string) => (typeof fields[key] === 'string' ? fields[key] : undefined);
    const code = text('name') ?? text('error');
    const details = Array.isArray(fields.details) ? fields.details.filter(isRecord).map(toDetail) : [];
    super(describe(status, code, text('message') ?? text('error_description'), details), { requestId });
    this.status = status;
    this.code = code;
    this.debugId = text('debug_id') ?? headers.get('paypal-debug-id') ?? undefined;
    this.details = details;
    this.links = toLinks(fields.links);
    this.informationLink = text('information_link');
    Object.defineProperty(this, 'body', { value: kept, enumerable: false });
    this.headers = keptHeaders(headers);
  }

  /** Builds the error class that matches the status (and, for 400, a reused sender_batch_id). */
  static from(init: APIErrorInit): APIError {
    const { status } = init;
    if (status === 400) return isDuplicateBatch(init.body) ? new DuplicateBatchError(init) : new BadRequestError(init);
    if (status === 401) return new AuthenticationError(init);
    if (status === 403) return new PermissionDeniedError(init);
    if (status === 404) return new NotFoundError(init);
    if (status === 409) return new ConflictError(init);
    if (status === 422) return new UnprocessableEntityError(init);
    if (status === 429) return new RateLimitError(init);
    if (status >= 500) return new InternalServerError(init);
    return new APIError(init);
  }

  /** The fields worth logging; no headers or body, so nothing sensitive. Never throws: every field is flat. */
  toJSON() {
    const { name, message, status, code, debugId, requestId, details, links, informationLink } = this;
    return { name, message, status, code, debugId, requestId, details, links, informationLink };
  }
}

function describe(status: number, code: string | undefined, message: string | undefined, details: ErrorDetail[]) {
  const head = [status, code && `${sanitize(code)}:`, message === undefined ? 'no error body' : sanitize(message)].filter(Boolean).join(' ');
  const issues = details.slice(0, 10).map((detail) => (detail.field ? `${detail.field}: ${detail.issue}` : detail.issue));
  return sanitize(issues.length > 0 ? `${head} (${issues.join('; ')})` : head, 1000);
}

/** 400: the request is malformed or breaks a business rule. */
export class BadRequestError extends APIError {
  override readonly name: string = 'BadRequestError';
}
/** 401, and any failure of the token endpoint (bad client ID or secret). */
export class AuthenticationError extends APIError {
  override readonly name: string = 'AuthenticationError';
}
/** 403: the app lacks permission for this call. */
export class PermissionDeniedError extends APIError {
  override readonly name: string = 'PermissionDeniedError';
}
/** 404: no batch or item with this ID. */
export class NotFoundError extends APIError {
  override readonly name: string = 'NotFoundError';
}
/** 409: another request with the same PayPal-Request-Id is in flight. */
export class ConflictError extends APIError {
  override readonly name: string = 'ConflictError';
}
/** 422: well-formed, but PayPal cannot carry it out (for example INSUFFICIENT_FUNDS). */
export class UnprocessableEntityError extends APIError {
  override readonly name: string = 'UnprocessableEntityError';
}
/** 429: rate limited. */
export class RateLimitError extends APIError {
  override readonly name: string = 'RateLimitError';
}
/** 5xx: PayPal, or a proxy in front of it, failed. */
export class InternalServerError extends APIError {
  override readonly name: string = 'InternalServerError';
}

/**
 * 400 USER_BUSINESS_ERROR for a `sender_batch_id` used in the last 30 days. PayPal paid nothing new;
 * `originalBatchId` names the batch that used it.
 */
export class DuplicateBatchError extends BadRequestError {
  override readonly name: string = 'DuplicateBatchError';
  /** Link to the batch that already used this sender_batch_id. */
  readonly originalBatchLink: string | undefined;
  /** ID of that batch, taken from the link. */
  readonly originalBatchId: string | undefined;

  constructor(init: APIErrorInit) {
    super(init);
    const href = this.details.find(isSenderBatchIdDetail)?.link?.[0]?.href;
    this.originalBatchLink = href;
    this.originalBatchId = href === undefined ? undefined : lastPathSegment(href);
  }
}

const isSenderBatchIdDetail = (detail: ErrorDetail) => detail.field?.toUpperCase() === 'SENDER_BATCH_ID';

function isDuplicateBatch(body: unknown): boolean {
  return isRecord(body) && body.name === 'USER_BUSINESS_ERROR' && Array.isArray(body.details) && body.details.filter(isRecord).map(toDetail).some(isSenderBatchIdDetail);
}

/**
 * A 2xx whose body is not the JSON object PayPal promises. For a create, the batch may exist: retry
 * with `requestId`. The body is not kept: it may hold an access token.
 */
export class InvalidResponseError extends PayPalError {
  override readonly name: string = 'InvalidResponseError';
  constructor(
    readonly status: number,
    message: string,
    options: { requestId?: string | undefined },
  ) {
    super(message, options);
  }
}

/**
 * The answer was a redirect (any 3xx, or an opaque redirect). PayPal's API does not redirect, so it
 * came from something in between; the client never follows one, never retries it, and sent nothing to
 * `location`. For a create, retry later with `requestId`.
 */
export class RedirectError extends PayPalError {
  override readonly name: string = 'RedirectError';
  constructor(
    /** HTTP status; 0 for an opaque redirect, whose status and Location the runtime hides. */
    readonly status: number,
    /** Where the answer pointed (userinfo hidden), if it said. */
    readonly location: string | undefined,
    message: string,
    options: { requestId?: string | undefined } = {},
  ) {
    super(message, options);
  }
}

/**
 * The answer's body passed `maxResponseBytes`; the client stopped reading and dropped the connection.
 * For a create, the batch may exist: retry later with `requestId`.
 */
export class ResponseTooLargeError extends PayPalError {
  override readonly name: string = 'ResponseTooLargeError';
  constructor(
    readonly status: number,
    /** The cap that was passed, in bytes. */
    readonly limitBytes: number,
    message: string,
    options: { requestId?: string | undefined } = {},
  ) {
    super(message, options);
  }
}

/** The request never got an answer: DNS, refused or reset connection, TLS. */
export class ConnectionError extends PayPalError {
  override readonly name: string = 'ConnectionError';
}

/** No answer within `timeoutMs`, on the last attempt. */
export class TimeoutError extends ConnectionError {
  override readonly name: string = 'TimeoutError';
}

/** The caller's `signal` aborted the call; no further attempt is made. */
export class AbortError extends PayPalError {
  override readonly name: string = 'AbortError';
}

/** One problem in a request body, with where it is (`items[3].amount.value`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** The request body is invalid; nothing was sent. `issues` lists every problem. */
export class ValidationError extends PayPalError {
  override readonly name: string = 'ValidationError';
  constructor(readonly issues: ValidationIssue[]) {
    const shown = issues.slice(0, 10).map((issue) => `${issue.path || '(body)'}: ${issue.message}`);
    const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
    super(`Invalid request, nothing was sent: ${shown.join('; ')}${more}`);
  }
}

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

/**
 * A webhook delivery failed verification (`verifyWebhookSignature`, or the headers given to
 * `client.webhooks.verifyOnline`). Answer the delivery with a 4xx, or a 5xx for `certificate_fetch_failed`.
 */
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
