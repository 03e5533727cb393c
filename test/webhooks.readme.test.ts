// The webhook listener the docs show (examples/webhook-listener.ts), run as written: verifies, answers 2xx, deduplicates, refuses tampering.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { ROOT } from './support/paths.js';

it('the documented listener handles a delivery once, ignores its duplicate and refuses a tampered copy', async () => {
  const listener = await readFile(path.join(ROOT, 'examples/webhook-listener.ts'), 'utf8');
  const dir = await mkdtemp(path.join(tmpdir(), 'readme-webhooks-'));
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  try {
    const file = path.join(dir, 'listener.ts');
    await writeFile(file, listener);
    await import(file);
  } finally {
    log.mockRestore();
    await rm(dir, { recursive: true, force: true });
  }
  expect(printed.filter((line) => line.startsWith('delivery answered'))).toEqual(['delivery answered 200', 'delivery answered 200', 'delivery answered 400']);
  expect(printed).toContain('item 9NKBTQZXDQ4WE is UNCLAIMED: follow up with the recipient');
  expect(printed).toContain('duplicate WH-1AB23456CD789012E-3FG45678HI901234J ignored');
  expect(printed).toContain('refused: signature_mismatch');
});
