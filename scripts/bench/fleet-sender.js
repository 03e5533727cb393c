// One `send` process on the PostgreSQL run store, for the fleet test (test/fleet/run-store.test.ts) and
// the bench (fleet.js): plans the file into batches named by their content, reserves them (the same
// for every process), then claims, sends and records batches until every batch of the run is sent.
// Sends as the bulk runner does: the PayPal-Request-Id is recorded before the create leaves, and a
// batch taken over in `sending` is sent again with the same one. It stands in for `send --store
// postgres://…` until the bulk runner takes a RunStore (issue 15).
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { PayoutsClient } from '../../dist/index.js';
import { PostgresRunStore } from '../../dist/postgres/index.js';

const { DATABASE_URL, SCHEMA, PAYOUT_FILE, BATCH_SIZE } = process.env;
const bytes = readFileSync(String(PAYOUT_FILE));
const sha256 = createHash('sha256').update(bytes).digest('hex');
const rows = bytes.toString('utf8').trim().split('\n');
/** @type {import('../../src/bulk/store/store.js').NewBatch[]} */
const batches = [];
for (let start = 0; start < rows.length; start += Number(BATCH_SIZE)) {
  const items = rows.slice(start, start + Number(BATCH_SIZE)).map((row, index) => {
    const [receiver = '', value = '', currency = '', id = ''] = row.split(',');
    return { line: start + index + 1, item: { recipient_type: /** @type {const} */ ('EMAIL'), receiver, amount: { value, currency }, sender_item_id: id } };
  });
  const senderBatchId = `B-${createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 24)}`;
  batches.push({ senderBatchId, items });
}

const store = new PostgresRunStore({ connectionString: String(DATABASE_URL), schema: SCHEMA });
const client = new PayoutsClient({ maxRetries: 6 });
const runId = `run-${sha256.slice(0, 12)}`;
await store.openRun({ runId, file: String(PAYOUT_FILE), sha256, rows: rows.length, createdAt: new Date().toISOString() });
const reserved = await store.reserveBatches(runId, batches);
if (!reserved.ok) throw new Error(`conflicts: ${reserved.conflicts.length}`);
const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

for (;;) {
  const batch = await store.claimBatch(runId, holder, 60_000);
  if (!batch) {
    const left = (await store.batches(runId)).filter((each) => each.state === 'reserved' || each.state === 'sending');
    if (left.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50)); // held by a live process: wait for it
    continue;
  }
  let requestId = batch.requestId;
  if (!requestId) {
    requestId = randomUUID();
    await store.recordSending(batch.senderBatchId, requestId);
  }
  const sent = await client.payouts.create(
    { sender_batch_header: { sender_batch_id: batch.senderBatchId }, items: batch.items.map(({ item }) => item) },
    { requestId },
  );
  await store.recordSent(batch.senderBatchId, String(sent.batch_header?.payout_batch_id));
}
await store.close();
