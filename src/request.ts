// The request loop every call goes through: token, attempt, retry, replay after a 401, and a typed
// error at the end. One attempt is one openapi-fetch call, built by the resource that knows its types.
import { AttemptRequest, startAttempt } from './attempt.js';
import type { TokenProvider } from './auth.js';
import { AbortError, APIError, ConnectionError, InvalidResponseError, PayPalError, TimeoutError, ValidationError } from './errors.js';
import { backoffDelay, isRetryableStatus, retryDelay, sleep, type RetryPolicy } from './retry.js';

/** What the logger hook sees of each attempt. Never headers, bodies or tokens. */
export interface RequestLogEntry {
  method: string;
  /** URL path, without query. */
  path: string;
  /** HTTP status, when an answer came. */
  status?: number;
  /** 1 for the first attempt. */
  attempt: number;
  durationMs: number;
  requestId: string;
  /** Error class name, when the attempt failed without an answer. */
  error?: string;
}

/** Sees each attempt. May be async; what it throws or rejects with is ignored. */
export type Logger = (entry: RequestLogEntry) => unknown;

/** A result with its HTTP details, from `.withResponse()`. */
export interface APIResponse<T> {
  data: T;
  response: Response;
  /** The PayPal-Request-Id sent (for GET calls, the client's correlation ID). */
  requestId: string;
}

/** Per-call options every method takes. */
export interface RequestOptions {
  /** Aborts the call and any retry still to come. */
  signal?: AbortSignal;
  /** Per-attempt timeout, overriding the client's. */
  timeoutMs?: number;
}

/**
 * What an attempt hands to openapi-fetch: auth header, a fetch bound to the attempt's signal, the
 * request class it builds (attempt.ts), raw-text parsing, and a serializer that returns the bytes
 * made when the call was made, whatever body it is given.
 */
export interface AttemptInit {
  headers: Record<string, string>;
  fetch: (request: Request) => Promise<Response>;
  Request: typeof Request;
  parseAs: 'text';
  bodySerializer: () => string | undefined;
}

/** What openapi-fetch returns with `parseAs: 'text'`. */
export interface AttemptResult {
  data?: string;
  error?: unknown;
  response: Response;
}

export interface Call {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  path: string;
  requestId: string;
  /** GETs, and POSTs that carry a PayPal-Request-Id: PayPal answers a replay without acting twice. */
  retrySafe: boolean;
  /** The body, serialised once when the call was made; every attempt sends exactly these bytes. */
  body?: string | undefined;
  /** Sends one attempt; must pass a (any) body to openapi-fetch when `body` is set, so it calls the serializer. */
  send: (init: AttemptInit) => Promise<AttemptResult>;
  /** Bearer token source; the call is replayed once with a fresh token after a 401. */
  auth?: TokenProvider;
  /** Maps an error status to an error; APIError.from by default. */
  toError?: (init: ConstructorParameters<typeof APIError>[0]) => APIError;
}

export interface Settings {
  retry: RetryPolicy;
  timeoutMs: number;
  /** Largest response body read; past it the attempt is aborted. */
  maxResponseBytes: number;
  /** Credentials to redact from anything an answer echoes into an error. */
  secrets: readonly string[];
  logger?: Logger | undefined;
  /** The fetch to send with; the global one when undefined. */
  fetch?: typeof fetch | undefined;
}

