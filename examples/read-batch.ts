import { PayoutsClient } from 'paypal-payouts';

const client = new PayoutsClient();
const batchId = process.env.PAYOUT_BATCH_ID!; // one of your batches, such as the one the quick start printed

const { batch_header } = await client.payouts.get(batchId, { fields: 'batch_header' });
// A batch has one `amount` only when its items share a currency (the quick start's mixes USD and JPY):
// each item carries its own.
const total = batch_header?.amount ? `${batch_header.amount.value} ${batch_header.amount.currency}` : 'in several currencies';
console.log(batch_header?.batch_status, total); // SUCCESS in several currencies

// Every item, one page (here 100 items) in memory at a time.
for await (const item of client.payouts.items(batchId, { pageSize: 100 })) {
  const { amount, receiver } = item.payout_item;
  console.log(item.payout_item_id, item.transaction_status, receiver, amount.value, amount.currency);
  if (item.transaction_status !== 'UNCLAIMED') continue;
  const current = await client.payoutItems.get(item.payout_item_id); // read it again: it may be claimed by now
  if (current.transaction_status === 'UNCLAIMED') {
    const cancelled = await client.payoutItems.cancel(current.payout_item_id); // the money goes back to you
    console.log(cancelled.payout_item_id, cancelled.transaction_status); // 8AELMXH8UB2P8 RETURNED
  }
}
