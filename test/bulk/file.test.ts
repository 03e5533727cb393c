// Reading, validating and planning a payout file: both formats, line numbers, every bad row.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PayoutFileError, planFile, readRows } from '../../src/bulk/index.js';
import { checkRows } from '../../src/bulk/validate.js';
import { tempDir } from './support.js';

const file = (text: string) => {
  const path = join(tempDir(), 'in.csv');
  writeFileSync(path, text);
  return path;
};
const collect = async <T>(rows: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
};

describe('reading a payout file', () => {
  it("reads PayPal's Payouts Web upload format: decimal commas, lower-case currencies, Venmo privacy, implied recipient types", async () => {
    const rows = await collect(
      readRows(
        file(
          [
            'mbrown@example.com,100.5,USD,ID001,Here is your payment,PAYPAL',
            '+1 415 555 0123,"100,50",eur,,Hi,VENMO,FRIENDS_ONLY',
            'jdoe,20,USD,ID003,,venmo',
            'ABCDEFGHIJ123,20,USD',
          ].join('\r\n'),
        ),
      ),
    );
    expect(rows.map((row) => row.item)).toEqual([
      { receiver: 'mbrown@example.com', amount: { value: '100.5', currency: 'USD' }, recipient_type: 'EMAIL', recipient_wallet: 'PAYPAL', sender_item_id: 'ID001', note: 'Here is your payment' },
      { receiver: '+1 415 555 0123', amount: { value: '100.50', currency: 'EUR' }, recipient_type: 'PHONE', recipient_wallet: 'VENMO', note: 'Hi', application_context: { social_feed_privacy: 'FRIENDS_ONLY' } },
      { receiver: 'jdoe', amount: { value: '20', currency: 'USD' }, recipient_type: 'USER_HANDLE', recipient_wallet: 'VENMO', sender_item_id: 'ID003' },
      { receiver: 'ABCDEFGHIJ123', amount: { value: '20', currency: 'USD' }, recipient_type: 'PAYPAL_ID', recipient_wallet: 'PAYPAL' },
    ]);
    expect(rows.map((row) => row.line)).toEqual([1, 2, 3, 4]);
  });

  it('reads a CSV whose header names the request fields, counting lines across quoted line breaks', async () => {
    const rows = await collect(
      checkRows(file('Receiver,amount,currency,sender_item_id,recipient_type,note\n\na@example.com,1.00,USD,A,EMAIL,"two\nlines"\nb@example.com,2.00,USD,B,EMAIL,\n')),
    );
    // PayPal's contract allows no line break in a note (pattern ^.*$): the row is reported at the line it starts on.
    expect(rows.map((row) => [row.line, row.item.sender_item_id, row.item.note, row.issues.map((issue) => issue.path)])).toEqual([
      [3, 'A', 'two\nlines', ['note']],
      [5, 'B', undefined, []],
    ]);
  });

  it('refuses a header with an unknown column, naming it', async () => {
    await expect(collect(readRows(file('receiver,amount,currency,amout\n')))).rejects.toThrow(PayoutFileError);
    await expect(collect(readRows(file('receiver,amount,currency,amout\n')))).rejects.toThrow(/unknown column 'amout'/);
  });

  it('stops at an unclosed quote instead of reading the rest of the file into one field', async () => {
    const rows = [`a@example.com,1.00,USD,A1,"unclosed`, ...Array.from({ length: 5_000 }, (_, i) => `p${i}@example.com,1.00,USD,P${i},a note`)];
    await expect(collect(readRows(file(rows.join('\n'))))).rejects.toThrow(/Max Record Size/i);
  });

  it('reports every bad row with its line and field, with the rules of payouts.create and across rows', async () => {
    const rows = await collect(
      checkRows(
        file(
          [
            'a@example.com,10.00,USD,A1',
            'b@example.com,10.001,USD,B1', // too many decimals
            'c@example.com,5,JPY,A1', // sender_item_id used on line 1
            ',5,USD,D1', // no receiver
            'e@example.com,1.5,JPY,E1', // JPY is paid in whole yen
            'f@example.com,1,USD,F1,note,PAYPAL,PRIVATE,extra', // eight columns
          ].join('\n'),
        ),
      ),
    );
    const issues = rows.flatMap((row) => row.issues.map((issue) => `${row.line} ${issue.path}`));
    expect(issues).toEqual(['2 amount.value', '3 sender_item_id', '4 receiver', '5 amount.value', '6 (row)']);
    expect(rows[2]!.issues[0]!.message).toBe("'A1' is already used on line 1");
  });
});

