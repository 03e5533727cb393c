import { PayoutsClient } from 'paypal-payouts';

const client = new PayoutsClient();
const { data, response, requestId } = await client.payouts
  .create({
    sender_batch_header: { sender_batch_id: `payouts_${Date.now()}`, recipient_type: 'EMAIL' },
    items: [{ amount: { value: '5.00', currency: 'EUR' }, receiver: 'seller@example.com' }],
  })
  .withResponse();
console.log(response.status, requestId, data.batch_header?.payout_batch_id); // 201 3f0c…  5UXD2E8A7EBQJ
