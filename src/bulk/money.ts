// Exact sums of decimal amounts, per currency: floating point would drift over 40,000 items.

/** Count and sum of amounts in one currency, kept in integer units of the finest decimal seen. */
class CurrencyTotal {
  count = 0;
  #units = 0n;
  #decimals = 0;

  add(value: string) {
    const [whole = '0', fraction = ''] = value.split('.');
    if (fraction.length > this.#decimals) {
      this.#units *= 10n ** BigInt(fraction.length - this.#decimals);
      this.#decimals = fraction.length;
    }
    this.#units += BigInt(whole + fraction.padEnd(this.#decimals, '0'));
    this.count++;
  }

  get sum(): string {
    const digits = this.#units.toString().padStart(this.#decimals + 1, '0');
    if (this.#decimals === 0) return digits;
    return `${digits.slice(0, -this.#decimals)}.${digits.slice(-this.#decimals)}`;
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

  get count(): number {
    let count = 0;
    for (const total of this.#byCurrency.values()) count += total.count;
    return count;
  }

  toJSON(): Record<string, { count: number; sum: string }> {
    return Object.fromEntries([...this.#byCurrency].map(([currency, total]) => [currency, { count: total.count, sum: total.sum }]));
  }

  /** `USD 1,234.50 (3) · EUR 10.00 (1)` */
  toString(): string {
    return [...this.#byCurrency].map(([currency, total]) => `${currency} ${groupThousands(total.sum)} (${total.count})`).join(' · ') || 'none';
  }
}

export const groupThousands = (value: string | number) => {
  const [whole = '', fraction] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
};
