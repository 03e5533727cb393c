// One attempt's transport, used by every call: an abort signal for the attempt's deadline and the
// caller's signal, and a fetch that never follows a redirect and stops reading a body past the cap.
import { PayPalError, RedirectError, ResponseTooLargeError } from './errors.js';
import { hideUserinfo, redact, sanitize } from './redaction.js';

export interface AttemptLimits {
  maxResponseBytes: number;
  /** The fetch to send with; the global one when undefined. */
  fetch?: typeof fetch | undefined;
}

export interface Attempt {
  /** Aborts when the caller's signal does, the deadline passes, or the body passes the cap. */
  signal: AbortSignal;
  timedOut: boolean;
  /** Set when this module ended the attempt (a body past the cap). */
  failure: PayPalError | undefined;
  /** Where the attempt was sent, once it was. */
  url: string | undefined;
  /** fetch for openapi-fetch: bound to `signal`, redirects refused, body capped. */
  fetch: (request: Request) => Promise<Response>;
  /** Must run when the attempt ends. */
  clear: () => void;
}

/**
 * What openapi-fetch builds for an attempt (its `Request` option): the URL and init, not a Request.
 * fetch would copy a Request into a second one that follows the first one's signal (each Request
 * carries an AbortController); given this, it builds one. A custom `fetch` still reads `input.url`,
 * and `String(input)` is the URL, as fetch takes it.
 */
export class AttemptRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly init: RequestInit;

  constructor(url: string, init: RequestInit & { method: string; headers: Headers }) {
    this.url = url;
    this.method = init.method;
    this.headers = init.headers;
    this.init = init;
  }

  toString(): string {
    return this.url;
  }
}

/**
 * Starts an attempt. Cheaper than AbortSignal.timeout and AbortSignal.any, which Node makes
 * transferable on every call; this is on every request's path.
 */
export function startAttempt(limits: AttemptLimits, callerSignal: AbortSignal | undefined, timeoutMs: number): Attempt {
  const controller = new AbortController();
  const send = limits.fetch ?? fetch;
  const attempt: Attempt = {
    signal: controller.signal,
    timedOut: false,
    failure: undefined,
    url: undefined,
    // openapi-fetch types its `Request` option as the global class; it builds an AttemptRequest.
    fetch: async (built) => {
      const request = built as unknown as AttemptRequest;
      attempt.url = request.url;
      // The init openapi-fetch built for this attempt alone: set in place rather than copied, on every request's path.
      const { init } = request;
      init.signal = controller.signal;
      init.redirect = 'manual';
      const response = await send(request as unknown as string, init);
      if (isRedirect(response)) {
        controller.abort(); // drop the redirect's body and its connection
        throw redirectError(request, response);
      }
      return capped(response, limits.maxResponseBytes, (size) => {
        attempt.failure = new ResponseTooLargeError(
          response.status,
          limits.maxResponseBytes,
          `${response.status} response to ${request.method} ${new URL(request.url).pathname} is ${size} bytes or more, past maxResponseBytes (${limits.maxResponseBytes}); the client stopped reading`,
        );
        controller.abort(attempt.failure);
        return attempt.failure;
      });
    },
    clear: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
  const timer = setTimeout(() => {
    attempt.timedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return attempt;
}

/** A 3xx, an opaque redirect (status 0, as browsers and some runtimes give), or a fetch that followed one anyway. */
const isRedirect = (response: Response) =>
  response.type === 'opaqueredirect' || response.status === 0 || (response.status >= 300 && response.status < 400) || response.redirected;

function redirectError(request: AttemptRequest, response: Response): RedirectError {
  const header = response.headers.get('location') ?? (response.redirected ? response.url : null);
  // A hostile Location may echo the credential this request carried.
  const credential = request.headers.get('authorization')?.replace(/^\S+\s+/, '');
  const location = header === null ? undefined : sanitize(redact(hideUserinfo(header), credential ? [credential] : []), 200);
  const to = location === undefined ? '' : ` to ${location}`;
  return new RedirectError(
    response.status,
    location,
    `${request.method} ${new URL(request.url).pathname} was answered with ${response.status ? `a ${response.status}` : 'an opaque'} redirect${to}; redirects are never followed, and nothing was sent there`,
  );
}

/**
 * The response, with a body that errors (and aborts the attempt) once more than `maxBytes` arrive. A
 * declared Content-Length is framing every HTTP client enforces, so an unencoded body that declares one
 * within the cap is returned as it is, without the counting stream's cost; a larger one fails before it
 * is read. An encoded body is always counted: fetch decompresses it, and a small gzip can inflate to GBs.
 */
function capped(response: Response, maxBytes: number, tooLarge: (size: number) => Error): Response {
  if (!response.body) return response;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isSafeInteger(declared) && declared >= 0 && !response.headers.has('content-encoding')) {
    if (declared <= maxBytes) return response;
    throw tooLarge(declared);
  }
  let received = 0;
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > maxBytes) controller.error(tooLarge(received));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
