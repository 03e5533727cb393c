// Certificates by URL. PayPal rotates its certificate by publishing it under a new URL, so what a
// URL serves does not change: a small cache saves a fetch per delivery. Bounded, with expiry.
/** Returns the PEM chain (leaf first) served at a certificate URL. */
export type CertificateFetcher = (url: string) => Promise<string>;

export class CertificateCache {
  readonly #entries = new Map<string, { pem: Promise<string>; expires: number }>();

  constructor(
    readonly maxEntries = 32,
    readonly ttlMs = 24 * 60 * 60 * 1000,
    readonly clock: () => number = Date.now,
  ) {}

  /** The PEM for `url`, from the cache or `fetcher`. Concurrent calls share one fetch; a failure is not kept. */
  get(url: string, fetcher: CertificateFetcher): Promise<string> {
    const now = this.clock();
    const cached = this.#entries.get(url);
    if (cached && cached.expires > now) {
      // Re-insert: Map keeps insertion order, so the oldest entry is the least recently used.
      this.#entries.delete(url);
      this.#entries.set(url, cached);
      return cached.pem;
    }
    const pem = Promise.resolve().then(() => fetcher(url));
    const entry = { pem, expires: now + this.ttlMs };
    this.#entries.delete(url);
    this.#entries.set(url, entry);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(oldest);
    }
    pem.catch(() => {
      if (this.#entries.get(url) === entry) this.#entries.delete(url);
    });
    return pem;
  }

  get size() {
    return this.#entries.size;
  }
}

/** One cache per fetcher, so certificates from one source never answer for another. */
const caches = new WeakMap<CertificateFetcher, CertificateCache>();

export function cacheFor(fetcher: CertificateFetcher): CertificateCache {
  let cache = caches.get(fetcher);
  if (!cache) caches.set(fetcher, (cache = new CertificateCache()));
  return cache;
}
