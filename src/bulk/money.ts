// Exact sums of decimal amounts, per currency: floating point would drift over 40,000 items.
import { format, scaleOf, sum, units } from '../decimal.js';

/** Amounts added without BigInt: whole digits and decimals few enough that a double holds them exactly. */
const PLAIN = /^(\d{1,12})(?:\.(\d{1,3}))?$/;

/**
 * Count and sum of amounts in one currency, at the largest scale among them (as decimal.ts `sum`).
 * The sum is `#big + #small` units of 10^-`#scale`: `#small` a double kept below 2^53, so exact,
 * and folded into `#big` before it could round (a BigInt per amount is a large part of planning).
 */
class CurrencyTotal {
  count = 0;
  #scale = 0;
  #big = 0n;
  #small = 0;

  add(value: string) {
    this.#add(value);
    this.count++;
  }

  #add(value: string) {
    const plain = PLAIN.exec(value);
    if (!plain) return this.#set(sum([this.sum, value])); // signs, exponents, long decimals: the general path
    const decimals = plain[2] ?? '';
    if (decimals.length > this.#scale) this.#rescale(decimals.length);
    const digits = plain[1]! + decimals;
    const amount = Number(digits) * 10 ** (this.#scale - decimals.length);
    if (!Number.isSafeInteger(amount)) {
      this.#big += units(value, this.#scale);
      return;
    }
    if (this.#small + amount > Number.MAX_SAFE_INTEGER) this.#fold();
    this.#small += amount;
  }

  get sum(): string {
    this.#fold();
    return format(this.#big, this.#scale);
  }

  #fold() {
    this.#big += BigInt(this.#small);
    this.#small = 0;
  }

  #rescale(scale: number) {
    this.#fold();
    this.#big *= 10n ** BigInt(scale - this.#scale);
    this.#scale = scale;
  }

  #set(total: string) {
    this.#scale = scaleOf(total);
    this.#big = units(total, this.#scale);
    this.#small = 0;
  }
}

/** Totals per currency, in first-seen order. */
export class Totals {
  readonly #byCurrency = new Map<string, CurrencyTotal>();

  /** `value` is a decimal string that validation accepted, such as "10.5". */
  add(currency: string, value: string) {
    let total = this.#byCurrency.get(currency);
    if (!total) this.#byCurrency.set(currency, (total = new CurrencyTotal()));
    total.add(value);
  }

  toJSON(): Record<string, { count: number; sum: string }> {
    return Object.fromEntries([...this.#byCurrency].map(([currency, total]) => [currency, { count: total.count, sum: total.sum }]));
  }
}

export const groupThousands = (value: string | number) => {
  const [whole = '', fraction] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
};
