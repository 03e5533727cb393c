// Error answers become typed errors with PayPal's fields, whatever the body looks like.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  DuplicateBatchError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PayPalError,
  PayoutsClient,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
} from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, createBody, json, startServer, withTokens, type Handler, type LocalServer } from './support/local-server.js';

let server: LocalServer;
afterEach(() => server?.close());

async function failureOf(handler: Handler, call: (client: PayoutsClient) => PromiseLike<unknown> = (client) => client.payouts.get('B1')) {
  server = await startServer(withTokens(handler));
  const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url, maxRetries: 0 });
  return Promise.resolve(call(client)).then(
    () => expect.fail('the call should have failed'),
    (error: unknown) => error as PayPalError,
  );
}

const paypalError = (name: string, message: string) => ({
  name,
  message,
  debug_id: 'f2a9c3d71e5b0',
  information_link: `https://developer.paypal.com/docs/api/payments.payouts-batch/v1/#error-${name}`,
  details: [{ field: 'items[0].amount.currency', location: 'body', issue: 'Currency code is invalid' }],
  links: [{ href: 'https://developer.paypal.com/docs/api/payments.payouts-batch/v1/#errors', rel: 'information_link' }],
});

describe('APIError.from', () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
  ])('maps %i to %o', async (status, ErrorClass) => {
    const error = await failureOf((_, res) => json(res, status, paypalError('SOME_ERROR', 'Something failed.')));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.stack?.startsWith(`${ErrorClass.name}: ${status} SOME_ERROR`)).toBe(true);
  });

  it('maps other statuses to APIError itself', async () => {
    const error = await failureOf((_, res) => json(res, 415, paypalError('UNSUPPORTED_MEDIA_TYPE', 'Nope.')));
    expect(error.constructor).toBe(APIError);
  });

  it('carries PayPal’s fields and the request ID', async () => {
    const error = (await failureOf(
      (_, res) => json(res, 422, paypalError('INSUFFICIENT_FUNDS', 'Sender does not have sufficient funds.')),
      (client) => client.payouts.create(createBody(), { requestId: 'payout-run-7' }),
    )) as APIError;
    expect(error).toMatchObject({
      status: 422,
      code: 'INSUFFICIENT_FUNDS',
      debugId: 'f2a9c3d71e5b0',
      informationLink: 'https://developer.paypal.com/docs/api/payments.payouts-batch/v1/#error-INSUFFICIENT_FUNDS',
      requestId: 'payout-run-7',
      details: [{ field: 'items[0].amount.currency', issue: 'Currency code is invalid' }],
      links: [{ rel: 'information_link' }],
    });
    expect(error.message).toBe('422 INSUFFICIENT_FUNDS: Sender does not have sufficient funds. (items[0].amount.currency: Currency code is invalid)');
    expect(error.body).toEqual(paypalError('INSUFFICIENT_FUNDS', 'Sender does not have sufficient funds.'));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'UnprocessableEntityError',
      message: error.message,
      status: 422,
      code: 'INSUFFICIENT_FUNDS',
      debugId: 'f2a9c3d71e5b0',
      requestId: 'payout-run-7',
      details: error.details,
      links: error.links,
      informationLink: error.informationLink,
    });
  });

  it('takes the debug ID from the Paypal-Debug-Id header when the body has none', async () => {
    const error = (await failureOf((_, res) => json(res, 404, { name: 'INVALID_RESOURCE_ID' }, { 'paypal-debug-id': 'hdr-123' }))) as APIError;
    expect(error.debugId).toBe('hdr-123');
  });

  it('recognises a reused sender_batch_id and names the original batch', async () => {
    const error = (await failureOf(
      (_, res) =>
        json(res, 400, {
          name: 'USER_BUSINESS_ERROR',
          message: 'User business error.',
          debug_id: 'a1',
          details: [
            {
              field: 'SENDER_BATCH_ID',
              location: 'body',
              issue: 'Batch with given sender_batch_id already exists',
              link: [{ href: 'https://api-m.sandbox.paypal.com/v1/payments/payouts/5UXD2E8A7EBQJ', rel: 'self', method: 'GET' }],
            },
          ],
        }),
      (client) => client.payouts.create(createBody()),
    )) as DuplicateBatchError;
    expect(error).toBeInstanceOf(DuplicateBatchError);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.originalBatchId).toBe('5UXD2E8A7EBQJ');
    expect(error.originalBatchLink).toBe('https://api-m.sandbox.paypal.com/v1/payments/payouts/5UXD2E8A7EBQJ');
  });

  it('keeps other USER_BUSINESS_ERRORs a plain BadRequestError', async () => {
    const error = await failureOf((_, res) =>
      json(res, 400, { name: 'USER_BUSINESS_ERROR', details: [{ field: 'items', issue: 'Too many items' }] }),
    );
    expect(error.constructor).toBe(BadRequestError);
  });
});

