// Payout files for the bulk tests, the built CLI run as users run it, and a seeded RNG so random
// choices are reproducible.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const tempDir = () => mkdtempSync(join(tmpdir(), 'bulk-'));

/** The built CLI (npm test builds before it runs the tests). */
export const CLI = join(import.meta.dirname, '../../dist/cli/index.js');

/** How a run of the CLI ended, and what it printed. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with `args`; `onStdout` sees each chunk (and all of stdout so far) with the process, to signal it. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onStdout?: (chunk: string, stdout: string, child: ChildProcess) => void } = {},
): Promise<Exit> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: options.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    options.onStdout?.(chunk.toString(), stdout, child);
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

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
