// The duplicate-identity check keeps 32-bit fingerprints in memory and the identities on disk: two
// identities sharing a fingerprint must still be told apart, and a repeat must name its first line.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FirstLines } from '../../src/bulk/first-lines.js';
import { checkRows } from '../../src/bulk/validate.js';

/** Every identity answers from the exact map; `lines` the same from FirstLines. */
function compare(ids: string[], lines: FirstLines) {
  const exact = new Map<string, number>();
  ids.forEach((id, index) => {
    const line = index + 1;
    expect(lines.firstLine(id, line)).toBe(exact.get(id));
    if (!exact.has(id)) exact.set(id, line);
  });
}

describe('FirstLines', () => {
  it('tells identities that share a fingerprint apart, across the spill buffer and the table growing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'first-lines-'));
    // 16 fingerprints for 4,000 identities (past the 64 KB spill buffer, and 1,024 slots twice):
    // most look-ups meet a collision, read back from the spill's buffer or its file.
    const lines = new FirstLines({ fingerprint: (id) => id.length % 16, dir });
    const ids = Array.from({ length: 4_000 }, (_, index) => `ID-${index % 3_000}-${'é'.repeat(index % 7)}${'x'.repeat(index % 40)}`);
    compare(ids, lines);
    lines.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with its own fingerprint, matches a map on identities long and short', () => {
    const lines = new FirstLines();
    const ids = Array.from({ length: 50_000 }, (_, index) => (index % 4 === 0 ? 'x'.repeat(index % 300) : `C${(index * 7919) % 40_000}`));
    compare(ids, lines);
    lines.close();
  });

  it('names the first line of a repeated sender_item_id, and no false repeat, in a file read with a one-value fingerprint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'first-lines-file-'));
    const file = join(dir, 'rows.csv');
    writeFileSync(file, ['a@example.com,1.00,USD,A', 'b@example.com,2.00,USD,B', 'c@example.com,3.00,USD,C', 'd@example.com,4.00,USD,B', 'e@example.com,5.00,USD'].join('\n'));
    const rows = [];
    for await (const row of checkRows(file, {}, { fingerprint: () => 7, dir })) rows.push(row);
    expect(rows.map((row) => row.issues.map((issue) => issue.message))).toEqual([[], [], [], ["'B' is already used on line 2"], []]);
  });
});
