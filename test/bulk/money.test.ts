// Totals adds most amounts as doubles (exact below 2^53) and the rest as BigInt: the sums must be
// exactly decimal.ts `sum`'s, at the same scale, whatever the amounts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Totals } from '../../src/bulk/money.js';
import { sum } from '../../src/decimal.js';

const amount = fc.oneof(
  fc.tuple(fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.integer({ min: 0, max: 3 })).map(([units, scale]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    return scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  }),
  fc.constantFrom('0.123456', '-2.50', '10', '999999999999.999', '0000012.5', '9007199254740993'),
);

describe('Totals', () => {
  it('sums as decimal.ts sum does, count and scale included', () => {
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 200 }), (values) => {
        const totals = new Totals();
        for (const value of values) totals.add('USD', value);
        expect(totals.toJSON()).toEqual(values.length === 0 ? {} : { USD: { count: values.length, sum: values.reduce((total, value) => sum([total, value]), '0') } });
      }),
    );
  });

  it('folds a sum past 2^53 into BigInt without rounding', () => {
    const totals = new Totals();
    const values = Array.from({ length: 20_000 }, (_, index) => (index % 2 ? '999999999999.999' : '999999999999.9'));
    for (const value of values) totals.add('EUR', value);
    expect(totals.toJSON().EUR).toEqual({ count: values.length, sum: sum(values) });
  });
});
