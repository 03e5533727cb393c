import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createWebhookTestKit,
  isPayoutsEvent,
  verifyWebhookSignature,
  WebhookVerificationError,
  type VerifyOptions,
  type WebhookEvent,
} from 'paypal-payouts/webhooks';

/** Event IDs already accepted. In production: a table with a unique key, kept longer than toleranceSeconds. */
const seen = new Set<string>();

async function readRawBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Uint8Array).length;
    if (size > 1_000_000) throw new Error('body too large'); // PayPal's events are a few KB
    chunks.push(chunk as Uint8Array);
  }
  return Buffer.concat(chunks);
}

async function handle(event: WebhookEvent) {
  if (!isPayoutsEvent(event)) return console.log(`ignored ${event.event_type}`);
  switch (event.event_type) {
    case 'PAYMENT.PAYOUTS-ITEM.UNCLAIMED':
    case 'PAYMENT.PAYOUTS-ITEM.RETURNED':
    case 'PAYMENT.PAYOUTS-ITEM.FAILED':
      console.log(`item ${event.resource.payout_item_id} is ${event.resource.transaction_status}: follow up with the recipient`);
      break;
    case 'PAYMENT.PAYOUTSBATCH.SUCCESS':
      console.log(`batch ${event.resource.batch_header?.payout_batch_id} finished`);
      break;
    default:
      console.log(`${event.event_type} recorded`);
  }
}

export function startListener(webhookId: string, verifyOptions: VerifyOptions = {}) {
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST') return res.writeHead(405).end();
    let event: WebhookEvent;
    try {
      const body = await readRawBody(req);
      event = await verifyWebhookSignature({ headers: req.headers, body, webhookId }, verifyOptions);
    } catch (error) {
      // A certificate that could not be fetched is our problem: 503 makes PayPal deliver again.
      const status = error instanceof WebhookVerificationError && error.reason === 'certificate_fetch_failed' ? 503 : 400;
      console.log(`refused: ${error instanceof WebhookVerificationError ? error.reason : 'unreadable body'}`);
      return res.writeHead(status).end();
    }
    const duplicate = seen.has(event.id);
    seen.add(event.id);
    res.writeHead(200).end(); // answer before the work, so PayPal does not time out and redeliver
    if (duplicate) return console.log(`duplicate ${event.id} ignored`);
    void handle(event).catch((error) => console.error('handler failed', error));
  });
  return new Promise<typeof server>((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Try it without PayPal: the test kit makes a CA and a certificate, and signs deliveries with them.
const kit = await createWebhookTestKit();
const webhookId = process.env.PAYPAL_WEBHOOK_ID ?? '8PT597110X687430LKGECATA';
const server = await startListener(webhookId, { trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate });
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/paypal/webhooks`;

const event = `{"id":"WH-1AB23456CD789012E-3FG45678HI901234J","event_version":"1.0","resource_type":"payouts_item",
"event_type":"PAYMENT.PAYOUTS-ITEM.UNCLAIMED","summary":"A payout item is unclaimed.",
"resource":{"payout_item_id":"9NKBTQZXDQ4WE","transaction_status":"UNCLAIMED","payout_batch_id":"5UXD2E8A7EBQJ"}}`;
const headers = await kit.sign({ body: event, webhookId });
const tampered = event.replace('"transaction_status":"UNCLAIMED"', '"transaction_status":"SUCCEEDED"');
for (const body of [event, event, tampered]) {
  const response = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
  console.log(`delivery answered ${response.status}`);
}
await new Promise((resolve) => setTimeout(resolve, 50)); // let the handler log
server.close();
