// Seeded fault injection for the PayPal stand-in. A fault is drawn from (seed, key, occurrence), not
// from one shared stream, so the same seed gives each request the same fate however concurrent
// requests interleave.

export type Fault =
  | 'error-before' // 5xx before doing anything
  | 'error-after-commit' // commit the batch, then answer 5xx
  | 'reset-after-commit' // commit the batch, then drop the connection
  | 'slow' // answer normally, late
  | 'rate-limit' // 429 without Retry-After
  | 'rate-limit-retry-after' // 429 with Retry-After: 0
  | 'revoke-tokens' // revoke every token, then handle the request (which now fails 401)
  | 'hang'; // never answer

export type Endpoint = 'token' | 'create' | 'get' | 'item' | 'cancel';

/** Per endpoint, the chance of each fault (their sum is the endpoint's fault rate). */
export type FaultPlan = Partial<Record<Endpoint, Partial<Record<Fault, number>>>>;

/** FNV-1a, then a mulberry32 round: a well-mixed 32-bit hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), h | 1);
  h ^= h + Math.imul(h ^ (h >>> 7), h | 61);
  return (h ^ (h >>> 14)) >>> 0;
}

export class FaultInjector {
  #occurrences = new Map<string, number>();
  /** Every fault injected, by kind. */
  readonly injected = new Map<Fault, number>();

  constructor(
    readonly seed: number,
    public plan: FaultPlan = {},
  ) {}

  /** A number in [0, 1) fixed by the seed, the key and how often the key was drawn before. */
  random(key: string): number {
    const occurrence = this.#occurrences.get(key) ?? 0;
    this.#occurrences.set(key, occurrence + 1);
    return hash(`${this.seed}:${key}:${occurrence}`) / 2 ** 32;
  }

  /** The fault for this request to `endpoint`, if any; `key` names what is requested (a sender_batch_id, a path). */
  draw(endpoint: Endpoint, key: string): Fault | undefined {
    const chances = this.plan[endpoint];
    if (!chances) return undefined;
    let roll = this.random(`${endpoint}:${key}`);
    for (const [fault, chance] of Object.entries(chances) as Array<[Fault, number]>) {
      if (roll < chance) {
        this.injected.set(fault, (this.injected.get(fault) ?? 0) + 1);
        return fault;
      }
      roll -= chance;
    }
    return undefined;
  }
}
