// A cancel whose first attempt had no known outcome, answered ITEM_ALREADY_CANCELLED on retry, is
// resolved by reading the item. PayPal's contract lists PayPal-Request-Id only on create, and
// https://developer.paypal.com/reference/guidelines/idempotency says "Not all APIs support this
// header", so a retried cancel may meet its own earlier success as an error. The error name and
// status are PayPal's: 400 ITEM_ALREADY_CANCELLED, "Requested item is already cancelled"
// (https://docs.paypal.ai/growth/payouts/manage-payouts/reports-transaction-logs).
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, PayoutsClient } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, json, startServer, withTokens, type LocalServer, type RecordedRequest } from './support/local-server.js';

const CANCEL_PATH = '/v1/payments/payouts-item/I1/cancel';
const ITEM_PATH = '/v1/payments/payouts-item/I1';
let server: LocalServer;
afterEach(() => server?.close());

type FirstAnswer = 'reset' | '500' | 'hang';

/** One item; cancel commits, then the first answer is lost as `first` says; later cancels get PayPal's error. */
async function clientFor(first: FirstAnswer | 'normal', initial: 'UNCLAIMED' | 'RETURNED' | 'SUCCESS' = 'UNCLAIMED') {
  let status = initial;
  let cancels = 0;
  const itemBody = () => ({ payout_item_id: 'I1', payout_batch_id: 'B1', transaction_status: status, payout_item: {} });
  server = await startServer(
    withTokens((request: RecordedRequest, res: ServerResponse) => {
      if (request.path === ITEM_PATH) return json(res, 200, itemBody());
      cancels++;
      if (status === 'RETURNED') return json(res, 400, { name: 'ITEM_ALREADY_CANCELLED', message: 'Requested item is already cancelled.' });
      if (status !== 'UNCLAIMED') return json(res, 400, { name: 'ITEM_INCORRECT_STATUS', message: 'You can only cancel items that are in UNCLAIMED state.' });
      status = 'RETURNED';
      if (cancels > 1 || first === 'normal') return json(res, 200, itemBody());
      if (first === 'reset') return void res.socket?.destroy();
      if (first === '500') return json(res, 500, { name: 'INTERNAL_SERVER_ERROR' });
      // 'hang': committed, never answers
    }),
  );
  return new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url, timeoutMs: 300 });
}

describe('payoutItems.cancel after an unknown outcome', () => {
  it.each<FirstAnswer>(['reset', '500', 'hang'])('returns the RETURNED item when the first attempt was a %s and the retry says ITEM_ALREADY_CANCELLED', async (first) => {
    const client = await clientFor(first);
    const { data, requestId } = await client.payoutItems.cancel('I1', { requestId: 'cancel-I1' }).withResponse();
    expect(data.transaction_status).toBe('RETURNED');
    expect(requestId).toBe('cancel-I1');
    expect(server.requestsTo(CANCEL_PATH)).toHaveLength(2);
    expect(server.requestsTo(ITEM_PATH)).toHaveLength(1);
  });

  it('still fails when the item was already cancelled before this call', async () => {
    const client = await clientFor('normal', 'RETURNED');
    await expect(client.payoutItems.cancel('I1')).rejects.toMatchObject({ name: 'BadRequestError', code: 'ITEM_ALREADY_CANCELLED' });
    expect(server.requestsTo(ITEM_PATH)).toHaveLength(0);
  });

  it('fails with PayPal’s error for an item that is not UNCLAIMED', async () => {
    const client = await clientFor('normal', 'SUCCESS');
    await expect(client.payoutItems.cancel('I1')).rejects.toBeInstanceOf(BadRequestError);
  });
});
