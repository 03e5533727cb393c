// npm start: a whole payout flow through the client. Against Prism on the bundled contract by
// default; against the PayPal sandbox when PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET are set.
import { DuplicateBatchError, PayoutsClient } from 'paypal-payouts';
import { startPrism } from './prism.js';

const FINAL_STATUSES = new Set(['SUCCESS', 'DENIED', 'CANCELED']);
const POLL_INTERVAL_MS = 3_000;
const POLL_ATTEMPTS = 20;

/** @param {import('paypal-payouts').Money | undefined} money */
const money = (money) => (money ? `${money.value} ${money.currency}` : '-');
/** @param {string} text */
const step = (text) => console.log(`\n== ${text}`);

async function main() {
  const sandbox = Boolean(process.env.PAYPAL_CLIENT_ID && process.env.PAYPAL_CLIENT_SECRET);
  const prism = sandbox ? undefined : await startPrism();
  try {
    console.log(sandbox ? 'Running against the PayPal sandbox.' : `Running against Prism on the bundled contract at ${prism?.url}.`);
    await payoutFlow(prism?.url);
  } finally {
    await prism?.stop();
  }
}

/** @param {string | undefined} mockUrl */
async function payoutFlow(mockUrl) {
  const credentials = mockUrl ? { clientId: 'demo-client', clientSecret: 'demo-secret', baseUrl: mockUrl } : {};
  const client = new PayoutsClient({ ...credentials, environment: 'sandbox' });
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
      { amount: { value: '1500', currency: 'JPY' }, receiver: `creator-${stamp}@example.com`, sender_item_id: 'demo-3' },
    ],
  };

  step(`Create a batch of ${body.items.length} payouts (sender_batch_id ${body.sender_batch_header.sender_batch_id})`);
  const { data: created, response, requestId } = await client.payouts.create(body).withResponse();
  const batchId = created.batch_header?.payout_batch_id ?? '';
  console.log(`HTTP ${response.status}: batch ${batchId} is ${created.batch_header?.batch_status}; PayPal-Request-Id ${requestId}`);

  step('Wait for PayPal to process it');
  let batch = await client.payouts.get(batchId, { fields: 'batch_header' });
  for (let poll = 1; !FINAL_STATUSES.has(batch.batch_header?.batch_status ?? '') && poll < POLL_ATTEMPTS; poll++) {
    console.log(`batch is ${batch.batch_header?.batch_status}, checking again in ${POLL_INTERVAL_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
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
    step(`Read item ${unclaimedId}`);
    const item = await client.payoutItems.get(unclaimedId);
    console.log(`${item.payout_item_id} is ${item.transaction_status}: ${money(item.payout_item.amount)} to ${item.payout_item.receiver}`);

    step(`Cancel unclaimed item ${unclaimedId}`);
    const cancelled = await client.payoutItems.cancel(unclaimedId);
    console.log(`${cancelled.payout_item_id} is now ${cancelled.transaction_status}; the money is back with the sender`);
  } else {
    console.log('\nNo item is unclaimed, so there is nothing to cancel.');
  }

  step('Send the same batch again: PayPal refuses to pay twice');
  // Prism answers from the contract's examples; ask it for the answer PayPal gives to a reused sender_batch_id.
  const replay = mockUrl ? new PayoutsClient({ ...credentials, fetch: preferring('code=400, example=duplicate_sender_batch_id') }) : client;
  try {
    await replay.payouts.create(body);
    console.log('unexpected: the batch was accepted twice');
  } catch (error) {
    if (!(error instanceof DuplicateBatchError)) throw error;
    console.log(`${error.name}: ${error.message}`);
    console.log(`original batch: ${error.originalBatchId}; debug id ${error.debugId}`);
  }
}

/**
 * A fetch that asks Prism for a given answer on API calls (not on the token request).
 * @param {string} prefer
 * @returns {typeof fetch}
 */
function preferring(prefer) {
  return (input, init) => {
    const request = new Request(input, init);
    if (!request.url.endsWith('/v1/oauth2/token')) request.headers.set('Prefer', prefer);
    return fetch(request);
  };
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
