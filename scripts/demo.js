// npm start: a whole payout lifecycle through the client. Against the local PayPal (paypal-payouts/testing)
// by default, with a webhook listener that verifies every event; against the PayPal sandbox when
// PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET are set.
import { createServer } from 'node:http';
import { DuplicateBatchError, PayoutsClient } from 'paypal-payouts';
import { startLocalPayPal } from 'paypal-payouts/testing';
import { verifyWebhookSignature } from 'paypal-payouts/webhooks';

const FINAL_STATUSES = new Set(['SUCCESS', 'DENIED', 'CANCELED']);
const POLL_ATTEMPTS = 20;

/** @param {import('paypal-payouts').Money | undefined} money */
const money = (money) => (money ? `${money.value} ${money.currency}` : '-');
/** @param {string} text */
const step = (text) => console.log(`\n== ${text}`);

async function main() {
  const sandbox = Boolean(process.env.PAYPAL_CLIENT_ID && process.env.PAYPAL_CLIENT_SECRET);
  if (sandbox) {
    console.log('Running against the PayPal sandbox.');
    await payoutFlow(new PayoutsClient({ environment: 'sandbox' }), 3_000);
    console.log('\nWebhook events need a public listener URL subscribed in the Developer Dashboard; not shown here.');
    return;
  }
  const listener = await startListener();
  // A batch moves on every second, so the wait below is a real wait, as against PayPal.
  const paypal = await startLocalPayPal({ clock: { stepMs: 1_000 }, webhooks: { listeners: [{ url: listener.url }] } });
  try {
    console.log(`Running against the local PayPal at ${paypal.url} (paypal-payouts/testing).`);
    await payoutFlow(new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url }), 500);

    step('Webhook events for the batch, each verified with verifyWebhookSignature');
    await paypal.deliveries.settled();
    const kit = await paypal.deliveries.kit();
    const webhookId = paypal.deliveries.listeners[0]?.webhookId ?? '';
    for (const delivery of listener.received) {
      const event = await verifyWebhookSignature({ ...delivery, webhookId }, { trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate });
      console.log(`verified ${String(event.event_type).padEnd(32)} ${event.id}  ${event.summary}`);
    }

    step('What PayPal paid: the local PayPal\'s ledger');
    for (const item of paypal.ledger.items()) console.log(`${item.payoutItemId}  ${item.status.padEnd(10)} ${money(item.amount).padEnd(14)} ${item.receiver}`);
    console.log(`batches: ${paypal.ledger.batches().length}; committed by currency: ${JSON.stringify(paypal.ledger.totals())}`);
  } finally {
    await paypal.close();
    await listener.close();
  }
}

/**
 * @param {PayoutsClient} client
 * @param {number} pollIntervalMs
 */
async function payoutFlow(client, pollIntervalMs) {
  const stamp = Date.now();
  const body = {
    sender_batch_header: {
      sender_batch_id: `demo_${stamp}`,
      recipient_type: /** @type {const} */ ('EMAIL'),
      email_subject: 'You have a payout!',
    },
    items: [
      { amount: { value: '9.87', currency: 'USD' }, receiver: `seller-${stamp}@example.com`, sender_item_id: 'demo-1' },
      { amount: { value: '111.66', currency: 'USD' }, receiver: `unclaimed-${stamp}@example.com`, sender_item_id: 'demo-2' },
      { amount: { value: '7.50', currency: 'USD' }, receiver: `creator-${stamp}@example.com`, sender_item_id: 'demo-3' },
    ],
  };

  step(`Create a batch of ${body.items.length} payouts (sender_batch_id ${body.sender_batch_header.sender_batch_id})`);
  const { data: created, response, requestId } = await client.payouts.create(body).withResponse();
  const batchId = created.batch_header?.payout_batch_id ?? '';
  console.log(`HTTP ${response.status}: batch ${batchId} is ${created.batch_header?.batch_status}; PayPal-Request-Id ${requestId}`);

  step('Wait for PayPal to process it');
  let batch = await client.payouts.get(batchId, { fields: 'batch_header' });
  for (let poll = 1; !FINAL_STATUSES.has(batch.batch_header?.batch_status ?? '') && poll < POLL_ATTEMPTS; poll++) {
    console.log(`batch is ${batch.batch_header?.batch_status}, checking again in ${pollIntervalMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    batch = await client.payouts.get(batchId, { fields: 'batch_header' });
  }
  const header = batch.batch_header;
  console.log(`batch ${batchId} is ${header?.batch_status}: ${money(header?.amount)} requested, fees ${money(header?.fees)}`);

  step('Read its items, page by page (2 a page)');
  /** @type {string | undefined} */
  let unclaimedId;
  for await (const item of client.payouts.items(batchId, { pageSize: 2 })) {
    const detail = item.payout_item;
    console.log(`${item.payout_item_id}  ${(item.transaction_status ?? '').padEnd(10)} ${money(detail.amount).padEnd(14)} ${detail.receiver}`);
    if (item.transaction_status === 'UNCLAIMED') unclaimedId ??= item.payout_item_id;
  }

  if (unclaimedId) {
    step(`Cancel unclaimed item ${unclaimedId}`);
    const cancelled = await client.payoutItems.cancel(unclaimedId);
    console.log(`${cancelled.payout_item_id} is now ${cancelled.transaction_status}; the money is back with the sender`);
  } else {
    console.log('\nNo item is unclaimed, so there is nothing to cancel.');
  }

  step('Send the same batch again: PayPal refuses to pay twice');
  try {
    await client.payouts.create(body);
    console.log('unexpected: the batch was accepted twice');
  } catch (error) {
    if (!(error instanceof DuplicateBatchError)) throw error;
    console.log(`${error.name}: ${error.message}`);
    console.log(`original batch: ${error.originalBatchId}; debug id ${error.debugId}`);
  }
}

/** A webhook listener on a free loopback port that keeps each delivery's raw body and headers. */
async function startListener() {
  /** @type {Array<{ body: string, headers: import('node:http').IncomingHttpHeaders }>} */
  const received = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ body, headers: req.headers });
    res.writeHead(200).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks/paypal`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
