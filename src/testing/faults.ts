// Seeded faults per operation: what a flaky PayPal and network do to a call. A chance-based fault is
// drawn from (seed, operation, key, occurrence), not one shared stream, so a seed gives each request
// the same fate however concurrent requests interleave.

/** The operations a fault can target. */
export type Operation =
  | 'oauth2.token'
  | 'payouts.create'
  | 'payouts.get'
  | 'payoutItems.get'
  | 'payoutItems.cancel'
  | 'webhooks.create'
  | 'webhooks.list'
  | 'webhooks.get'
  | 'webhooks.delete'
  | 'webhooks.listEventTypes'
  | 'webhooks.getEvent'
  | 'webhooks.resendEvent'
  | 'webhooks.simulateEvent'
  | 'webhooks.verifySignature';

/** What a fault does to the request it hits. */
export type FaultKind =
  | 'error-before-commit' // a 5xx before doing anything
  | 'error-after-commit' // do the work (pay, cancel), then answer 5xx
  | 'reset-after-commit' // do the work, then drop the connection without an answer
  | 'delay' // answer normally, after delayMs
  | 'rate-limit' // 429, with Retry-After when retryAfterSeconds is set
  | 'revoke-tokens'; // revoke every token first (as when credentials rotate), then handle the request

/** A fault to inject: which operation, what kind, how many requests. */
export interface FaultSpec {
  operation: Operation;
  kind: FaultKind;
  /** Status of 'error-before-commit' and 'error-after-commit'; 500 by default. */
  status?: number;
  /** For 'rate-limit': send `Retry-After` with this many seconds. */
  retryAfterSeconds?: number;
  /** For 'delay': how long; 1000 ms by default. */
  delayMs?: number;
  /** How many requests it hits; 1 by default, `Infinity` for all. */
  times?: number;
  /** Hit each request with this probability (0-1) instead of the next ones, drawn from the seed. */
  chance?: number;
}

/** A fault drawn for one request. */
export type Fault = Required<Pick<FaultSpec, 'kind' | 'status' | 'delayMs'>> & Pick<FaultSpec, 'retryAfterSeconds'>;

interface Armed extends FaultSpec {
  remaining: number;
}

/** Faults the local PayPal injects into the requests to come (`paypal.faults.add(…)`). */
export class Faults {
  readonly #armed: Armed[] = [];
  readonly #occurrences = new Map<string, number>();
  /** How many requests each kind of fault has hit. */
  readonly injected = new Map<FaultKind, number>();

  constructor(readonly seed = 1) {}

  /** Arms a fault for the next `times` requests to `operation` (or each with `chance`). */
  add(spec: FaultSpec): this {
    if (spec.chance !== undefined && !(spec.chance >= 0 && spec.chance <= 1)) throw new RangeError('faults.add: chance must be within 0..1');
    this.#armed.push({ ...spec, remaining: spec.times ?? (spec.chance === undefined ? 1 : Infinity) });
    return this;
  }

  /** Disarms every fault. */
  clear(): void {
    this.#armed.length = 0;
  }

  /**
   * The fault for this request, if any. `key` names what is requested (a sender_batch_id, a path), so
   * chance-based faults hit the same requests on every run with one seed.
   */
  draw(operation: Operation, key: string): Fault | undefined {
    let roll: number | undefined;
    for (const armed of this.#armed) {
      if (armed.operation !== operation || armed.remaining <= 0) continue;
      if (armed.chance !== undefined) {
        roll ??= this.#random(`${operation}:${key}`);
        if (roll >= armed.chance) {
          roll -= armed.chance; // the chances of one operation split a single roll, so they add up
          continue;
        }
      }
      armed.remaining--;
      this.injected.set(armed.kind, (this.injected.get(armed.kind) ?? 0) + 1);
      return { kind: armed.kind, status: armed.status ?? 500, delayMs: armed.delayMs ?? 1_000, retryAfterSeconds: armed.retryAfterSeconds };
    }
    return undefined;
  }

  /** A number in [0, 1) fixed by the seed, the key and how often the key was drawn before. */
  #random(key: string): number {
    const occurrence = this.#occurrences.get(key) ?? 0;
    this.#occurrences.set(key, occurrence + 1);
    return hash(`${this.seed}:${key}:${occurrence}`) / 2 ** 32;
  }
}

/** FNV-1a, then a mulberry32 round: a well-mixed 32-bit hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), h | 1);
  h ^= h + Math.imul(h ^ (h >>> 7), h | 61);
  return (h ^ (h >>> 14)) >>> 0;
}
