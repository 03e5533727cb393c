// client.request against a real local server: the same loop as the resource methods (token, retries
// with one PayPal-Request-Id per POST, typed errors, timeout, signal), with path, query and body sent as typed.
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, NotFoundError, PayoutsClient, TimeoutError, ValidationError } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, createBody, json, PAYOUT_CREATED, startServer, withTokens, type Handler, type LocalServer } from './support/local-server.js';

let server: LocalServer;
afterEach(() => server?.close());

async function clientFor(handler: Handler) {
  server = await startServer(withTokens(handler));
  return new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url });
}

const caught = (promise: PromiseLike<unknown>) => Promise.resolve(promise).then(() => undefined, (error: unknown) => error);

describe('client.request', () => {
  it('sends path and query parameters with a bearer token, and resolves with the body', async () => {
    const batch = { batch_header: { payout_batch_id: 'B 1', batch_status: 'SUCCESS', sender_batch_header: {} } };
    const client = await clientFor((_, res) => json(res, 200, batch));
    const data = await client.request('GET', '/v1/payments/payouts/{id}', { params: { path: { id: 'B 1' }, query: { page: 2, total_required: true } } });
    expect(data).toEqual(batch);
    const [sent] = server.requestsTo('/v1/payments/payouts/B%201');
    expect(sent?.query.get('page')).toBe('2');
    expect(sent?.query.get('total_required')).toBe('true');
    expect(sent?.headers.authorization).toBe('Bearer token-1');
  });

  it('retries a POST with one PayPal-Request-Id, the same on every attempt', async () => {
    let failures = 2;
    const client = await clientFor((_, res) => (failures-- > 0 ? json(res, 503, { name: 'SERVICE_UNAVAILABLE' }) : json(res, 201, PAYOUT_CREATED)));
    const { data, requestId } = await client.request('POST', '/v1/payments/payouts', { body: createBody(1) }).withResponse();
    const sent = server.requestsTo('/v1/payments/payouts');
    expect(data).toEqual(PAYOUT_CREATED);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((request) => request.headers['paypal-request-id']))).toEqual(new Set([requestId]));
    expect(JSON.parse(sent[2]!.body)).toEqual(createBody(1));
  });

  it('does not retry a webhook create, as client.webhooks.create does not', async () => {
    const client = await clientFor((_, res) => json(res, 503, { name: 'SERVICE_UNAVAILABLE' }));
    await caught(client.request('POST', '/v1/notifications/webhooks', { body: { url: 'https://example.com/hook', event_types: [{ name: '*' }] } }));
    expect(server.requestsTo('/v1/notifications/webhooks')).toHaveLength(1);
  });

  it("uses the caller's requestId for a POST, and checks it against the contract first", async () => {
    const client = await clientFor((_, res) => json(res, 200, { payout_item_id: 'I1' }));
    const path = '/v1/payments/payouts-item/{payout_item_id}/cancel' as const;
    const { requestId } = await client.request('POST', path, { params: { path: { payout_item_id: 'I1' } }, requestId: 'resume-7' }).withResponse();
    expect(requestId).toBe('resume-7');
    expect(server.requestsTo('/v1/payments/payouts-item/I1/cancel')[0]?.headers['paypal-request-id']).toBe('resume-7');

    const error = await caught(client.request('POST', path, { params: { path: { payout_item_id: 'I1' } }, requestId: '' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(server.requestsTo('/v1/payments/payouts-item/I1/cancel')).toHaveLength(1);
  });

  it("checks parameters and body against the operation's contract first, naming each field, and sends nothing", async () => {
    const client = await clientFor((_, res) => json(res, 201, PAYOUT_CREATED));
    const untyped = client.request.bind(client) as (method: string, path: string, init?: object) => PromiseLike<unknown>;
    const tooLong = await caught(untyped('GET', '/v1/payments/payouts-item/{payout_item_id}', { params: { path: { payout_item_id: 'X'.repeat(33) } } }));
    expect(tooLong).toBeInstanceOf(ValidationError);
    expect((tooLong as ValidationError).issues.map((issue) => issue.path)).toEqual(['params.path.payout_item_id']);

    const badBody = await caught(untyped('POST', '/v1/payments/payouts', { body: { sender_batch_header: {}, items: [] } }));
    expect((badBody as ValidationError).issues.map((issue) => issue.path)).toEqual(['body.items']);

    const badQuery = await caught(untyped('GET', '/v1/payments/payouts/{id}', { params: { path: { id: 'B1' }, query: { page_size: 0 } } }));
    expect((badQuery as ValidationError).issues.map((issue) => issue.path)).toEqual(['params.query.page_size']);

    const traversal = await caught(untyped('GET', '/v1/payments/payouts/{id}', { params: { path: { id: '..' } } }));
    expect((traversal as ValidationError).issues).toEqual([{ path: 'params.path.id', message: "must not be '..'" }]);
    expect(server.requests).toEqual([]);
  });

  it("refuses a path or method outside the contract before fetching a token: no request reaches any server", async () => {
    const client = await clientFor((_, res) => json(res, 200, {}));
    const elsewhere = await startServer((_, res) => json(res, 200, {}));
    try {
      const untyped = client.request.bind(client) as (method: string, path: string, init?: object) => PromiseLike<unknown>;
      for (const [method, path, field] of [
        ['GET', `:${new URL(elsewhere.url).port}/steal`, 'path'],
        ['GET', '.evil.test/x', 'path'],
        ['GET', '/v1/payments/payouts/B1', 'path'], // a filled-in path is not a template
        ['POST', '/v1/oauth2/token', 'path'], // the client calls the token endpoint itself, with Basic credentials
        ['DELETE', '/v1/payments/payouts/{id}', 'method'],
        ['get', '/v1/payments/payouts/{id}', 'method'],
      ] as const) {
        const error = await caught(untyped(method, path, { params: { path: { id: 'B1' } } }));
        expect(error, `${method} ${path}`).toBeInstanceOf(ValidationError);
        const [issue] = (error as ValidationError).issues;
        expect(issue?.path).toBe(field);
        expect(issue?.message).toContain(JSON.stringify(field === 'path' ? path : method));
      }
      expect(server.requests).toEqual([]);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('applies the batch rules payouts.create applies (decimals per currency, duplicate sender_item_id), and sends nothing', async () => {
    const client = await clientFor((_, res) => json(res, 201, PAYOUT_CREATED));
    const body = createBody(2);
    body.items[0]!.amount.value = '10.999';
    body.items[1]!.sender_item_id = body.items[0]!.sender_item_id;
    const error = await caught(client.request('POST', '/v1/payments/payouts', { body }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['body.items[0].amount.value', 'body.items[1].sender_item_id']);
    expect(server.requests).toEqual([]);
  });

  it('throws the typed error for the status, with the request ID', async () => {
    const client = await clientFor((_, res) => json(res, 404, { name: 'INVALID_RESOURCE_ID', message: 'no such item', debug_id: 'd1' }));
    const error = await caught(client.request('GET', '/v1/payments/payouts-item/{payout_item_id}', { params: { path: { payout_item_id: 'X' } } }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('INVALID_RESOURCE_ID');
    expect((error as NotFoundError).requestId).toBeTruthy();
  });

  it('honours timeoutMs and signal', async () => {
    const client = await clientFor(() => undefined); // never answers
    const get = (init: { timeoutMs?: number; signal?: AbortSignal }) =>
      client.request('GET', '/v1/payments/payouts-item/{payout_item_id}', { params: { path: { payout_item_id: 'X' } }, ...init });
    expect(await caught(get({ timeoutMs: 50 }))).toBeInstanceOf(TimeoutError);
    expect(await caught(get({ signal: AbortSignal.abort() }))).toBeInstanceOf(AbortError);
  });
});
