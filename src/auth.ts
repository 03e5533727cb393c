// OAuth2 client-credentials tokens: fetched once, shared by concurrent calls, reused until shortly
// before they expire. The token lives in a private field, out of reach of util.inspect and JSON.

/** What the token endpoint answers, as far as caching needs it. */
export interface IssuedToken {
  access_token: string;
  expires_in: number;
}

/** The base64 of `id:secret` for HTTP Basic auth, UTF-8 encoded (btoa alone takes Latin-1 only). */
export function basicCredentials(clientId: string, clientSecret: string): string {
  const bytes = new TextEncoder().encode(`${clientId}:${clientSecret}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Refresh this long before expiry: a tenth of the token's life, at most a minute. */
const safetyMarginMs = (lifetimeMs: number) => Math.min(60_000, lifetimeMs / 10);

export class TokenProvider {
  #token: { value: string; refreshAt: number } | undefined;
  #pending: Promise<string> | undefined;
  readonly #fetchToken: () => Promise<IssuedToken>;
  readonly #now: () => number;

  constructor(fetchToken: () => Promise<IssuedToken>, now: () => number = Date.now) {
    this.#fetchToken = fetchToken;
    this.#now = now;
  }

  /**
   * A valid token. Concurrent callers share one token request; `signal` stops this caller's wait
   * without cancelling the request the others are waiting on.
   */
  token(signal?: AbortSignal): Promise<string> {
    if (this.#token && this.#now() < this.#token.refreshAt) return Promise.resolve(this.#token.value);
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    return signal ? untilAborted(this.#pending, signal) : this.#pending;
  }

  /** Forgets `token` after PayPal rejected it, unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.#token?.value === token) this.#token = undefined;
  }

  async #refresh(): Promise<string> {
    const issued = await this.#fetchToken();
    const lifetimeMs = issued.expires_in * 1000;
    this.#token = { value: issued.access_token, refreshAt: this.#now() + lifetimeMs - safetyMarginMs(lifetimeMs) };
    return issued.access_token;
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
