import { PayoutsClient, type paths } from 'paypal-payouts';

const client = new PayoutsClient();
const batch = await client.request('GET', '/v1/payments/payouts/{id}', {
  params: { path: { id: process.env.PAYOUT_BATCH_ID! }, query: { page: 1, page_size: 100, total_required: true } },
});
console.log(batch.batch_header?.batch_status, batch.total_items);

type Cancel = paths['/v1/payments/payouts-item/{payout_item_id}/cancel']['post'];
const unclaimed = batch.items?.find((item) => item.transaction_status === 'UNCLAIMED');
if (unclaimed) {
  const itemId: Cancel['parameters']['path']['payout_item_id'] = unclaimed.payout_item_id;
  const { data, requestId } = await client
    .request('POST', '/v1/payments/payouts-item/{payout_item_id}/cancel', { params: { path: { payout_item_id: itemId } } })
    .withResponse();
  console.log(data.transaction_status, requestId);
}