describe('a file means one thing', () => {
  it('ends a row at every line ending, CRLF, LF or CR mixed, and ignores trailing commas', async () => {
    const rows = await collect(readRows(file('receiver,amount,currency,sender_item_id,\r\na@example.com,1.00,USD,A,\nb@example.com,2.00,USD,B\rc@example.com,3.00,USD,C,\r\n')));
    expect(rows.map((row) => [row.line, row.item.sender_item_id, row.item.receiver, row.issues])).toEqual([
      [2, 'A', 'a@example.com', []],
      [3, 'B', 'b@example.com', []],
      [4, 'C', 'c@example.com', []],
    ]);
  });

  it('refuses a header naming a field twice', async () => {
    await expect(collect(readRows(file('receiver,amount,currency,amount\na@example.com,1.00,USD,2.00\n')))).rejects.toThrow(/names 'amount' twice/);
  });

  it('refuses bytes that are not UTF-8, naming their line, and reads the encoding it is told', async () => {
    const path = join(tempDir(), 'latin1.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('a@example.com,1.00,USD,A1,ok\nb@example.com,1.00,USD,B1,'), Buffer.from([0x4a, 0xf6, 0x72, 0x67]), Buffer.from('\n')]));
    await expect(collect(readRows(path))).rejects.toThrow(/line 2 is not valid utf-8.*--encoding windows-1252/);
    const rows = await collect(readRows(path, { encoding: 'windows-1252' }));
    expect(rows[1]!.item.note).toBe('Jörg');
  });

  it('defaults recipient_type in a header CSV to EMAIL, or to what it is told', async () => {
    const path = file('receiver,amount,currency\na@example.com,1.00,USD\n');
    expect((await collect(checkRows(path)))[0]).toMatchObject({ item: { recipient_type: 'EMAIL' }, issues: [] });
    expect((await collect(checkRows(path, { recipientType: 'PAYPAL_ID' })))[0]!.item.recipient_type).toBe('PAYPAL_ID');
  });

  it('gives a semicolon-separated or thousands-separated export one message naming what to change', async () => {
    await expect(collect(readRows(file('a@example.com;1.00;USD;A1\nb@example.com;2.00;USD;B1\n')))).rejects.toThrow(/line 1 is separated by semicolons/);
    await expect(collect(readRows(file('a@example.com,"1,000.50",USD,A1\n')))).rejects.toThrow(/line 1: amount '1,000.50' has a thousands separator/);
    await expect(collect(readRows(file('a@example.com,1,000.50,USD,A1\n')))).rejects.toThrow(/amount '1,000.50' has a thousands separator/);
    await expect(collect(readRows(file('receiver,amount,currency\na@example.com,"1.000,50",EUR\n')))).rejects.toThrow(PayoutFileError);
  });

  it('identifies a row without a sender_item_id by what it pays, and refuses the same payment twice in a file', async () => {
    const rows = await collect(checkRows(file('a@example.com,1.00,USD\nb@example.com,1.00,USD\na@example.com,1.0,USD\n')));
    expect(rows[0]!.item.sender_item_id).toMatch(/^auto-[0-9a-f]{40}$/);
    expect(rows[1]!.item.sender_item_id).not.toBe(rows[0]!.item.sender_item_id);
    expect(rows[2]!.issues.map((issue) => issue.message)).toEqual(['is empty, and line 1 pays the same receiver, amount and note: give each row its own sender_item_id']);
  });
});

describe('planning', () => {
  it('splits valid rows into batches named by their items, and sums each currency exactly', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `p${i}@example.com,0.10,${i % 2 ? 'USD' : 'EUR'},ID${i}`);
    const path = file(`${lines.join('\n')}\n`);
    const plan = await planFile(path, { batchSize: 10 });
    expect(plan.batches.map((batch) => batch.items)).toEqual([10, 10, 5]);
    expect(new Set(plan.batches.map((batch) => batch.senderBatchId)).size).toBe(3);
    for (const batch of plan.batches) expect(batch.senderBatchId).toMatch(/^pb-[0-9a-f]{40}$/);
    expect(plan.totals).toEqual({ EUR: { count: 13, sum: '1.30' }, USD: { count: 12, sum: '1.20' } });
    // The run ID comes from the content: the same file plans the same run, another file another.
    expect((await planFile(path, { batchSize: 10 })).runId).toBe(plan.runId);
    expect((await planFile(file(`${lines.slice(1).join('\n')}\n`))).runId).not.toBe(plan.runId);
    expect((await planFile(path, { batchSize: 10, runId: 'march-2026' })).batches[0]!.senderBatchId).toBe(plan.batches[0]!.senderBatchId);
  });

  it('refuses a batch size above PayPal\'s 15,000 and a run ID that cannot name a file', async () => {
    const path = file('a@example.com,1.00,USD\n');
    await expect(planFile(path, { batchSize: 15_001 })).rejects.toThrow(RangeError);
    await expect(planFile(path, { runId: '../x' })).rejects.toThrow(/run ID/);
  });
});
