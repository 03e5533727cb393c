// The file store: durable before the run acts (a short write on a full disk stops it before the
// request), a torn last line dropped, a damaged one refused, the ledger refusing an item twice,
// leases, and where the store lives.
import { appendFileSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileRunStore, planFile, sendPayoutFile, storeDir, StoreWriteError, type BatchItem } from '../../src/bulk/index.js';
import { PayoutsClient } from '../../src/index.js';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { tempDir, writeWebFile } from './support.js';

let paypal: LocalPayPal;
let dir: string;
beforeEach(async () => {
  paypal = await startLocalPayPal({ clock: 'instant' });
  dir = tempDir();
});
afterEach(() => paypal.close());

const item = (id: string, value = '1.00'): BatchItem => ({ line: 1, item: { receiver: `${id}@example.com`, amount: { value, currency: 'USD' }, sender_item_id: id, recipient_type: 'EMAIL' } });
const run = (runId: string) => ({ runId, file: '/f.csv', sha256: runId, rows: 1, createdAt: new Date().toISOString() });

describe('the file store', () => {
  it('stops the run without sending when the disk takes only part of the "sending" record', async () => {
    const file = writeWebFile(dir, 10);
    let writes = 0;
    // A disk that fills up on the run's fourth write (run, reserve, claim, then "sending"): it
    // takes half the bytes, as write(2) does on a full disk.
    const io = {
      write: (fd: number, data: Uint8Array) => (++writes === 4 ? writeSync(fd, data, 0, Math.floor(data.length / 2)) : writeSync(fd, data)),
      fsync: () => {},
    };
    const store = await FileRunStore.open(dir, { io });
    const client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url });
    await expect(sendPayoutFile(file, { client, store, wait: { intervalMs: 1 } })).rejects.toThrow(StoreWriteError);
    expect(paypal.requests.filter((request) => request.operation === 'payouts.create')).toHaveLength(0);
    expect(paypal.ledger.batches()).toHaveLength(0);
    // The half-written line is gone (the claim is given back): the store reads cleanly, and the batch is still to send.
    const lines = readFileSync(join(dir, 'ledger.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line).t)).toEqual(['run', 'reserve', 'claim', 'release']);
    await store.close();

    const resumed = await sendPayoutFile(file, { client, storeDir: dir, wait: { intervalMs: 1 } });
    expect(resumed.outcome === 'done' && resumed.summary.allPaid).toBe(true);
    expect(paypal.ledger.items()).toHaveLength(10);
  });

  it('stops on ENOSPC from the disk, before the request leaves', async () => {
    const file = writeWebFile(dir, 3);
    let writes = 0;
    const io = {
      write: (fd: number, data: Uint8Array) => {
        if (++writes === 4) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return writeSync(fd, data);
      },
      fsync: () => {},
    };
    const store = await FileRunStore.open(dir, { io });
    const client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url });
    await expect(sendPayoutFile(file, { client, store })).rejects.toThrow(/no space left on device.*Free disk space, then run the same command again/);
    expect(paypal.requests.filter((request) => request.operation === 'payouts.create')).toHaveLength(0);
    await store.close();
  });

  it('drops a torn last line (a crash mid-write) and refuses a damaged line in the middle', async () => {
    const store = await FileRunStore.open(dir);
    await store.openRun(run('r1'));
    await store.close();
    appendFileSync(join(dir, 'ledger.jsonl'), '{"t":"run","run":{"runId":"r2"');
    const reopened = await FileRunStore.open(dir);
    expect((await reopened.listRuns()).map((record) => record.runId)).toEqual(['r1']);
    await reopened.openRun(run('r3'));
    await reopened.close();
    expect(readFileSync(join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line).run.runId)).toEqual(['r1', 'r3']);

    appendFileSync(join(dir, 'ledger.jsonl'), 'garbage\n{"t":"run","run":{"runId":"r4"}}\n');
    await expect(FileRunStore.open(dir)).rejects.toThrow(/damaged/);
  });

  it('reserves an item for one batch only, across runs and processes sharing the folder, unless repaying is allowed', async () => {
    const first = await FileRunStore.open(dir);
    const second = await FileRunStore.open(dir); // another process's view of the same folder
    expect((await first.reserveBatches('r1', [{ senderBatchId: 'pb-a', items: [item('X1'), item('X2')] }])).ok).toBe(true);
    const refused = await second.reserveBatches('r2', [{ senderBatchId: 'pb-b', items: [item('X3'), item('X2', '5.00')] }]);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.conflicts.map((entry) => [entry.senderItemId, entry.runId, entry.senderBatchId, entry.state])).toEqual([['X2', 'r1', 'pb-a', 'reserved']]);
    expect(await second.batches('r2')).toEqual([]); // nothing reserved
    expect((await second.reserveBatches('r2', [{ senderBatchId: 'pb-b', items: [item('X3'), item('X2')] }], { ids: new Set(['X2']) })).ok).toBe(true);
    // A refused batch releases its items.
    await first.recordRefused('pb-a', 'INSUFFICIENT_FUNDS');
    expect((await second.reserveBatches('r3', [{ senderBatchId: 'pb-c', items: [item('X1')] }])).ok).toBe(true);
    await first.close();
    await second.close();
  });

  it('leases a batch to one process at a time, and lets another take over when the lease ends', async () => {
    const store = await FileRunStore.open(dir);
    await store.reserveBatches('r1', [{ senderBatchId: 'pb-a', items: [item('L1')] }]);
    expect((await store.claimBatch('r1', 'here:1:a', 60_000))?.senderBatchId).toBe('pb-a');
    expect(await store.claimBatch('r1', 'here:2:b', 60_000)).toBeUndefined();
    await store.releaseBatch('pb-a', 'here:1:a');
    expect((await store.claimBatch('r1', 'here:2:b', 0))?.senderBatchId).toBe('pb-a');
    expect((await store.claimBatch('r1', 'here:3:c', 60_000))?.senderBatchId).toBe('pb-a'); // the 0 ms lease ended
    await store.recordSent('pb-a', 'B1');
    expect(await store.claimBatch('r1', 'here:4:d', 60_000)).toBeUndefined();
    await store.close();
  });

  it('plans the same sender_batch_ids for the same items whatever the file name, and others for another batch size', async () => {
    const a = await planFile(writeWebFile(dir, 20, 'a.csv'), { batchSize: 10 });
    const b = await planFile(writeWebFile(tempDir(), 20, 'b.csv'), { batchSize: 10, runId: 'other' });
    const c = await planFile(writeWebFile(dir, 20, 'c.csv'), { batchSize: 7 });
    expect(b.batches.map((batch) => batch.senderBatchId)).toEqual(a.batches.map((batch) => batch.senderBatchId));
    expect(c.batches.some((batch) => a.batches.some((other) => other.senderBatchId === batch.senderBatchId))).toBe(false);
  });
});

