// Payout files for the bulk tests, and a seeded RNG so random choices are reproducible.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const tempDir = () => mkdtempSync(join(tmpdir(), 'bulk-'));

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const CURRENCIES = [
  { currency: 'USD', amount: (i: number) => `${(i % 500) + 1}.${String(i % 100).padStart(2, '0')}` },
  { currency: 'EUR', amount: (i: number) => `${(i % 300) + 1}.${String((i * 7) % 100).padStart(2, '0')}` },
  { currency: 'JPY', amount: (i: number) => `${(i % 9000) + 100}` }, // whole yen: PayPal pays JPY without decimals
];

/**
 * A Payouts Web file of `rows` rows over USD, EUR and JPY, every 50th receiver left unclaimed; its
 * sender_item_ids are `idPrefix` and six digits.
 */
export function writeWebFile(dir: string, rows: number, name = 'payouts.csv', idPrefix = 'C'): string {
  const lines: string[] = [];
  for (let i = 1; i <= rows; i++) {
    const { currency, amount } = CURRENCIES[i % CURRENCIES.length]!;
    const receiver = i % 50 === 0 ? `unclaimed-${i}@example.com` : `creator-${i}@example.com`;
    lines.push(`${receiver},${amount(i)},${currency},${idPrefix}${String(i).padStart(6, '0')},Monthly payout,PAYPAL`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
