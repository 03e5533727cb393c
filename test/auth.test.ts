// OAuth2 against a real local server: one token for many calls, shared by concurrent calls, replaced
// after a 401, and token failures as AuthenticationError without the secret.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenProvider } from '../src/auth.js';
import { resolveConfig } from '../src/config.js';
import { createCore } from '../src/core.js';
import { AuthenticationError, InvalidResponseError, PayoutsClient, RateLimitError, ValidationError } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, createBody, json, startServer, TOKEN_PATH, withTokens, type Handler, type LocalServer } from './support/local-server.js';

const BATCH_PATH = '/v1/payments/payouts/B1';
const batch = { batch_header: { payout_batch_id: 'B1', batch_status: 'SUCCESS', sender_batch_header: {} } };

let server: LocalServer;
afterEach(() => server?.close());

async function clientFor(handler: Handler) {
  server = await startServer(handler);
  return new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url });
}

describe('OAuth2 client credentials', () => {
  it('asks for a token with Basic auth and a form body, then reuses it', async () => {
    const client = await clientFor(withTokens((_, res) => json(res, 200, batch)));
    await client.payouts.get('B1');
    await client.payouts.get('B1');

    const [tokenRequest, ...others] = server.requestsTo(TOKEN_PATH);
    expect(others).toHaveLength(0);
    expect(tokenRequest?.headers.authorization).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenRequest?.body).toBe('grant_type=client_credentials');
    expect(server.requestsTo(BATCH_PATH).map((request) => request.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-1']);
  });

  it('makes one token request for many concurrent calls on a cold client', async () => {
    const client = await clientFor(async (request, res) => {
      if (request.path === TOKEN_PATH) await new Promise((resolve) => setTimeout(resolve, 50));
      return withTokens((_, res2) => json(res2, 200, batch))(request, res);
    });
    await Promise.all(Array.from({ length: 50 }, () => client.payouts.get('B1')));
    expect(server.requestsTo(TOKEN_PATH)).toHaveLength(1);
    expect(server.requestsTo(BATCH_PATH)).toHaveLength(50);
  });

  it('drops a rejected token, gets a new one and replays the call once', async () => {
    const client = await clientFor(
      withTokens((request, res) =>
        request.headers.authorization === 'Bearer token-1'
          ? json(res, 401, { name: 'AUTHENTICATION_FAILURE', message: 'Token revoked' })
          : json(res, 200, batch),
      ),
    );
    await expect(client.payouts.get('B1')).resolves.toEqual(batch);
    expect(server.requestsTo(TOKEN_PATH)).toHaveLength(2);
    expect(server.requestsTo(BATCH_PATH).map((request) => request.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('gives up with AuthenticationError when the fresh token is rejected too', async () => {
    const client = await clientFor(withTokens((_, res) => json(res, 401, { name: 'AUTHENTICATION_FAILURE', message: 'No access' })));
    const error = await client.payouts.get('B1').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'AUTHENTICATION_FAILURE' });
    expect(server.requestsTo(BATCH_PATH)).toHaveLength(2);
  });

  it('turns a token endpoint failure into AuthenticationError with PayPal’s words and no secret', async () => {
    const client = await clientFor((request, res) =>
      json(res, 401, { error: 'invalid_client', error_description: 'Client Authentication failed' }),
    );
    const error = (await client.payouts.get('B1').then(() => undefined, (e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_client', message: '401 invalid_client: Client Authentication failed' });
    expect(server.requestsTo(BATCH_PATH)).toHaveLength(0);
    const seen = [error.message, error.stack, JSON.stringify(error), inspect(error, { depth: 10 }), inspect(client, { depth: 10 })].join('\n');
    expect(seen).not.toContain(CLIENT_SECRET);
    expect(seen).not.toContain(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'));
  });

  it('reports a token failure with each waiting call’s own request ID', async () => {
    server = await startServer((_, res) => json(res, 503, { name: 'SERVICE_UNAVAILABLE' }));
    const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url, maxRetries: 0 });
    const errors = await Promise.all(
      ['resume-a', 'resume-b'].map((requestId) => client.payouts.create(createBody(), { requestId }).then(undefined, (e: unknown) => e)),
    );
    expect(errors.map((e) => [(e as AuthenticationError).constructor, (e as AuthenticationError).requestId])).toEqual([
      [AuthenticationError, 'resume-a'],
      [AuthenticationError, 'resume-b'],
    ]);
    expect(server.requestsTo(TOKEN_PATH)).toHaveLength(1);
  });

  it('retries the token endpoint on 503', async () => {
    let failures = 1;
    const client = await clientFor((request, res) => {
      if (request.path === TOKEN_PATH && failures-- > 0) return json(res, 503, { name: 'SERVICE_UNAVAILABLE' }, { 'retry-after': '0' });
      return withTokens((_, res2) => json(res2, 200, batch))(request, res);
    });
    await expect(client.payouts.get('B1')).resolves.toEqual(batch);
    expect(server.requestsTo(TOKEN_PATH)).toHaveLength(2);
  });
});

describe('TokenProvider', () => {
  it('refreshes shortly before expiry: a tenth of the lifetime, at most a minute', async () => {
    let now = 0;
    let issued = 0;
    const provider = new TokenProvider(async () => ({ access_token: `t${++issued}`, expires_in: 100 }), () => now);
    expect(await provider.token()).toBe('t1');
    now = 89_999;
    expect(await provider.token()).toBe('t1');
    now = 90_000; // 100 s token, 10 s margin
    expect(await provider.token()).toBe('t2');

    const long = new TokenProvider(async () => ({ access_token: 'long', expires_in: 32_400 }), () => now);
    await long.token();
    now += 32_400_000 - 60_001;
    expect(await long.token()).toBe('long');
  });

  it('only forgets the token that was rejected, not a newer one', async () => {
    let issued = 0;
    const provider = new TokenProvider(async () => ({ access_token: `t${++issued}`, expires_in: 3600 }));
    const first = await provider.token();
    provider.invalidate(first);
    const second = await provider.token();
    provider.invalidate(first); // a late 401 for the old token
    expect(await provider.token()).toBe(second);
    expect(issued).toBe(2);
  });

  it('lets one waiter abort without failing the shared request', async () => {
    let release!: () => void;
    const provider = new TokenProvider(
      () => new Promise((resolve) => (release = () => resolve({ access_token: 'shared', expires_in: 3600 }))),
    );
    const controller = new AbortController();
    const aborted = provider.token(controller.signal);
    const waiting = provider.token();
    controller.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toThrow('caller gave up');
    release();
    expect(await waiting).toBe('shared');
  });
});


describe('header values and token answers checked before use', () => {
  it.each([
    ['a NUL', 'order-42\u0000'],
    ['a line break', 'order-42\r\nX-Injected: 1'],
    ['a non-Latin-1 character', 'order-€-42'],
    ['leading space', ' order-42'],
  ])('rejects a requestId with %s as a ValidationError, sending nothing', async (_, requestId) => {
    const client = await clientFor(withTokens((__, res) => json(res, 201, {})));
    const error = await client.payouts.create(createBody(), { requestId }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe('requestId');
    expect(server.requests).toHaveLength(0);
  });

  /** A token endpoint that answers `body` once, then good tokens. */
  async function tokenAnswering(body: Record<string, unknown>) {
    let answered = false;
    return clientFor((request, res) => {
      if (request.path !== TOKEN_PATH) return json(res, 200, batch);
      if (answered) return json(res, 200, { access_token: 'good-token', token_type: 'Bearer', expires_in: 3600 });
      answered = true;
      json(res, 200, body);
    });
  }

  it.each([
    ['a NUL', 'A21AA\u0000secret-token-1'],
    ['a non-Latin-1 character', 'A21AA€secret-token-1'],
    ['a line break', 'A21AA\nsecret-token-1'],
  ])('refuses a token with %s without quoting it, and does not cache it', async (_, token) => {
    const client = await tokenAnswering({ access_token: token, expires_in: 3600 });
    const error = await client.payouts.get('B1').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect([String(error), JSON.stringify(error), inspect(error, { depth: 10 })].join()).not.toContain('secret-token-1');
    expect(server.requestsTo(BATCH_PATH)).toHaveLength(0);
    await expect(client.payouts.get('B1')).resolves.toEqual(batch);
    expect(server.requestsTo(BATCH_PATH).map((request) => request.headers.authorization)).toEqual(['Bearer good-token']);
  });

  it.each([
    ['an empty access_token', { access_token: '', expires_in: 3600 }],
    ['expires_in 0', { access_token: 'A21AA-t', expires_in: 0 }],
    ['a negative expires_in', { access_token: 'A21AA-t', expires_in: -60 }],
    ['no expires_in', { access_token: 'A21AA-t' }],
    ['expires_in as text', { access_token: 'A21AA-t', expires_in: '3600' }],
  ])('refuses a token answer with %s, uncached', async (_, body) => {
    const client = await tokenAnswering(body);
    await expect(client.payouts.get('B1')).rejects.toBeInstanceOf(InvalidResponseError);
    expect(server.requestsTo(BATCH_PATH)).toHaveLength(0);
    await expect(client.payouts.get('B1')).resolves.toEqual(batch);
    expect(server.requestsTo(TOKEN_PATH)).toHaveLength(2);
  });

  it('gives every waiting call a RateLimitError when the token endpoint answers 429 with a Retry-After beyond the cap', async () => {
    const client = await clientFor((request, res) =>
      request.path === TOKEN_PATH ? json(res, 429, { error: 'rate_limited' }, { 'retry-after': '3600' }) : json(res, 200, batch),
    );
    const errors = await Promise.all(['a', 'b', 'c'].map((id) => client.payouts.create(createBody(), { requestId: id }).then(() => undefined, (e: unknown) => e)));
    expect(errors.map((e) => [(e as RateLimitError).constructor, (e as RateLimitError).requestId, (e as RateLimitError).headers.get('retry-after')])).toEqual([
      [RateLimitError, 'a', '3600'],
      [RateLimitError, 'b', '3600'],
      [RateLimitError, 'c', '3600'],
    ]);
    expect(server.requestsTo(TOKEN_PATH)).toHaveLength(1); // not retried sooner than PayPal asked
    expect(server.requests.filter((request) => request.path !== TOKEN_PATH)).toHaveLength(0);
  });

  it('honours a token endpoint’s Retry-After within the cap', async () => {
    let limited = true;
    const client = await clientFor((request, res) => {
      if (request.path === TOKEN_PATH && limited) {
        limited = false;
        return json(res, 429, { error: 'rate_limited' }, { 'retry-after': '1' });
      }
      return withTokens((_, res2) => json(res2, 200, batch))(request, res);
    });
    const started = performance.now();
    await expect(client.payouts.get('B1')).resolves.toEqual(batch);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });
});

it('turns a header value fetch refuses into a ValidationError that does not quote it, sent nowhere and not retried', async () => {
  // The public methods check their own header values first; this is the net under any other caller of core.call.
  server = await startServer(withTokens((_, res) => json(res, 200, batch)));
  const config = resolveConfig({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url });
  const core = createCore(config);
  const error = await core
    .call(() => ({
      method: 'GET',
      path: BATCH_PATH,
      requestId: 'r-1',
      retrySafe: true,
      send: (init) => core.api.GET('/v1/payments/payouts/{id}', { ...init, params: { path: { id: 'B1' } }, headers: { ...init.headers, 'X-Custom': 'secret-\u0000-value' } }),
    }))
    .then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect(String(error) + JSON.stringify(error)).not.toContain('secret-');
  expect(server.requestsTo(BATCH_PATH)).toHaveLength(0);
});