describe('where the store lives', () => {
  it('is --store, else $PAYPAL_PAYOUTS_STORE, else the platform\'s per-user state folder', () => {
    const env = { PAYPAL_PAYOUTS_STORE: '/from/env', XDG_STATE_HOME: '/xdg', LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' };
    expect(storeDir({ flag: '/flag', env, platform: 'linux', home: '/home/ana' })).toBe('/flag');
    expect(storeDir({ env, platform: 'linux', home: '/home/ana' })).toBe('/from/env');
    expect(storeDir({ env: { XDG_STATE_HOME: '/xdg' }, platform: 'linux', home: '/home/ana' })).toBe(join('/xdg', 'paypal-payouts'));
    expect(storeDir({ env: {}, platform: 'linux', home: '/home/ana' })).toBe(join('/home/ana', '.local', 'state', 'paypal-payouts'));
    expect(storeDir({ env: {}, platform: 'darwin', home: '/Users/ana' })).toBe(join('/Users/ana', 'Library', 'Application Support', 'paypal-payouts'));
    expect(storeDir({ env: { LOCALAPPDATA: env.LOCALAPPDATA }, platform: 'win32', home: 'C:\\Users\\ana' })).toBe(join(env.LOCALAPPDATA, 'paypal-payouts'));
  });
});
