// The bulk runs' store on PostgreSQL: the ledger refuses an item held by another run, a run ID names
// one file, leases keep a batch to one process, and three processes on different folders and HOMEs,
// SIGKILLed at random, send a 40,000-row file with every row paid once (the local PayPal's ledger).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { NewBatch } from '../../src/bulk/store/store.js';
import { PostgresRunStore } from '../../src/postgres/index.js';
import { startLocalPayPal } from '../../src/testing/index.js';
import { freshSchema } from '../support/postgres.js';

const url = inject('databaseUrl');
const closing: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const resource of closing.splice(0)) await resource.close();
});

function openStore(schema: string) {
  const store = new PostgresRunStore({ connectionString: url, schema });
  closing.push(store);
  return store;
}

const run = (runId: string, sha256 = 'a'.repeat(64)) => ({ runId, file: '/tmp/x.csv', sha256, rows: 2, createdAt: '2026-12-03T00:00:00.000Z' });
const batch = (senderBatchId: string, ...ids: string[]): NewBatch => ({
  senderBatchId,
  items: ids.map((id, index) => ({ line: index + 1, item: { receiver: `${id}@example.com`, amount: { value: '1.00', currency: 'USD' }, sender_item_id: id } })),
});

describe('PostgresRunStore', () => {
  it('refuses a run ID that names another file, and an item another run holds unless repay allows it', async () => {
    const schema = freshSchema();
    const store = openStore(schema);
    await store.openRun(run('r1'));
    await expect(store.openRun(run('r1', 'b'.repeat(64)))).rejects.toThrow('run ID r1 already names a run of another file');
    expect(await store.reserveBatches('r1', [batch('S1', 'A', 'B')])).toMatchObject({ ok: true, batches: [{ senderBatchId: 'S1', number: 1, state: 'reserved' }] });
    // The same reservation again (another process of the run): kept as it is.
    expect(await store.reserveBatches('r1', [batch('S1', 'A', 'B')])).toMatchObject({ ok: true, batches: [{ senderBatchId: 'S1', number: 1 }] });

    // Another machine, another run, another batching of item B.
    const other = openStore(schema);
    await other.openRun(run('r2', 'c'.repeat(64)));
    const refused = await other.reserveBatches('r2', [batch('S2', 'B', 'C')]);
    expect(refused).toMatchObject({ ok: false, conflicts: [{ senderItemId: 'B', runId: 'r1', senderBatchId: 'S1', state: 'reserved' }] });
    expect(await other.findItems(['C'])).toEqual([]);
    expect(await other.reserveBatches('r2', [batch('S2', 'B', 'C')], { ids: new Set(['B']) })).toMatchObject({ ok: true });
    expect((await other.findItems(['B'])).map((entry) => entry.runId)).toEqual(['r1', 'r2']);
  });

  it('releases the items of a refused batch, and reserves the batch again with no request ID', async () => {
    const store = openStore(freshSchema());
    await store.openRun(run('r1'));
    await store.reserveBatches('r1', [batch('S1', 'A')]);
    await store.recordSending('S1', 'REQ-1');
    // When the request ID was recorded: PayPal remembers it 30 days, so an older lost answer is never resent blind.
    expect(Date.parse((await store.getBatch('S1'))!.sendingAt!)).toBeGreaterThan(Date.now() - 60_000);
    await store.recordRefused('S1', 'INSUFFICIENT_FUNDS');
    await store.openRun(run('r2', 'b'.repeat(64)));
    expect(await store.reserveBatches('r2', [batch('S9', 'A')])).toMatchObject({ ok: true });
    await store.recordRefused('S9', 'again');
    expect(await store.reserveBatches('r1', [batch('S1', 'A')])).toMatchObject({ ok: true, batches: [{ state: 'reserved', number: 1 }] });
    expect((await store.batches('r1'))[0]).not.toHaveProperty('requestId');
  });

  it('keeps a mismatched batch\'s items held, never hands a batch to another run, and finds items by what they pay', async () => {
    const store = openStore(freshSchema());
    await store.openRun(run('r1'));
    await store.reserveBatches('r1', [batch('S1', 'A')]);
    await store.recordSending('S1', 'REQ-1');
    // PayPal holds something else under S1: it may have paid A, so A stays held until the operator says so.
    await store.recordMismatch('S1', 'PayPal holds batch X under S1');
    await store.openRun(run('r2', 'b'.repeat(64)));
    expect(await store.reserveBatches('r2', [batch('S2', 'A')])).toMatchObject({ ok: false, conflicts: [{ senderItemId: 'A', state: 'mismatch' }] });
    expect(await store.reserveBatches('r1', [batch('S3', 'A')])).toMatchObject({ ok: false });
    expect(await store.reserveBatches('r2', [batch('S2', 'A')], { ids: new Set(['A']) })).toMatchObject({ ok: true });
    // S1 names r1's batch: r2 never takes it over, and nothing is reserved.
    await expect(store.reserveBatches('r2', [batch('S1', 'Z')])).rejects.toThrow('already names batch 1 of run r1');
    expect(await store.findItems(['Z'])).toEqual([]);
    expect(await store.getBatch('S1')).toMatchObject({ runId: 'r1', state: 'mismatch' });

    // Another identity, the same payment (receiver, amount, currency) within the window: a conflict.
    const since = '2000-01-01T00:00:00.000Z';
    const [key] = (await store.findItems(['A'])).map((entry) => entry.paymentKey!);
    expect((await store.findPayments([key!], since)).map((entry) => entry.senderItemId)).toEqual(['A', 'A']);
    const sameAsA = { senderBatchId: 'S4', items: [{ line: 1, item: { receiver: 'A@example.com', amount: { value: '1', currency: 'USD' }, sender_item_id: 'other-id' } }] };
    await store.openRun(run('r3', 'c'.repeat(64)));
    const third = await store.reserveBatches('r3', [sameAsA], { windowStart: since });
    expect(third.ok).toBe(false);
    expect(!third.ok && third.conflicts.map((entry) => [entry.runId, entry.senderItemId, entry.rowItemId])).toEqual([
      ['r1', 'A', 'other-id'],
      ['r2', 'A', 'other-id'],
    ]);
  });

  it("leases a batch to one holder at a time, and hands a closed process's batch over at once", async () => {
    const schema = freshSchema();
    const first = new PostgresRunStore({ connectionString: url, schema });
    await first.openRun(run('r1'));
    await first.reserveBatches('r1', [batch('S1', 'A')]);
    expect(await first.claimBatch('r1', 'host:1:a', 600_000)).toMatchObject({ senderBatchId: 'S1', lease: { holder: 'host:1:a' } });
    const second = openStore(schema);
    expect(await second.claimBatch('r1', 'host:2:b', 600_000)).toBeUndefined();
    await first.close(); // as a killed process: its connection, and so its presence, is gone
    expect(await second.claimBatch('r1', 'host:2:b', 600_000)).toMatchObject({ senderBatchId: 'S1', lease: { holder: 'host:2:b' } });
  });
});

