// One bit per row of a file: which rows an earlier pass found invalid, so a later pass over the same
// bytes need not validate them again. 125 KB for 1,000,000 rows.

/** A growable set of row numbers (0, 1, 2, … in file order), one bit each. */
export class RowMarks {
  #bits = new Uint8Array(1024);

  mark(row: number): void {
    if (row >> 3 >= this.#bits.length) {
      const grown = new Uint8Array(Math.max(this.#bits.length * 2, (row >> 3) + 1));
      grown.set(this.#bits);
      this.#bits = grown;
    }
    this.#bits[row >> 3]! |= 1 << (row & 7);
  }

  has(row: number): boolean {
    return ((this.#bits[row >> 3] ?? 0) & (1 << (row & 7))) !== 0;
  }
}
