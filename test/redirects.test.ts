// Redirects are never followed, on any call: a 3xx is a RedirectError with its status and Location,
// never retried, and nothing goes to where it points. PayPal's API does not redirect API calls; a 3xx
// comes from something in between (a proxy, a hijacked DNS name, a misconfigured gateway).
import { afterEach, describe, expect, it } from 'vitest';
import { PayoutsClient, RedirectError } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, createBody, json, PAYOUT_CREATED, startServer, TOKEN_PATH, withTokens, type Handler, type LocalServer } from './support/local-server.js';

const CREATE_PATH = '/v1/payments/payouts';
const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers.length = 0;
});

async function serve(handler: Handler) {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

/** PayPal (`api`) redirects as `redirect` says; `elsewhere` answers everything with a convincing 200. */
async function setUp(redirect: (elsewhere: string, api: string) => Handler) {
  const elsewhere = await serve((request, res) =>
    request.path === TOKEN_PATH ? json(res, 200, { access_token: 'attacker-token', expires_in: 32_400 }) : json(res, 200, PAYOUT_CREATED),
  );
  let apiUrl = '';
  const api = await serve((request, res) => redirect(elsewhere.url, apiUrl)(request, res));
  apiUrl = api.url;
  const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: api.url });
  return { client, api, elsewhere };
}

const redirectTo = (status: number, location: string): Handler => (_, res) => res.writeHead(status, { location }).end();
const caught = (promise: PromiseLike<unknown>) => Promise.resolve(promise).then(() => undefined, (error: unknown) => error);

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])('a %i to another origin fails a create, sends nothing there, and is not retried', async (status) => {
    const { client, api, elsewhere } = await setUp((to) => withTokens(redirectTo(status, `${to}/v1/payments/payouts`)));
    const error = await caught(client.payouts.create(createBody()).withResponse());
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status, location: `${elsewhere.url}/v1/payments/payouts` });
    expect((error as RedirectError).requestId).toBe(api.requestsTo(CREATE_PATH)[0]?.headers['paypal-request-id']);
    expect(elsewhere.requests).toHaveLength(0);
    expect(api.requestsTo(CREATE_PATH)).toHaveLength(1);
  });

  it('a redirect on the token call fails the call, and no token from elsewhere is used', async () => {
    const { client, api, elsewhere } = await setUp((to) => (request, res) =>
      request.path === TOKEN_PATH ? redirectTo(307, `${to}${TOKEN_PATH}`)(request, res) : json(res, 200, PAYOUT_CREATED),
    );
    const error = await caught(client.payouts.get('B1'));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status: 307 });
    expect(elsewhere.requests).toHaveLength(0);
    expect(api.requestsTo(TOKEN_PATH)).toHaveLength(1);
    expect(api.requestsTo('/v1/payments/payouts/B1')).toHaveLength(0);
  });

  it('a same-origin redirect loop sends one create', async () => {
    const { client, api } = await setUp((_, self) => withTokens(redirectTo(302, `${self}${CREATE_PATH}`)));
    expect(await caught(client.payouts.create(createBody()))).toBeInstanceOf(RedirectError);
    expect(api.requestsTo(CREATE_PATH)).toHaveLength(1);
  });

  it('hides userinfo in the Location it reports', async () => {
    const { client } = await setUp(() => withTokens(redirectTo(302, 'https://user:hunter2@evil.example/x')));
    const error = (await caught(client.payouts.get('B1'))) as RedirectError;
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.location).toBe('https://***@evil.example/x');
    expect(error.message).not.toContain('hunter2');
  });

  it('treats an opaque redirect (status 0, as browsers give for redirect: manual) as a redirect', async () => {
    const { client, api } = await setUp(() => withTokens((_, res) => json(res, 200, PAYOUT_CREATED)));
    // Node's fetch never answers `opaqueredirect`; a browser's does. The request still goes to a real server.
    const browserLike = new PayoutsClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      baseUrl: api.url,
      fetch: async (input, init) => {
        const real = await fetch(input, init);
        if (new URL((input as Request).url).pathname === TOKEN_PATH) return real;
        return Object.defineProperties(new Response(null), { type: { value: 'opaqueredirect' }, status: { value: 0 } });
      },
    });
    expect(await caught(browserLike.payouts.create(createBody()))).toMatchObject({ name: 'RedirectError', status: 0 });
    expect(api.requestsTo(CREATE_PATH)).toHaveLength(1);
    await expect(client.payouts.get('B1')).resolves.toEqual(PAYOUT_CREATED);
  });
});
