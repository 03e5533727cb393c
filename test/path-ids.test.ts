// `.` and `..` as IDs would be dot segments: payoutItems.cancel('..') would POST /v1/payments/cancel
// with the bearer token. They are ValidationErrors, and nothing is sent.
import { afterEach, expect, it } from 'vitest';
import { PayoutsClient, ValidationError } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, json, startServer, withTokens, type LocalServer } from './support/local-server.js';

let server: LocalServer;
afterEach(() => server?.close());

it.each([
  ['payouts.get', 'batchId', (client: PayoutsClient, id: string) => client.payouts.get(id)],
  ['payoutItems.get', 'itemId', (client: PayoutsClient, id: string) => client.payoutItems.get(id)],
  ['payoutItems.cancel', 'itemId', (client: PayoutsClient, id: string) => client.payoutItems.cancel(id)],
])('%s refuses . and .. as IDs, naming %s, sending nothing', async (_, name, call) => {
  server = await startServer(withTokens((__, res) => json(res, 200, {})));
  const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url });
  for (const id of ['.', '..']) {
    const error = await Promise.resolve(call(client, id)).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: name, message: `must not be '${id}'` }]);
  }
  expect(server.requests).toHaveLength(0);
});
