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
    await store.recordRefused('S1', 'INSUFFICIENT_FUNDS');
    await store.openRun(run('r2', 'b'.repeat(64)));
    expect(await store.reserveBatches('r2', [batch('S9', 'A')])).toMatchObject({ ok: true });
    await store.recordRefused('S9', 'again');
    expect(await store.reserveBatches('r1', [batch('S1', 'A')])).toMatchObject({ ok: true, batches: [{ state: 'reserved', number: 1 }] });
    expect((await store.batches('r1'))[0]).not.toHaveProperty('requestId');
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

const SENDER = join(import.meta.dirname, '../../scripts/bench/fleet-sender.js');
const ROWS = 40_000;

it(`three send processes, SIGKILLed at random, pay each of ${ROWS} rows once`, { timeout: 400_000 }, async () => {
  const paypal = await startLocalPayPal({ seed: 18 });
  closing.push(paypal);
  paypal.faults
    .add({ operation: 'payouts.create', kind: 'reset-after-commit', chance: 0.2 })
    .add({ operation: 'payouts.create', kind: 'error-after-commit', status: 503, chance: 0.2 })
    .add({ operation: 'payouts.create', kind: 'delay', delayMs: 300, chance: 0.3 });
  const dir = mkdtempSync(join(tmpdir(), 'fleet-run-'));
  const file = join(dir, 'payouts.csv');
  const currencies = ['USD', 'EUR', 'JPY'];
  writeFileSync(file, Array.from({ length: ROWS }, (_, n) => `r${n}@example.com,${currencies[n % 3] === 'JPY' ? n % 900 + 100 : `${(n % 900) + 1}.25`},${currencies[n % 3]},ROW${n}`).join('\n') + '\n');
  const schema = freshSchema();
  const children = new Set<ChildProcess>();
  let exits = 0;
  const start = () => {
    // Its own folder and HOME: nothing the processes share but the database.
    const home = mkdtempSync(join(tmpdir(), 'fleet-home-'));
    const child = fork(SENDER, {
      cwd: home,
      stdio: 'ignore',
      env: { ...process.env, HOME: home, DATABASE_URL: url, SCHEMA: schema, PAYOUT_FILE: file, BATCH_SIZE: '500', PAYPAL_CLIENT_ID: paypal.clientId, PAYPAL_CLIENT_SECRET: paypal.clientSecret, PAYPAL_BASE_URL: paypal.url },
    });
    children.add(child);
    child.on('exit', (code) => {
      children.delete(child);
      if (code === 0) exits++;
    });
  };
  for (let i = 0; i < 3; i++) start();
  let kills = 0;
  // Until a process finds every batch sent; kill one at random every 0.3-1 s for the first 15 kills, starting another.
  while (exits === 0) {
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 700));
    if (exits > 0) break;
    const victim = [...children][Math.floor(Math.random() * children.size)];
    if (victim && kills < 15) {
      victim.kill('SIGKILL');
      kills++;
    }
    while (children.size < 3) start();
  }
  for (const child of children) child.kill('SIGKILL');

  expect(kills).toBeGreaterThan(3);
  const items = paypal.ledger.items();
  expect(new Set(items.map((item) => item.senderItemId)).size).toBe(ROWS);
  expect(items).toHaveLength(ROWS);
  for (const item of items) {
    const n = Number(item.senderItemId!.slice(3));
    expect(item.receiver).toBe(`r${n}@example.com`);
    expect(item.amount.currency).toBe(currencies[n % 3]);
  }
  expect(paypal.ledger.batches()).toHaveLength(ROWS / 500);
});
