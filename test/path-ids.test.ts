// `.` and `..` as IDs would be dot segments: payoutItems.cancel('..') would POST /v1/payments/cancel
// with the bearer token, and '' drops the segment. They are ValidationErrors, and nothing is sent.
import { afterEach, expect, it } from 'vitest';
import { PayoutsClient, ValidationError } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, json, startServer, withTokens, type LocalServer } from './support/local-server.js';

let server: LocalServer;
afterEach(() => server?.close());

it.each([
  ['payouts.get', 'batchId', (client: PayoutsClient, id: string) => client.payouts.get(id)],
  ['payoutItems.get', 'itemId', (client: PayoutsClient, id: string) => client.payoutItems.get(id)],
  ['payoutItems.cancel', 'itemId', (client: PayoutsClient, id: string) => client.payoutItems.cancel(id)],
  ['webhooks.get', 'webhookId', (client: PayoutsClient, id: string) => client.webhooks.get(id)],
  ['webhooks.delete', 'webhookId', (client: PayoutsClient, id: string) => client.webhooks.delete(id)],
  ['webhooks.getEvent', 'eventId', (client: PayoutsClient, id: string) => client.webhooks.getEvent(id)],
  ['webhooks.resendEvent', 'eventId', (client: PayoutsClient, id: string) => client.webhooks.resendEvent(id)],
  ['client.request', 'params.path.webhook_id', (client: PayoutsClient, id: string) => client.request('DELETE', '/v1/notifications/webhooks/{webhook_id}', { params: { path: { webhook_id: id } } })],
])('%s refuses \'\', . and .. as IDs, naming %s, sending nothing', async (_, name, call) => {
  server = await startServer(withTokens((__, res) => json(res, 200, {})));
  const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url });
  for (const id of ['', '.', '..']) {
    const error = await Promise.resolve(call(client, id)).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    // The contract's own schema may refuse first (minLength, event IDs' pattern); either way the issue names the caller's parameter.
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([name]);
  }
  expect(server.requests).toHaveLength(0);
});
