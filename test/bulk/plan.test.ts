// The plan is made in one validating pass, and the rows are read again (not validated again) to be
// checked against the ledger: the plan must be what the rows say, and the second pass must refuse a
// file whose bytes changed in between.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchId, planFile, sendPayoutFile } from '../../src/bulk/index.js';
import type { CheckedRow } from '../../src/bulk/validate.js';
import { checkRows } from '../../src/bulk/validate.js';
import { sum } from '../../src/decimal.js';
import { tempDir } from './support.js';

/** Rows of every kind: with and without IDs, decimal commas, invalid amounts, repeated IDs and payments. */
function writeMixedFile(dir: string): string {
  const lines: string[] = [];
  for (let index = 1; index <= 400; index++) {
    const currency = ['USD', 'EUR', 'JPY', 'GBP'][index % 4]!;
    const amount = index % 13 === 0 ? '0.00' : currency === 'JPY' ? String(100 + (index % 37)) : index % 9 === 0 ? `"${index % 50},5"` : `${index % 300}.${String(index % 100).padStart(2, '0')}`;
    const id = index % 5 === 0 ? '' : `P${index % 390}`; // P1..P10 come again at the end
    const receiver = index % 11 === 0 ? `+1 555 010 ${String(index).padStart(4, '0')}` : `payee-${index % 150}@example.com`;
    lines.push(`${receiver},${amount},${currency},${id},${index % 3 ? 'Thanks' : ''},PAYPAL`);
  }
  const file = join(dir, 'mixed.csv');
  writeFileSync(file, `${lines.join('\r\n')}\n`);
  return file;
}

describe('the plan', () => {
  it('holds exactly the valid rows, batched in order, with their sums, batch IDs and the SHA-256 of the bytes', async () => {
    const dir = tempDir();
    const file = writeMixedFile(dir);
    const plan = await planFile(file, { batchSize: 7 });

    const rows: CheckedRow[] = [];
    for await (const row of checkRows(file)) rows.push(row);
    const valid = rows.filter((row) => row.issues.length === 0);
    expect(valid.length).toBeGreaterThan(300);
    expect(rows.length - valid.length).toBeGreaterThan(20);
    const totals = (items: CheckedRow[]) => {
      const sums = new Map<string, { count: number; sum: string }>();
      for (const { item } of items) {
        const total = sums.get(item.amount.currency) ?? { count: 0, sum: '0' };
        sums.set(item.amount.currency, { count: total.count + 1, sum: sum([total.sum, item.amount.value]) });
      }
      return Object.fromEntries(sums);
    };
    const batches = Array.from({ length: Math.ceil(valid.length / 7) }, (_, index) => valid.slice(index * 7, index * 7 + 7));
    expect(plan).toEqual({
      runId: plan.runId,
      file,
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      batchSize: 7,
      rows: rows.length,
      invalid: rows.length - valid.length,
      batches: batches.map((batch, index) => ({ index, senderBatchId: batchId(batch.map((row) => row.item)), items: batch.length, totals: totals(batch) })),
      totals: totals(valid),
    });

    const dry = await sendPayoutFile(file, { dryRun: true, skipInvalid: true, batchSize: 7, storeDir: join(dir, 'store'), rejectsFile: join(dir, 'rejects.csv') });
    expect(dry).toMatchObject({ outcome: 'planned', plan });
  });

  it('is refused, nothing sent, when the file changes between the plan and the ledger check', async () => {
    const dir = tempDir();
    const file = writeMixedFile(dir);
    const bytes = readFileSync(file, 'utf8');
    // An invalid row made valid once the plan has seen it: the second pass must not take it on trust.
    const edited = bytes.replace(/^(payee-\d+@example\.com),0\.00,/m, '$1,1.00,');
    expect(edited).not.toBe(bytes);
    let last = 0;
    const send = sendPayoutFile(file, {
      dryRun: true,
      skipInvalid: true,
      storeDir: join(dir, 'store'),
      onRow: (row) => {
        if (row.line === 400 && last++ === 0) writeFileSync(file, edited);
      },
    });
    await expect(send).rejects.toThrow(/changed while it was being planned; nothing was sent/);
  });
});
