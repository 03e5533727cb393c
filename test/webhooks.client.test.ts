// client.webhooks on a real local server: verifyOnline's body is made once, with the event spliced in
// as received, and a retry sends the very same bytes; a 204 resolves with nothing.
import { afterEach, expect, it } from 'vitest';
import { PayoutsClient } from '../src/index.js';
import { batchEventBody } from './support/webhook-events.js';
import { CLIENT_ID, CLIENT_SECRET, json, startServer, withTokens, type Handler, type LocalServer } from './support/local-server.js';

let server: LocalServer | undefined;
afterEach(() => server?.close());

async function clientFor(handler: Handler) {
  server = await startServer(withTokens(handler));
  return new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url, maxRetries: 2 });
}

const HEADERS = {
  'paypal-transmission-id': '69cd13f0-d67a-11e5-baa3-778b53f4ae55',
  'paypal-transmission-time': '2026-11-21T10:00:43Z',
  'paypal-transmission-sig': '/+lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz==',
  'paypal-cert-url': 'https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270',
  'paypal-auth-algo': 'SHA256withRSA',
};

it('verifyOnline sends the event as received, and the same bytes on every retry', async () => {
  let attempts = 0;
  const client = await clientFor((_, res) =>
    ++attempts === 1 ? json(res, 503, { name: 'SERVICE_UNAVAILABLE', message: 'try again' }, { 'retry-after': '0' }) : json(res, 200, { verification_status: 'SUCCESS' }),
  );
  const event = batchEventBody().replace('"1.00"', '1.0').replace('completed successfully.', 'completed \\u20ac.');
  const result = await client.webhooks.verifyOnline({ headers: HEADERS, body: event, webhookId: '1JE4291016473214C' });
  expect(result.verification_status).toBe('SUCCESS');

  const sent = server!.requestsTo('/v1/notifications/verify-webhook-signature').map((request) => request.body);
  expect(sent).toHaveLength(2);
  expect(sent[1]).toBe(sent[0]);
  expect(sent[0]).toBe(
    `{"auth_algo":"SHA256withRSA","cert_url":"${HEADERS['paypal-cert-url']}","transmission_id":"${HEADERS['paypal-transmission-id']}",` +
      `"transmission_sig":"${HEADERS['paypal-transmission-sig']}","transmission_time":"${HEADERS['paypal-transmission-time']}",` +
      `"webhook_id":"1JE4291016473214C","webhook_event":${event}}`,
  );
});

it('delete resolves with nothing on 204', async () => {
  const client = await clientFor((_, res) => res.writeHead(204).end());
  const { data, response } = await client.webhooks.delete('0EH40505U7160970P').withResponse();
  expect(response.status).toBe(204);
  expect(data).toBeUndefined();
});
