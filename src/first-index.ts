// Where each sender_item_id of a batch was first seen, for the duplicate rule (src/validation.ts).
// By hand: a Map or Set of 15,000 strings costs more than all the other create checks together (it
// grows by rehashing, hashing each key again); a table of slots sized once for the batch does not.

/** Above this many items a batch is far beyond the contract's 15,000: a Map serves, rather than a huge table. */
const MAX_TABLE_ITEMS = 1 << 16;

/** First indexes by ID. String IDs go to the table; any other value (the schema refuses it) to a Map. */
export class FirstIndex {
  readonly #slots: Int32Array;
  readonly #mask: number;
  readonly #ids: string[] = [];
  readonly #indexes: number[] = [];
  readonly #others = new Map<unknown, number>();

  /** `capacity`: how many items the batch has. */
  constructor(capacity: number) {
    const size = capacity > MAX_TABLE_ITEMS ? 0 : 2 ** Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.#slots = new Int32Array(size);
    this.#mask = size - 1;
  }

  /** The index `id` was first seen at; or, the first time, -1 (and `index` is recorded). */
  firstOf(id: unknown, index: number): number {
    if (typeof id !== 'string' || this.#slots.length === 0) {
      const first = this.#others.get(id);
      if (first === undefined) this.#others.set(id, index);
      return first ?? -1;
    }
    let hash = 0;
    for (let at = 0; at < id.length; at++) hash = (Math.imul(hash, 31) + id.charCodeAt(at)) | 0;
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const entry = this.#slots[slot]!;
      if (entry === 0) {
        this.#slots[slot] = this.#ids.push(id);
        this.#indexes.push(index);
        return -1;
      }
      if (this.#ids[entry - 1] === id) return this.#indexes[entry - 1]!;
    }
  }
}