describe('error bodies that are not PayPal JSON', () => {
  it('types an HTML 502 from a proxy', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    const error = (await failureOf((_, res) => res.writeHead(502, { 'content-type': 'text/html' }).end(html))) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, code: undefined, body: html, details: [], links: [] });
    expect(error.message).toBe('502 no error body');
  });

  it('types an empty error body', async () => {
    const error = (await failureOf((_, res) => res.writeHead(503).end())) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.body).toBeUndefined();
  });
});

describe('success answers that are not JSON objects', () => {
  it.each([
    ['truncated JSON', '{"batch_header": {"payout_batch_id": "5UX', 'is not JSON (41 characters)'],
    ['an HTML page', '<html>maintenance</html>', 'is not JSON (24 characters)'],
    ['an empty body', '', 'has no body'],
    ['a JSON array', '[]', 'is not a JSON object'],
  ])('throws InvalidResponseError, with the request ID, for %s', async (_, body, problem) => {
    const error = (await failureOf(
      (request, res) => res.writeHead(201, { 'content-type': 'application/json' }).end(body),
      (client) => client.payouts.create(createBody(), { requestId: 'resume-me' }),
    )) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 201, requestId: 'resume-me' });
    expect(error.message).toBe(`201 response to POST /v1/payments/payouts ${problem}`);
  });
});

describe('other malformed answers (documented results)', () => {
  async function clientFor(handler: Handler, options: { timeoutMs?: number } = {}) {
    server = await startServer(withTokens(handler));
    return new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url, maxRetries: 0, ...options });
  }

  it('reads a JSON body whatever its content type says', async () => {
    const client = await clientFor((_, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('{"batch_header":{"payout_batch_id":"B1"}}'));
    await expect(client.payouts.get('B1')).resolves.toEqual({ batch_header: { payout_batch_id: 'B1' } });
  });

  it('returns a 2xx JSON object that breaks the schema as PayPal sent it, without validating it', async () => {
    const client = await clientFor((_, res) => json(res, 200, { surprise: true, items: 'not a list' }));
    await expect(client.payouts.get('B1')).resolves.toEqual({ surprise: true, items: 'not a list' });
  });

  it('gives a TimeoutError when the body stops halfway', async () => {
    const client = await clientFor((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"batch_header": {');
    }, { timeoutMs: 200 });
    await expect(client.payouts.get('B1')).rejects.toBeInstanceOf(TimeoutError);
  });
});


describe('what an error keeps and prints', () => {
  const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');

  it('keeps only content-type, paypal-debug-id and retry-after of the response headers', async () => {
    const error = (await failureOf((_, res) =>
      json(res, 503, { name: 'SERVICE_UNAVAILABLE' }, { 'set-cookie': 'session=s3cr3t-cookie; HttpOnly', 'paypal-debug-id': 'd1', 'retry-after': '120', 'x-internal-host': 'db-7' }),
    )) as APIError;
    expect([...error.headers.keys()].sort()).toEqual(['content-type', 'paypal-debug-id', 'retry-after']);
    expect([inspect(error, { depth: 10 }), JSON.stringify(error), String(error.stack)].join()).not.toMatch(/s3cr3t-cookie|db-7/);
  });

  it('redacts credentials a gateway page echoes back, in the body and the message', async () => {
    const token = 'A21AA-echoed-token-1234';
    const echo = `<pre>POST /v1/oauth2/token\r\nAuthorization: Basic ${basic}\r\n</pre><pre>Authorization: Bearer ${token}</pre>`;
    const error = (await failureOf((_, res) => res.writeHead(502, { 'content-type': 'text/html' }).end(echo))) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(String(error.body)).toContain('Authorization: Basic [REDACTED]');
    expect(String(error.body)).not.toContain(basic);
    expect(String(error.body)).not.toContain(token);
    const json400 = (await failureOf((_, res) => json(res, 400, { name: 'BAD', message: `echo: Bearer ${token}`, details: [{ issue: `secret ${CLIENT_SECRET}` }] }))) as APIError;
    expect([json400.message, JSON.stringify(json400), inspect(json400, { depth: 10, showHidden: true })].join()).not.toMatch(new RegExp(`${token}|${CLIENT_SECRET}`));
  });

  it('strips control characters from, and caps the length of, server text in messages', async () => {
    const error = await failureOf((_, res) =>
      json(res, 400, { name: 'BAD\r\n2026-11-21 INFO payout sent', message: `${'x'.repeat(5_000)}\nforged`, details: [{ field: 'a\u2028b', issue: 'c\u202ed' }] }),
    );
    expect(error.message).not.toMatch(/[\r\n\u2028\u202e]/);
    expect(error.message.length).toBeLessThan(1_100);
  });

  it('keeps the raw body out of util.inspect and JSON, yet readable as error.body', async () => {
    const error = (await failureOf((_, res) => json(res, 422, { name: 'X', message: 'm', internal_trace: 'trace-marker-77' }))) as APIError;
    expect((error.body as Record<string, unknown>).internal_trace).toBe('trace-marker-77');
    expect(inspect(error, { depth: 10 })).not.toContain('trace-marker-77');
    expect(JSON.stringify(error)).not.toContain('trace-marker-77');
  });
});
