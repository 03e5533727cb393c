// The request loop every call goes through: token, attempt, retry, replay after a 401, and a typed
// error at the end. One attempt is one openapi-fetch call, built by the resource that knows its types.
import type { TokenProvider } from './auth.js';
import { AbortError, APIError, ConnectionError, InvalidResponseError, PayPalError, TimeoutError } from './errors.js';
import { isRetryableStatus, retryDelay, sleep, type RetryPolicy } from './retry.js';

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

export type Logger = (entry: RequestLogEntry) => void;

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

/** What an attempt hands to openapi-fetch: auth header, a fetch bound to the attempt's signal, raw-text parsing. */
export interface AttemptInit {
  headers: Record<string, string>;
  fetch: (request: Request) => Promise<Response>;
  parseAs: 'text';
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
  send: (init: AttemptInit) => Promise<AttemptResult>;
  /** Bearer token source; the call is replayed once with a fresh token after a 401. */
  auth?: TokenProvider;
  /** Maps an error status to an error; APIError.from by default. */
  toError?: (init: ConstructorParameters<typeof APIError>[0]) => APIError;
}

export interface Settings {
  retry: RetryPolicy;
  timeoutMs: number;
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

  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw abortError(call, options.signal);
    const deadline = attemptSignal(timeoutMs, options.signal);
    const { signal } = deadline;
    // The signal goes to fetch, not into openapi-fetch's Request: undici makes every Request follow its
    // signal (~20 µs each), and fetch(request) builds a second Request from the first.
    const sendWithSignal = (request: Request) => (settings.fetch ?? fetch)(request, { signal });
    const started = performance.now();
    const log = (entry: { status?: number; error?: string }) =>
      report(settings.logger, { method: call.method, path: call.path, attempt, requestId: call.requestId, durationMs: performance.now() - started, ...entry });

    let token: string | undefined;
    let result: AttemptResult;
    try {
      const headers: Record<string, string> = {};
      if (call.auth) {
        token = await call.auth.token(signal);
        headers.Authorization = `Bearer ${token}`;
      }
      result = await call.send({ headers, fetch: sendWithSignal, parseAs: 'text' });
    } catch (cause) {
      // The token request failed, after its own retries.
      if (cause instanceof PayPalError) throw cause.forRequest(call.requestId);
      const error = options.signal?.aborted
        ? abortError(call, options.signal)
        : deadline.timedOut
          ? new TimeoutError(`${call.method} ${call.path} timed out after ${timeoutMs} ms`, { requestId: call.requestId, cause })
          : new ConnectionError(`${call.method} ${call.path} failed: ${describeCause(cause)}`, { requestId: call.requestId, cause });
      log({ error: error.name });
      if (error instanceof AbortError || retries >= maxRetries) throw error;
      await pause(retryDelay(retry, retries++), call, options.signal);
      continue;
    } finally {
      deadline.clear();
    }

    const { response } = result;
    log({ status: response.status });
    if (response.ok) return { data: parseJson<T>(result, call), response, requestId: call.requestId };
    if (response.status === 401 && call.auth && token !== undefined && !replayedAfter401) {
      // The token expired or was revoked early: drop it and replay once with a new one.
      replayedAfter401 = true;
      call.auth.invalidate(token);
      continue;
    }
    if (isRetryableStatus(response.status) && retries < maxRetries) {
      await pause(retryDelay(retry, retries++, response.headers), call, options.signal);
      continue;
    }
    const toError = call.toError ?? APIError.from;
    throw toError({ status: response.status, body: result.error, headers: response.headers, requestId: call.requestId });
  }
}

/**
 * One attempt's signal: aborts when the caller's signal does or `timeoutMs` passes. Cheaper than
 * AbortSignal.timeout and AbortSignal.any, which Node makes transferable on every call; this is
 * on every request's path. `clear` must run when the attempt ends.
 */
function attemptSignal(timeoutMs: number, callerSignal: AbortSignal | undefined) {
  const controller = new AbortController();
  const state = {
    signal: controller.signal,
    timedOut: false,
    clear: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
  const timer = setTimeout(() => {
    state.timedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return state;
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

/** fetch wraps the socket error in `cause`; its code (ECONNRESET, ECONNREFUSED) is what helps. */
function describeCause(error: unknown): string {
  const inner = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof inner?.code === 'string') return inner.code;
  return error instanceof Error ? error.message : String(error);
}

/** A throwing logger must not break a payment. */
function report(logger: Logger | undefined, entry: RequestLogEntry) {
  try {
    logger?.(entry);
  } catch {
    // ignored on purpose
  }
}
