// Across every failure path, neither the client secret nor any access token appears in an error's
// message, stack or JSON, in util.inspect of the error or the client, or in the logger's output.
import { inspect } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { PayoutsClient, type ClientOptions, type CreatePayoutRequest } from '../src/index.js';
import { startLocalPayPal, type FaultSpec, type LocalPayPal } from '../src/testing/index.js';
import { CLIENT_ID, CLIENT_SECRET, createBody, startServer, TOKEN_PATH, type Handler } from './support/local-server.js';

const WRONG_SECRET = 'wrong-secret-93c1e7';
/** Tokens served by the plain servers below; the local PayPals record theirs. */
const RAW_TOKEN = 'A21AA-raw-token-7f3e9b2c41d8';
const seen: string[] = [];
const secrets = new Set([CLIENT_SECRET, WRONG_SECRET, RAW_TOKEN, base64(CLIENT_SECRET), base64(WRONG_SECRET)]);
const cleanups: Array<() => Promise<void>> = [];
const paypals: LocalPayPal[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

function base64(secret: string) {
  return Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64');
}

/** Runs `call` on a fresh client, expects it to fail, and keeps everything a leak could hide in. */
async function collect(options: ClientOptions, call: (client: PayoutsClient) => PromiseLike<unknown>) {
  const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, maxRetries: 1, timeoutMs: 200, ...options, logger: (entry) => seen.push(JSON.stringify(entry)) });
  const error = await Promise.resolve(call(client)).then(() => expect.fail('the call should fail'), (e: unknown) => e as Error);
  seen.push(error.message, String(error.stack), JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true }));
  seen.push(inspect(client, { depth: Infinity, showHidden: true }), JSON.stringify(client));
  return error;
}

/** A local PayPal that knows our credentials, with `faults` armed for every request. */
async function standIn(...faults: Array<Omit<FaultSpec, 'times'>>) {
  const server = await startLocalPayPal({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  for (const fault of faults) server.faults.add({ ...fault, times: Infinity });
  paypals.push(server);
  cleanups.push(() => server.close());
  return server;
}

const HANG = { kind: 'delay', delayMs: 60_000 } as const;

async function rawServer(handler: Handler) {
  const server = await startServer(handler);
  cleanups.push(() => server.close());
  return server.url;
}

const create = (client: PayoutsClient) => client.payouts.create(createBody(1, `secret-${seen.length}`));
const get = (client: PayoutsClient) => client.payouts.get('B1');

it.each<[string, () => Promise<ClientOptions>, (client: PayoutsClient) => PromiseLike<unknown>]>([
  ['a wrong secret', async () => ({ baseUrl: (await standIn()).url, clientSecret: WRONG_SECRET }), get],
  ['token endpoint 5xx', async () => ({ baseUrl: (await standIn({ operation: 'oauth2.token', kind: 'error-before-commit' })).url }), get],
  ['token endpoint 429', async () => ({ baseUrl: (await standIn({ operation: 'oauth2.token', kind: 'rate-limit', retryAfterSeconds: 0 })).url }), get],
  ['401 after a fresh token too', async () => ({ baseUrl: (await standIn({ operation: 'payouts.get', kind: 'revoke-tokens' })).url }), get],
  ['5xx until retries run out', async () => ({ baseUrl: (await standIn({ operation: 'payouts.create', kind: 'error-before-commit' })).url }), create],
  ['a connection reset', async () => ({ baseUrl: (await standIn({ operation: 'payouts.create', kind: 'reset-after-commit' })).url, maxRetries: 0 }), create], // a retry would be answered with the replayed batch
  ['a timeout', async () => ({ baseUrl: (await standIn({ operation: 'payouts.create', ...HANG })).url }), create],
  ['an abort', async () => ({ baseUrl: (await standIn({ operation: 'payouts.create', ...HANG })).url }), (client) => client.payouts.create(createBody(1, 'abort'), { signal: AbortSignal.timeout(50) })],
  ['a 2xx that is not JSON', async () => ({ baseUrl: (await standIn()).url }), (client) => client.payoutItems.get('NO_SUCH_ITEM')],
  ['a truncated token answer', async () => ({ baseUrl: await rawServer((_, res) => res.writeHead(200).end(`{"access_token":"${RAW_TOKEN}","expires_in":3`)) }), get],
  ['a token answer without expires_in', async () => ({ baseUrl: await rawServer((_, res) => res.writeHead(200).end(JSON.stringify({ access_token: RAW_TOKEN }))) }), get],
  ['an HTML 502 after a good token', async () => ({ baseUrl: await rawServer((request, res) => (request.path === TOKEN_PATH ? res.writeHead(200).end(JSON.stringify({ access_token: RAW_TOKEN, expires_in: 3600 })) : res.writeHead(502).end('<html>Bad Gateway</html>'))) }), get],
  ['invalid input', async () => ({ baseUrl: (await standIn()).url }), (client) => client.payouts.create({ items: [] } as unknown as CreatePayoutRequest)],
  ['a redirect after a good token', async () => ({ baseUrl: await rawServer((request, res) => (request.path === TOKEN_PATH ? res.writeHead(200).end(JSON.stringify({ access_token: RAW_TOKEN, expires_in: 3600 })) : res.writeHead(307, { location: `https://evil.example/${RAW_TOKEN}` }).end())) }), get],
  ['a body past the cap', async () => ({ baseUrl: (await standIn()).url, maxResponseBytes: 64 }), get],
  ['a gateway page echoing the credentials', async () => ({ baseUrl: await rawServer((request, res) => res.writeHead(502).end(`<pre>${request.headers.authorization}</pre>`)) }), get],
  ['an error page echoing the bare token', async () => ({ baseUrl: await rawServer((request, res) => (request.path === TOKEN_PATH ? res.writeHead(200).end(JSON.stringify({ access_token: RAW_TOKEN, expires_in: 3600 })) : res.writeHead(400).end(JSON.stringify({ name: 'BAD', message: `token ${String(request.headers.authorization).split(' ')[1]}` })))) }), get],
  ['a token not fit for a header', async () => ({ baseUrl: await rawServer((_, res) => res.writeHead(200).end(JSON.stringify({ access_token: `${RAW_TOKEN}\u0000`, expires_in: 3600 }))) }), get],
])('%s leaves no secret or token behind', async (_, options, call) => {
  await collect(await options(), call);
});

it('found no secret or token in anything it collected', () => {
  const issued = paypals.flatMap((server) => server.tokens.issued);
  expect(issued.length).toBeGreaterThan(0);
  expect(seen.length).toBeGreaterThan(18 * 6);
  for (const text of seen) {
    for (const secret of [...secrets, ...issued]) expect(text.includes(secret), `leaked ${secret.slice(0, 8)}… in ${text.slice(0, 300)}`).toBe(false);
  }
});
