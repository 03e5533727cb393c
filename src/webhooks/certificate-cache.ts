// Checked certificates by URL and policy. PayPal rotates its certificate by publishing it under a new
// URL, so what a URL serves does not change: the chain is fetched, parsed, built and checked and its
// key imported once, and a warm delivery only checks the dates and the signature. Bounded, with expiry.
// Only successes are kept: a failed fetch or check, a non-PEM answer included, is tried again next time.
import type { CheckedCertificate } from './certificates.js';

/** Returns the PEM chain (leaf first) served at a certificate URL. */
export type CertificateFetcher = (url: string) => Promise<string>;

/** Our choice: the default fetcher's deadline, applied to any fetcher, so a fetch that never settles cannot hang later deliveries. */
export const CERTIFICATE_TIMEOUT_MS = 10_000;

export class CertificateCache<Value> {
  readonly #settled = new Map<string, { value: Value; expires: number }>();
  /** Loads in flight, shared by concurrent deliveries only until they settle. */
  readonly #pending = new Map<string, Promise<Value>>();

  constructor(
    readonly maxEntries = 32,
    readonly ttlMs = 24 * 60 * 60 * 1000,
    readonly clock: () => number = Date.now,
  ) {}

  /** The value for `key`: the cached one, the load in flight, or a new `load()`. A failure is not kept. */
  get(key: string, load: () => Promise<Value>): Value | Promise<Value> {
    const cached = this.#settled.get(key);
    if (cached && cached.expires > this.clock()) {
      // Re-insert: Map keeps insertion order, so the oldest entry is the least recently used.
      this.#settled.delete(key);
      this.#settled.set(key, cached);
      return cached.value;
    }
    const inFlight = this.#pending.get(key);
    if (inFlight) return inFlight;
    const loading = Promise.resolve()
      .then(load)
      .then((value) => {
        this.#keep(key, value);
        return value;
      })
      .finally(() => this.#pending.delete(key));
    this.#pending.set(key, loading);
    return loading;
  }

  #keep(key: string, value: Value) {
    this.#settled.delete(key);
    this.#settled.set(key, { value, expires: this.clock() + this.ttlMs });
    for (const oldest of this.#settled.keys()) {
      if (this.#settled.size <= this.maxEntries) break;
      this.#settled.delete(oldest);
    }
  }

  /** Entries kept (not counting loads in flight). */
  get size() {
    return this.#settled.size;
  }
}

/** Rejects when `promise` has not settled after `ms`. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** One cache per fetcher, so certificates from one source never answer for another. */
const caches = new WeakMap<CertificateFetcher, CertificateCache<CheckedCertificate>>();

export function cacheFor(fetcher: CertificateFetcher): CertificateCache<CheckedCertificate> {
  let cache = caches.get(fetcher);
  if (!cache) caches.set(fetcher, (cache = new CertificateCache()));
  return cache;
}
