// The runtime matrix's PayPal, in the orchestrating Node process: a token for the smoke test's
// credentials only, creates, a three-item batch in pages, and PayPal's 404 for any other batch.
import { createServer } from 'node:http';
import { CLIENT_ID, CLIENT_SECRET, MISSING_BATCH } from './smoke.js';

const BATCH_ID = 'SMOKEBATCH1';
const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
const item = (/** @type {number} */ n) => ({ payout_item_id: `ITEM-${n}`, payout_batch_id: BATCH_ID, transaction_status: 'SUCCESS' });
const header = { payout_batch_id: BATCH_ID, batch_status: 'SUCCESS', sender_batch_header: { sender_batch_id: 'smoke' } };

/** Starts the server on a free loopback port. @returns {Promise<{ url: string, close: () => void }>} */
export function startSmokeServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const answer = (/** @type {number} */ status, /** @type {unknown} */ body) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    req.resume();
    req.on('end', () => {
      if (url.pathname === '/v1/oauth2/token') {
        if (req.headers.authorization !== BASIC) return answer(401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
        return answer(200, { access_token: 'smoke-token', token_type: 'Bearer', expires_in: 32_400 });
      }
      if (req.headers.authorization !== 'Bearer smoke-token') return answer(401, { name: 'AUTHENTICATION_FAILURE' });
      if (req.method === 'POST' && url.pathname === '/v1/payments/payouts') return answer(201, { batch_header: { ...header, batch_status: 'PENDING' } });
      if (req.method === 'GET' && url.pathname === `/v1/payments/payouts/${BATCH_ID}`) {
        const page = Number(url.searchParams.get('page') ?? 1);
        const size = Number(url.searchParams.get('page_size') ?? 1000);
        const items = [1, 2, 3].map(item);
        return answer(200, { batch_header: header, items: items.slice((page - 1) * size, page * size), total_items: 3, total_pages: Math.ceil(3 / size) });
      }
      if (url.pathname === `/v1/payments/payouts/${MISSING_BATCH}`) {
        return answer(404, { name: 'INVALID_RESOURCE_ID', message: 'Requested resource ID was not found.', debug_id: 'smoke-debug' });
      }
      answer(500, { name: 'INTERNAL_SERVER_ERROR', message: `smoke server: no route for ${req.method} ${url.pathname}` });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, close: () => server.close() });
    }),
  );
}
