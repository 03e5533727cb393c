// Response bodies are capped (maxResponseBytes): past the cap the client stops reading, drops the
// connection and throws a ResponseTooLargeError with the call's requestId, for success and error answers.
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES, PayoutsClient, ResponseTooLargeError } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, createBody, startServer, withTokens, type LocalServer } from './support/local-server.js';

const CAP = 64 * 1024;
const SENT_AT_MOST = 4 * 1024 * 1024;
let server: LocalServer;
afterEach(() => server?.close());

/**
 * Streams a JSON-looking body of up to 4 MiB in 16 KiB chunks, chunked or with its Content-Length
 * declared; records whether the client hung up first.
 */
function stream(status: number, outcome: { hungUp: boolean; sent: number }, declared: boolean) {
  return async (_: unknown, res: ServerResponse) => {
    res.on('close', () => (outcome.hungUp = !res.writableFinished));
    const chunks = SENT_AT_MOST / (16 * 1024);
    const length = { 'content-length': String('{"padding":"'.length + chunks * 16 * 1024 + '"}'.length) };
    res.writeHead(status, { 'content-type': 'application/json', ...(declared ? length : {}) });
    res.write('{"padding":"');
    const chunk = 'x'.repeat(16 * 1024);
    while (outcome.sent < SENT_AT_MOST && !res.destroyed) {
      outcome.sent += chunk.length;
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
    }
    res.end('"}');
  };
}

describe('maxResponseBytes', () => {
  it.each([
    [201, 'chunked'],
    [500, 'chunked'],
    [201, 'declared'],
    [500, 'declared'],
  ])('stops reading a %i %s body past the cap, drops the connection and keeps the requestId', async (status, framing) => {
    const outcome = { hungUp: false, sent: 0 };
    server = await startServer(withTokens(stream(status, outcome, framing === 'declared')));
    const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url, maxResponseBytes: CAP });
    const error = await client.payouts.create(createBody(), { requestId: 'resume-me' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ status, limitBytes: CAP, requestId: 'resume-me' });
    expect(server.requestsTo('/v1/payments/payouts')).toHaveLength(1); // not retried
    await expect.poll(() => outcome.hungUp).toBe(true);
    expect(outcome.sent).toBeLessThan(SENT_AT_MOST);
  });

  it('counts the decompressed bytes of a gzip body, however small it declares itself', async () => {
    const bomb = gzipSync(`{"padding":"${'0'.repeat(SENT_AT_MOST)}"}`); // ~4 KiB on the wire
    server = await startServer(withTokens((_, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }).end(bomb)));
    const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url, maxResponseBytes: CAP });
    await expect(client.payouts.get('B1')).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('reads a 1,000-item page, PayPal’s largest answer, well within the default', async () => {
    const item = { payout_item_id: 'X'.repeat(13), transaction_status: 'SUCCESS', payout_item: createBody(1).items[0], links: [{ href: 'https://api-m.paypal.com/v1/payments/payouts-item/XXXXXXXXXXXXX', rel: 'item', method: 'GET' }] };
    const page = JSON.stringify({ batch_header: { payout_batch_id: 'B1' }, items: Array.from({ length: 1000 }, () => item) });
    expect(page.length * 10).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES);
    server = await startServer(withTokens((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(page)));
    const client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url });
    expect((await client.payouts.get('B1')).items).toHaveLength(1000);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects maxResponseBytes %s', (maxResponseBytes) => {
    expect(() => new PayoutsClient({ clientId: 'id', clientSecret: 'secret', maxResponseBytes })).toThrow(/maxResponseBytes must be a whole number/);
  });
});
