// OAuth2 client-credentials tokens: fetched once, shared by concurrent calls, reused until shortly
// before they expire. The token lives in a private field, out of reach of util.inspect and JSON.
// With a TokenStore, processes that share the store share the token too.

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

/** A token as a TokenStore keeps it. */
export interface StoredToken {
  accessToken: string;
  /** Epoch milliseconds from which the token must no longer be used (its expiry less a safety margin). */
  expiresAt: number;
}

/**
 * Where processes that share one app's credentials keep its access token, so a fleet fetches one token
 * instead of one per process (PayPal asks clients to cache tokens; paypal-facts.md #1). `paypal-payouts/postgres`
 * has one on PostgreSQL. A store that fails is bypassed: the process then fetches its own token.
 */
export interface TokenStore {
  /** The token kept under `key`, or undefined. */
  get(key: string): Promise<StoredToken | undefined>;
  /** Keeps `token` under `key`, replacing any other. */
  set(key: string, token: StoredToken): Promise<void>;
  /**
   * Optional: runs `refresh` while no other process runs one for `key` (a lock), so that when the token
   * expires one process fetches the next and the others read it from the store.
   */
  exclusive?<T>(key: string, refresh: () => Promise<T>): Promise<T>;
}

/** Refresh this long before expiry: a tenth of the token's life, at most a minute. */
const safetyMarginMs = (lifetimeMs: number) => Math.min(60_000, lifetimeMs / 10);

/** A TokenStore and the key this client's token is kept under. */
export interface SharedToken {
  store: TokenStore;
  key: string;
}

export class TokenProvider {
  #token: StoredToken | undefined;
  #pending: Promise<string> | undefined;
  /** The last token PayPal rejected: never taken from the store again. */
  #rejected: string | undefined;
  readonly #fetchToken: () => Promise<IssuedToken>;
  readonly #now: () => number;
  readonly #shared: SharedToken | undefined;

  constructor(fetchToken: () => Promise<IssuedToken>, now: () => number = Date.now, shared?: SharedToken) {
    this.#fetchToken = fetchToken;
    this.#now = now;
    this.#shared = shared;
  }

  /**
   * A valid token. Concurrent callers share one token request; `signal` stops this caller's wait
   * without cancelling the request the others are waiting on.
   */
  token(signal?: AbortSignal): Promise<string> {
    if (this.#token && this.#usable(this.#token)) return Promise.resolve(this.#token.accessToken);
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    return signal ? untilAborted(this.#pending, signal) : this.#pending;
  }

  /** Forgets `token` after PayPal rejected it, unless a newer one already replaced it. */
  invalidate(token: string): void {
    this.#rejected = token;
    if (this.#token?.accessToken === token) this.#token = undefined;
  }

  async #refresh(): Promise<string> {
    const shared = this.#shared;
    if (!shared) return this.#fetch();
    const fromStoreOrFetch = async () => (await this.#fromStore(shared)) ?? this.#fetch(shared);
    // Read first without the lock: the common case, a token another process already fetched.
    const found = await this.#fromStore(shared);
    if (found) return found;
    try {
      const { store, key } = shared;
      return await (store.exclusive ? store.exclusive(key, fromStoreOrFetch) : fromStoreOrFetch());
    } catch (error) {
      if (error instanceof StoreBypassed) throw error.cause;
      return this.#fetch(); // the store failed: this process fetches its own token
    }
  }

  async #fetch(shared?: SharedToken): Promise<string> {
    const issued = await this.#fetchToken().catch((error: unknown) => {
      // Not a store failure: the caller must see the token endpoint's error, not a second request.
      throw shared ? new StoreBypassed(error) : error;
    });
    const lifetimeMs = issued.expires_in * 1000;
    this.#token = { accessToken: issued.access_token, expiresAt: this.#now() + lifetimeMs - safetyMarginMs(lifetimeMs) };
    await shared?.store.set(shared.key, this.#token).catch(() => undefined); // others fetch their own
    return issued.access_token;
  }

  async #fromStore({ store, key }: SharedToken): Promise<string | undefined> {
    const token = await store.get(key).catch(() => undefined);
    if (!token || !this.#usable(token) || token.accessToken === this.#rejected) return undefined;
    this.#token = token;
    return token.accessToken;
  }

  #usable(token: StoredToken): boolean {
    return this.#now() < token.expiresAt;
  }
}

/** Carries the token endpoint's own error through a store's `exclusive`, to tell it from a store failure. */
class StoreBypassed extends Error {
  constructor(override readonly cause: unknown) {
    super('token request failed');
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
