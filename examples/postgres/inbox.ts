import http from 'node:http';
import { createWebhookInbox } from 'paypal-payouts/postgres';

const inbox = createWebhookInbox({
  connectionString: process.env.DATABASE_URL!,
  webhookId: process.env.PAYPAL_WEBHOOK_ID!, // your subscription's ID
  verifyOptions: { environment: 'live' },
  // `query` runs in the transaction that marks the event handled: see "Making handle idempotent".
  handle: async (event, { query }) => {
    if (event.event_type === 'PAYMENT.PAYOUTS-ITEM.SUCCEEDED') {
      const item = (event as { resource: { payout_item_id: string } }).resource;
      await query('UPDATE creator_payouts SET status = $1 WHERE payout_item_id = $2', ['paid', item.payout_item_id]);
    }
  },
});
const server = http.createServer(inbox.nodeHandler).listen(Number(process.env.PORT ?? 8080)); // or: inbox.fetch(request) → Response
process.once('SIGTERM', () => {
  server.close(); // no new deliveries; PayPal sends them to another instance or again later
  void inbox.close(); // the workers finish their current event
});
await inbox.work({ concurrency: 4 }); // in any number of processes
