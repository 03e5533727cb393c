import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PayoutsClient } from 'paypal-payouts';
import { startLocalPayPal, type LocalPayPal } from 'paypal-payouts/testing';
import { verifyWebhookSignature } from 'paypal-payouts/webhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Your webhook listener; here one that keeps what it receives.
const received: Array<{ body: string; headers: IncomingHttpHeaders }> = [];
let listener: Server;
let paypal: LocalPayPal;
let client: PayoutsClient;

beforeAll(async () => {
  listener = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ body, headers: req.headers });
    res.end();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  // Port 0 (the default) picks a free port, so test files can run in parallel, each with its own PayPal.
  paypal = await startLocalPayPal({ clock: 'instant', webhooks: { listeners: [{ url: `http://127.0.0.1:${port}/paypal` }] } });
  client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url });
});

afterAll(async () => {
  await paypal.close();
  listener.close();
});

it('pays once when PayPal fails after committing, and every webhook verifies', async () => {
  // PayPal commits the batch, then fails with a 500: the client retries with the same PayPal-Request-Id
  // and gets the batch that was paid, not a second one.
  paypal.faults.add({ operation: 'payouts.create', kind: 'error-after-commit' });
  const { batch_header } = await client.payouts.create({
    sender_batch_header: { sender_batch_id: 'order-batch-42', recipient_type: 'EMAIL' },
    items: [
      { amount: { value: '10.00', currency: 'USD' }, receiver: 'seller@example.com', sender_item_id: 'order-1' },
      { amount: { value: '2.50', currency: 'USD' }, receiver: 'unclaimed-buyer@example.com', sender_item_id: 'order-2' },
    ],
  });
  const batch = await client.payouts.get(batch_header!.payout_batch_id);
  expect(batch.batch_header?.batch_status).toBe('SUCCESS');
  expect(batch.items?.map((item) => item.transaction_status)).toEqual(['SUCCESS', 'UNCLAIMED']);

  // The ledger: what PayPal committed. Nothing was paid twice.
  expect(paypal.ledger.batches()).toHaveLength(1);
  expect(paypal.ledger.totals()).toEqual({ USD: '12.50' });

  // Every event PayPal sent your listener verifies, with the test certificates it was signed with.
  await paypal.deliveries.settled();
  expect(received).toHaveLength(4); // batch PROCESSING and SUCCESS, and one event per item
  const { trustAnchors, fetchCertificate } = await paypal.deliveries.kit();
  const webhookId = paypal.deliveries.listeners[0]!.webhookId;
  const types = [];
  for (const delivery of received) {
    const event = await verifyWebhookSignature({ ...delivery, webhookId }, { trustAnchors, fetchCertificate });
    types.push(event.event_type);
  }
  expect(types).toContain('PAYMENT.PAYOUTSBATCH.SUCCESS');
});