/** Runs a call to completion: resolves with parsed JSON, or rejects with a PayPalError. */
export async function execute<T>(settings: Settings, call: Call, options: RequestOptions = {}): Promise<APIResponse<T>> {
  const { retry } = settings;
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const maxRetries = call.retrySafe ? retry.maxRetries : 0;
  let retries = 0;
  let replayedAfter401 = false;

  const bodySerializer = () => call.body;
  // Listeners go on a signal of this call's own, not on the caller's: many calls may share one, and
  // Node warns past 10 listeners on a signal (MaxListenersExceededWarning).
  const signal = options.signal && AbortSignal.any([options.signal]);
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortError(call, signal);
    const current = startAttempt(settings, signal, timeoutMs);
    const started = performance.now();
    const log = (entry: { status?: number; error?: string }) => {
      if (settings.logger) report(settings.logger, { method: call.method, path: call.path, attempt, requestId: call.requestId, durationMs: performance.now() - started, ...entry });
    };

    let token: string | undefined;
    let result: AttemptResult;
    try {
      const headers: Record<string, string> = {};
      if (call.auth) {
        token = await call.auth.token(current.signal);
        headers.Authorization = `Bearer ${token}`;
      }
      result = await call.send({ headers, fetch: current.fetch, Request: AttemptRequest as unknown as typeof Request, parseAs: 'text', bodySerializer });
    } catch (cause) {
      // A failed token request (after its own retries), a redirect or a body past the cap is final.
      const final = current.failure ?? (cause instanceof PayPalError ? cause : undefined);
      const error = signal?.aborted
        ? abortError(call, signal)
        : final
          ? final.forRequest(call.requestId)
          : current.timedOut
            ? new TimeoutError(`${call.method} ${call.path} timed out after ${timeoutMs} ms`, { requestId: call.requestId, cause })
            : current.url === undefined
              ? // Never sent: the request could not be built (fetch's Headers refuse a bad value). The cause
                // would quote the value, which may be a credential.
                new ValidationError([{ path: 'headers', message: `${call.method} ${call.path} has a header value HTTP cannot carry; nothing was sent` }])
              : new ConnectionError(`${call.method} ${call.path}${hostOf(current.url)} failed: ${describeCause(cause)}`, { requestId: call.requestId, cause });
      log({ error: error.name });
      if (!(error instanceof ConnectionError) || retries >= maxRetries) throw error;
      await pause(backoffDelay(retry, retries++), call, signal);
      continue;
    } finally {
      current.clear();
    }

    const { response } = result;
    log({ status: response.status });
    if (response.ok) {
      // 204 No Content (webhooks.delete) is the one success without a JSON object.
      const data = response.status === 204 ? (undefined as T) : parseJson<T>(result, call);
      return { data, response, requestId: call.requestId };
    }
    if (response.status === 401 && call.auth && token !== undefined && !replayedAfter401) {
      // The token expired or was revoked early: drop it and replay once with a new one.
      replayedAfter401 = true;
      call.auth.invalidate(token);
      continue;
    }
    const delay = isRetryableStatus(response.status) && retries < maxRetries ? retryDelay(retry, retries, response.headers) : undefined;
    if (delay !== undefined) {
      retries++;
      await pause(delay, call, signal);
      continue;
    }
    const toError = call.toError ?? APIError.from;
    const secrets = token === undefined ? settings.secrets : [...settings.secrets, token];
    throw toError({ status: response.status, body: result.error, headers: response.headers, requestId: call.requestId, secrets });
  }
}

async function pause(ms: number, call: Call, signal: AbortSignal | undefined) {
  try {
    await sleep(ms, signal);
  } catch {
    throw abortError(call, signal!);
  }
}

const abortError = (call: Call, signal: AbortSignal) =>
  new AbortError(`${call.method} ${call.path} was aborted`, { requestId: call.requestId, cause: signal.reason });

/** Every operation answers JSON objects; anything else is a broken answer, not data. */
function parseJson<T>({ data, response }: AttemptResult, call: Call): T {
  // No `cause`: JSON.parse quotes the text it choked on, which may hold a token.
  const fail = (problem: string) =>
    new InvalidResponseError(response.status, `${response.status} response to ${call.method} ${call.path} ${problem}`, {
      requestId: call.requestId,
    });
  if (!data) throw fail('has no body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw fail(`is not JSON (${data.length} characters)`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('is not a JSON object');
  return parsed as T;
}

/** ` to host:port` of the URL an attempt was sent to, for messages; empty when it was never sent. */
const hostOf = (url: string | undefined) => (url === undefined ? '' : ` to ${new URL(url).host}`);

/** fetch wraps the socket error in `cause`; its code (ECONNRESET, ECONNREFUSED) is what helps. */
function describeCause(error: unknown): string {
  const inner = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof inner?.code === 'string') return inner.code;
  return error instanceof Error ? error.message : String(error);
}

/** A logger can never break a payment: neither a throw nor, from an async logger, a rejection. */
function report(logger: Logger, entry: RequestLogEntry) {
  try {
    const result: unknown = logger(entry);
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') Promise.resolve(result).catch(ignore);
  } catch {
    // ignored on purpose
  }
}

const ignore = () => undefined;
