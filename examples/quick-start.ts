import { PayoutsClient } from 'paypal-payouts';

// The sandbox unless you pass { environment: 'live' } (or PAYPAL_BASE_URL is set, as for the local PayPal);
// reads PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET from the environment unless you pass them.
const client = new PayoutsClient();

const created = await client.payouts.create({
  sender_batch_header: {
    sender_batch_id: `payouts_${Date.now()}`, // yours, unique for 30 days: PayPal refuses a reused one
    recipient_type: 'EMAIL',
    email_subject: 'You have a payout!',
  },
  items: [
    { amount: { value: '10.00', currency: 'USD' }, receiver: 'seller@example.com', sender_item_id: 'order-1001' },
    { amount: { value: '1500', currency: 'JPY' }, receiver: 'creator@example.com', sender_item_id: 'order-1002' },
  ],
});
console.log(created.batch_header?.payout_batch_id, created.batch_header?.batch_status); // e.g. 5UXD2E8A7EBQJ PENDING
