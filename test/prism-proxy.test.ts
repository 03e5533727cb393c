// Prism as a proxy in front of the local PayPal: a whole lifecycle, its idempotent replays and its
// errors all conform to the contract; and a server that answers outside the contract gets caught.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DuplicateBatchError, PayoutsClient } from '../src/index.js';
import { startLocalPayPal, type LocalPayPal } from '../src/testing/index.js';
import { createBody, json, startServer, withTokens, type LocalServer } from './support/local-server.js';
import { exchanges, throughPrism, violations } from './support/through-prism.js';

let paypal: LocalPayPal;
let wrong: LocalServer | undefined;
afterEach(async () => {
  await paypal?.close();
  await wrong?.close();
});

describe('the local PayPal through Prism', () => {
  afterAll(() => {
    expect(exchanges.count).toBeGreaterThan(10);
    expect(violations).toEqual([]);
  });

  it('runs a lifecycle, replays, refusals and failures without one contract violation', async () => {
    paypal = await startLocalPayPal({ clock: 'on-read' });
    const client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, maxRetries: 0, ...throughPrism(paypal) });
    const body = createBody(3, 'proxy-1');
    body.items[1]!.receiver = 'unclaimed-1@example.com';
    body.items[2]!.receiver = 'fail-1@example.com';

    const created = await client.payouts.create(body, { requestId: 'proxy-request-1' }).withResponse();
    expect(created.response.status).toBe(201);
    const replayed = await client.payouts.create(body, { requestId: 'proxy-request-1' }).withResponse();
    expect(replayed.response.status).toBe(200);
    await expect(client.payouts.create(body)).rejects.toBeInstanceOf(DuplicateBatchError);

    const id = created.data.batch_header!.payout_batch_id;
    await client.payouts.get(id, { fields: 'batch_header' });
    await client.payouts.get(id, { page: 1, pageSize: 2, totalRequired: true });
    const items = [];
    for await (const item of client.payouts.items(id, { pageSize: 2 })) items.push(item);
    expect(items.map((item) => item.transaction_status)).toEqual(['SUCCESS', 'UNCLAIMED', 'FAILED']);

    const unclaimed = items[1]!.payout_item_id;
    await client.payoutItems.get(unclaimed);
    expect((await client.payoutItems.cancel(unclaimed)).transaction_status).toBe('RETURNED');
    await expect(client.payoutItems.cancel(unclaimed)).rejects.toMatchObject({ status: 400 });
    await expect(client.payouts.get('NO-SUCH-BATCH')).rejects.toMatchObject({ status: 404 });
    await expect(client.payoutItems.get('NO-SUCH-ITEM')).rejects.toMatchObject({ status: 404 });

    const insufficient = createBody(1, 'proxy-2');
    Object.assign(insufficient.items[0]!, { note: 'ERRPYO005' });
    await expect(client.payouts.create(insufficient)).rejects.toMatchObject({ status: 422, code: 'INSUFFICIENT_FUNDS' });

    paypal.faults
      .add({ operation: 'payouts.get', kind: 'rate-limit', retryAfterSeconds: 1 })
      .add({ operation: 'payouts.get', kind: 'error-before-commit', status: 503 })
      .add({ operation: 'payoutItems.get', kind: 'error-before-commit' });
    await expect(client.payouts.get(id)).rejects.toMatchObject({ status: 429 });
    await expect(client.payouts.get(id)).rejects.toMatchObject({ status: 503 });
    await expect(client.payoutItems.get(unclaimed)).rejects.toMatchObject({ status: 500 });

    paypal.tokens.revokeAll();
    paypal.faults.add({ operation: 'oauth2.token', kind: 'rate-limit' }).add({ operation: 'oauth2.token', kind: 'error-before-commit', status: 503 });
    await expect(client.payouts.get(id)).rejects.toMatchObject({ status: 429 });
    await expect(client.payouts.get(id)).rejects.toMatchObject({ status: 503 });
    await expect(new PayoutsClient({ clientId: paypal.clientId, clientSecret: 'wrong', maxRetries: 0, ...throughPrism(paypal) }).payouts.get(id)).rejects.toMatchObject({ status: 401 });
  });
});

describe('a deliberately wrong answer', () => {
  it('shows up as a violation', async () => {
    wrong = await startServer(
      withTokens((_, res) => json(res, 200, { batch_header: { payout_batch_id: 'B1', batch_status: 'DONE', sender_batch_header: {} } })),
    );
    const before = violations.length;
    const client = new PayoutsClient({ clientId: 'c', clientSecret: 's', maxRetries: 0, ...throughPrism(wrong) });
    await client.payouts.get('B1').catch(() => undefined);
    const caught = violations.splice(before); // kept out of the zero-violation check above
    expect(caught).toHaveLength(1);
    expect(caught[0]!.violations).toEqual([expect.objectContaining({ location: ['response', 'body', 'batch_header', 'batch_status'], severity: 'Error' })]);
  });
});
