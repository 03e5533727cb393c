// The benchmark's PayPal: answers tokens, batch reads and creates with fixed, realistic bodies, so
// the clients are measured, not the server. Runs in its own process; prints its URL.
import { createServer } from 'node:http';

const TOKEN = JSON.stringify({
  scope: 'https://uri.paypal.com/services/payments/payouts',
  access_token: 'A21AAbenchmarktoken',
  token_type: 'Bearer',
  app_id: 'APP-BENCH',
  expires_in: 32_400,
  nonce: 'bench',
});
/** @param {number} n @param {string} status */
const item = (n, status) => ({
  payout_item_id: `ITEM${n}`,
  transaction_id: `TX${n}`,
  transaction_status: status,
  payout_item_fee: { currency: 'USD', value: '0.25' },
  payout_batch_id: '5UXD2E8A7EBQJ',
  payout_item: { recipient_type: 'EMAIL', amount: { currency: 'USD', value: '9.87' }, receiver: `seller-${n}@example.com`, sender_item_id: `item-${n}` },
  time_processed: '2026-11-20T09:15:35Z',
  links: [{ href: `https://api-m.sandbox.paypal.com/v1/payments/payouts-item/ITEM${n}`, rel: 'item', method: 'GET' }],
});
const BATCH = JSON.stringify({
  total_items: 2,
  total_pages: 1,
  batch_header: {
    payout_batch_id: '5UXD2E8A7EBQJ',
    batch_status: 'SUCCESS',
    time_created: '2026-11-20T09:15:04Z',
    sender_batch_header: { sender_batch_id: 'Payouts_2026_100007', email_subject: 'You have a payout!' },
    amount: { currency: 'USD', value: '19.74' },
    fees: { currency: 'USD', value: '0.50' },
  },
  items: [item(1, 'SUCCESS'), item(2, 'UNCLAIMED')],
  links: [{ href: 'https://api-m.sandbox.paypal.com/v1/payments/payouts/5UXD2E8A7EBQJ', rel: 'self', method: 'GET' }],
});
const CREATED = JSON.stringify({
  batch_header: { payout_batch_id: '5UXD2E8A7EBQJ', batch_status: 'PENDING', sender_batch_header: { sender_batch_id: 'bench' } },
  links: [{ href: 'https://api-m.sandbox.paypal.com/v1/payments/payouts/5UXD2E8A7EBQJ', rel: 'self', method: 'GET' }],
});

const server = createServer((req, res) => {
  const answer = (/** @type {number} */ status, /** @type {string} */ body) => res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  if (req.method === 'GET') return answer(200, BATCH);
  req.resume(); // read the body (a 15,000-item create is ~2 MB) before answering
  req.on('end', () => answer(req.url === '/v1/oauth2/token' ? 200 : 201, req.url === '/v1/oauth2/token' ? TOKEN : CREATED));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
