// When to retry and how long to wait. The request loop in request.ts applies it.

/** Retry settings; every field has a default (see DEFAULT_RETRY). */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Delay before the first retry, doubled on each one, before jitter. */
  initialDelayMs: number;
  /** Upper bound of the computed delay. */
  maxDelayMs: number;
  /** Longest `Retry-After` honoured; a longer one ends the retries, and the error goes to the caller. */
  maxRetryAfterMs: number;
}

/** Two retries after 0.5 s and 1 s (each up to 25% shorter, for jitter), never more than 8 s; Retry-After up to 60 s. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Statuses worth another attempt: timeouts, conflicts with a request still in flight (PayPal fails the
 * second of two concurrent requests with one PayPal-Request-Id), rate limits and server errors.
 */
const RETRYABLE_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504]);

export const isRetryableStatus = (status: number) => RETRYABLE_STATUSES.has(status);

/** Exponential backoff with jitter before retry number `retry` (0 for the first). */
export function backoffDelay(policy: RetryPolicy, retry: number, random = Math.random): number {
  const backoff = Math.min(policy.initialDelayMs * 2 ** retry, policy.maxDelayMs);
  // Up to 25% shorter, so clients that failed together do not retry together.
  return backoff * (1 - random() * 0.25);
}

/**
 * Milliseconds to wait before retry number `retry` (0 for the first): the server's `Retry-After`
 * (seconds or an HTTP date) when it is given, else the backoff. Undefined when the server asks for
 * longer than `maxRetryAfterMs`: retrying sooner than asked only meets the same refusal, so the
 * error goes to the caller instead.
 */
export function retryDelay(policy: RetryPolicy, retry: number, headers?: Headers, random = Math.random): number | undefined {
  const retryAfter = parseRetryAfter(headers?.get('retry-after') ?? null);
  if (retryAfter !== undefined) return retryAfter <= policy.maxRetryAfterMs ? retryAfter : undefined;
  return backoffDelay(policy, retry, random);
}

/** Retry-After in ms; undefined when missing, unparsable, negative or a date already past. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const wait = Date.parse(value) - Date.now();
  return wait > 0 ? wait : undefined;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
