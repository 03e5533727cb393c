// Exact sums of decimal amounts, per currency: floating point would drift over 40,000 items.
import { sum } from '../decimal.js';

/** Count and sum of amounts in one currency. */
class CurrencyTotal {
  count = 0;
  sum = '0';

  add(value: string) {
    this.sum = sum([this.sum, value]);
    this.count++;
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
