// Error mapping is total: any error status with any body (JSON of any shape, text, bytes) gives a
// PayPalError subclass that carries the call's requestId, whose JSON and inspection never throw.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIError, DuplicateBatchError, PayoutsClient, PayPalError } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, createBody, startServer, withTokens, type LocalServer } from './support/local-server.js';

const SEED = 20_261_121;

/** Hrefs as they come: absolute, relative (PayPal's links sometimes are), malformed, bad %-escapes. */
const href = fc.oneof(fc.webUrl(), fc.constantFrom('/v1/payments/payouts/%E0%A4%A', 'payouts/%', '%', 'http://[::1', '', '//'), fc.string(), fc.anything());
const link = fc.oneof(fc.record({ href, rel: fc.anything(), method: fc.anything() }, { requiredKeys: [] }), fc.anything());
const detail = fc.oneof(
  fc.record(
    { field: fc.oneof(fc.constant('SENDER_BATCH_ID'), fc.anything()), issue: fc.anything(), location: fc.anything(), link: fc.oneof(fc.array(link), fc.anything()) },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
const paypalShaped = fc.record(
  {
    name: fc.oneof(fc.constantFrom('USER_BUSINESS_ERROR', 'VALIDATION_ERROR'), fc.anything()),
    message: fc.anything(),
    debug_id: fc.anything(),
    details: fc.oneof(fc.array(detail), fc.anything()),
    links: fc.oneof(fc.array(link), fc.anything()),
    information_link: fc.anything(),
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(
  { arbitrary: paypalShaped.map((body) => JSON.stringify(body) ?? ''), weight: 5 },
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary' }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);

function expectWellFormed(error: unknown, requestId: string) {
  expect(error).toBeInstanceOf(PayPalError);
  expect((error as PayPalError).requestId).toBe(requestId);
  expect(() => JSON.stringify(error)).not.toThrow();
  expect(() => inspect(error, { depth: Infinity })).not.toThrow();
  expect((error as Error).message).not.toMatch(/[\r\n\0]/);
}

describe('APIError.from', () => {
  it('gives a typed error for any status and any value as body', () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), fc.oneof(paypalShaped, fc.anything()), (status, body) => {
        expectWellFormed(APIError.from({ status, body, headers: new Headers(), requestId: 'r-1' }), 'r-1');
      }),
      { seed: SEED, numRuns: 1_000 },
    );
  });

  it('names the original batch from a relative link, and tolerates a malformed one', () => {
    const duplicate = (hrefs: string[]) =>
      APIError.from({
        status: 400,
        body: { name: 'USER_BUSINESS_ERROR', details: [null, { field: 7 }, { field: 'SENDER_BATCH_ID', link: hrefs.map((href) => ({ href })) }] },
        headers: new Headers(),
      }) as DuplicateBatchError;
    expect(duplicate(['/v1/payments/payouts/5UXD2E8A7EBQJ'])).toMatchObject({ name: 'DuplicateBatchError', originalBatchId: '5UXD2E8A7EBQJ' });
    expect(duplicate(['/v1/payments/payouts/%E0%A4%A']).originalBatchId).toBeUndefined();
  });
});

describe('from a real server', () => {
  let server: LocalServer;
  let answer: { status: number; body: string | Buffer } = { status: 500, body: '' };
  beforeAll(async () => {
    server = await startServer(withTokens((_, res) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body)));
  });
  afterAll(() => server.close());

  it('gives every failed create a PayPalError with its requestId, whatever the body', async () => {
    const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url, maxRetries: 0 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 400, max: 599 }), anyBody, async (status, body) => {
        answer = { status, body };
        const error = await client.payouts.create(createBody(), { requestId: 'resume-me' }).then(() => undefined, (e: unknown) => e);
        expectWellFormed(error, 'resume-me');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('keeps a deeply nested body printable', async () => {
    const depth = 20_000;
    answer = { status: 400, body: `{"name":"VALIDATION_ERROR","details":${'['.repeat(depth)}${']'.repeat(depth)}}` };
    const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url, maxRetries: 0 });
    const error = await client.payouts.get('B1').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(() => JSON.stringify(error)).not.toThrow();
    expect(() => JSON.stringify((error as APIError).body)).not.toThrow();
  });
});