const CLI = join(import.meta.dirname, '../../dist/cli/index.js');
const ROWS = 40_000;

it(`three \`send --store postgres://…\` processes in different folders and HOMEs, SIGKILLed at random, pay each of ${ROWS} rows once`, { timeout: 500_000 }, async () => {
  const paypal = await startLocalPayPal({ seed: 18 });
  closing.push(paypal);
  paypal.faults
    .add({ operation: 'payouts.create', kind: 'reset-after-commit', chance: 0.2 })
    .add({ operation: 'payouts.create', kind: 'error-after-commit', status: 503, chance: 0.2 })
    .add({ operation: 'payouts.create', kind: 'delay', delayMs: 300, chance: 0.3 })
    .add({ operation: 'payouts.get', kind: 'rate-limit', retryAfterSeconds: 0, chance: 0.1 });
  const dir = mkdtempSync(join(tmpdir(), 'fleet-run-'));
  const file = join(dir, 'payouts.csv');
  const currencies = ['USD', 'EUR', 'JPY'];
  const amount = (n: number) => (currencies[n % 3] === 'JPY' ? String((n % 900) + 100) : `${(n % 900) + 1}.25`);
  writeFileSync(file, Array.from({ length: ROWS }, (_, n) => `r${n}@example.com,${amount(n)},${currencies[n % 3]},ROW${n}`).join('\n') + '\n');
  // The schema in the URL: a store of its own on the shared server.
  const store = `${url}${url.includes('?') ? '&' : '?'}schema=${freshSchema()}`;
  const children = new Set<ChildProcess>();
  const finished: (number | null)[] = [];
  const outputs: string[] = [];
  const start = () => {
    // Its own working directory and HOME: the processes share nothing but the database (and the file).
    const home = mkdtempSync(join(tmpdir(), 'fleet-home-'));
    const child = fork(CLI, ['send', file, '--store', store, '--batch-size', '500', '--poll-interval', '0.02', '--json', '--base-url', paypal.url], {
      cwd: home,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, HOME: home, XDG_STATE_HOME: undefined, PAYPAL_PAYOUTS_STORE: undefined, PAYPAL_CLIENT_ID: paypal.clientId, PAYPAL_CLIENT_SECRET: paypal.clientSecret },
    });
    children.add(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
    child.on('close', (code, signal) => {
      children.delete(child);
      if (signal === 'SIGKILL') return;
      finished.push(code);
      outputs.push(output);
      // A run that stopped on an error PayPal's faults caused (retries spent) is run again, as its message says.
      if (code !== 0 && code !== 1 && finished.length < 20) start();
    });
  };
  for (let i = 0; i < 3; i++) start();
  let kills = 0;
  // Kill one at random every 0.5-1.5 s for the first 10 kills, starting another each time, until one finishes.
  const done = () => finished.some((code) => code === 0 || code === 1) || finished.length >= 20;
  while (!done()) {
    await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1_000));
    if (done()) break;
    const victim = [...children][Math.floor(Math.random() * children.size)];
    if (victim && kills < 10) {
      victim.kill('SIGKILL');
      kills++;
      start();
    }
  }
  for (const child of children) child.kill('SIGKILL');

  expect(kills).toBeGreaterThan(3);
  const last = finished.at(-1);
  expect(last === 0 || last === 1, `exit codes ${finished.join(', ')}: ${outputs.at(-1)}`).toBe(true);
  // Any other exit was an error that says to run again, never a batch PayPal holds with other items.
  for (const output of outputs) expect(output).not.toMatch(/mismatch/i);
  const items = paypal.ledger.items();
  expect(new Set(items.map((item) => item.senderItemId)).size).toBe(ROWS);
  expect(items).toHaveLength(ROWS);
  for (const item of items) {
    const n = Number(item.senderItemId!.slice(3));
    expect([item.receiver, item.amount.value, item.amount.currency]).toEqual([`r${n}@example.com`, amount(n), currencies[n % 3]]);
  }
  expect(paypal.ledger.batches()).toHaveLength(ROWS / 500);
});
