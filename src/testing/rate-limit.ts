// PayPal's rate limit: "For Payouts API, we allow 400 POST requests per minute", beyond which it answers
// 429 RATE_LIMIT_REACHED; its token endpoint answers 429 too (paypal-facts.md #1). Counted per client
// credentials over a sliding minute of the emulator's clock (the window's shape is our choice).
const WINDOW_MS = 60_000;

export class RateLimit {
  readonly #posts = new Map<string, number[]>(); // client ID -> emulator times of its POSTs in the window

  /** `postsPerMinute` false turns the limit off. */
  constructor(
    readonly postsPerMinute: number | false,
    private readonly now: () => number,
  ) {}

  /** Counts a POST by `clientId`; false when it is over the limit (and then not counted). */
  take(clientId: string): boolean {
    if (this.postsPerMinute === false) return true;
    const now = this.now();
    const recent = (this.#posts.get(clientId) ?? []).filter((time) => now - time < WINDOW_MS);
    const allowed = recent.length < this.postsPerMinute;
    if (allowed) recent.push(now);
    this.#posts.set(clientId, recent);
    return allowed;
  }
}
