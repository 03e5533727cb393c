// A worker process of the inbox fleet test: handles events until it is killed. Each handling inserts
// a row in the event's transaction (so a completed handling is exactly a committed row), notes whether
// another handler held the same item at that moment, and fails its first attempt now and then.
// The built package, as users run it (npm run test:fleet builds first); typed from its source, which
// type-checks without a build (scripts/generate type-checks a copy of the project that has no dist/).
/** @type {typeof import('../../src/postgres/index.js')} */
const { createWebhookInbox } = await import(new URL('../../dist/postgres/index.js', import.meta.url).href);

const { DATABASE_URL, SCHEMA } = process.env;
const inbox = createWebhookInbox({
  connectionString: String(DATABASE_URL),
  schema: SCHEMA,
  webhookId: 'unused-by-workers',
  pollIntervalMs: 20,
  retryDelayMs: 5,
  maxAttempts: 50,
  handle: async (event, { query, attempt }) => {
    const item = /** @type {{ resource: { payout_item_id: string } }} */ (event).resource.payout_item_id;
    // Held until this transaction ends, whatever ends it: taken already means two handlers of one item at once.
    const [row] = (await query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS alone', [item])).rows;
    const alone = row?.alone;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
    if (attempt === 1 && Math.random() < 0.1) throw new Error('flaky handler');
    await query(`INSERT INTO ${SCHEMA}.handled (event_id, item, create_time, alone) VALUES ($1, $2, $3, $4)`, [event.id, item, event.create_time, alone]);
  },
});
await inbox.work({ concurrency: 3 });
process.send?.('working');
