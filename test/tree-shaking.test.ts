// The generated schemas are built so bundlers can drop the ones an entry never uses: an edge bundle
// of the client must not carry every response and event schema of the contract.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/paths.js';

/** An ESM bundle of `contents`, resolved from the repository root, not minified (names stay readable). */
async function bundle(contents: string): Promise<string> {
  const result = await build({ stdin: { contents, resolveDir: ROOT, loader: 'ts' }, bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent' });
  return result.outputFiles[0]?.text ?? '';
}

describe('generated/zod.ts in a bundle', () => {
  it('carries only the schemas that are used, and what they reference', async () => {
    const code = await bundle("import { zPayoutsGetPath } from './generated/zod.ts'; export const check = zPayoutsGetPath;");
    expect(code).toContain('zPayoutsGetPath');
    // A response schema (transaction statuses) and an event schema (webhook event types), unused here.
    expect(code).not.toContain('zTransactionEnum');
    expect(code).not.toContain('PAYMENT.PAYOUTS-ITEM.BLOCKED');
  });
});
