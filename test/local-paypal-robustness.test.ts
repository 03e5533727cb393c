// The local PayPal survives its clients: aborted uploads, client timeouts, resets, oversized bodies and
// many slow uploads never crash it or the process hosting it (vitest fails a run on an uncaught error).
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PayoutsClient } from '../src/index.js';
import { startLocalPayPal, type LocalPayPal } from '../src/testing/index.js';
import { createBody } from './support/local-server.js';
import { rawCaller } from './support/raw-paypal.js';

let paypal: LocalPayPal;
afterEach(() => paypal?.close());

const clientFor = (options: { timeoutMs?: number } = {}) =>
  new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url, maxRetries: 0, ...options });

/** Sends the head of a POST announcing `length` bytes and `sent` of them; resolves with the open socket. */
function partialUpload(length: number, sent: Buffer) {
  const { port } = new URL(paypal.url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => {}); // the emulator may cut us off; that is the point
  socket.write(`POST /v1/payments/payouts HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`);
  socket.write(sent);
  return socket;
}

/** The emulator still pays: a create and a read succeed. */
async function stillServes(id: string) {
  const client = clientFor();
  const { batch_header } = await client.payouts.create(createBody(1, id));
  expect((await client.payouts.get(batch_header!.payout_batch_id)).batch_header?.payout_batch_id).toBe(batch_header!.payout_batch_id);
}

describe('robustness', () => {
  it('an upload aborted mid-body, and a reset connection, leave the emulator serving', async () => {
    paypal = await startLocalPayPal();
    const aborted = partialUpload(10_000, Buffer.from('{"items": ['));
    await new Promise((resolve) => setTimeout(resolve, 50));
    aborted.destroy();
    const reset = partialUpload(10_000, Buffer.from('{'));
    reset.resetAndDestroy();
    await stillServes('after-abort-1');
  });

  it("our own client timing out (timeoutMs: 1) on a 15,000-item create leaves the emulator and this process running", async () => {
    paypal = await startLocalPayPal();
    await expect(clientFor({ timeoutMs: 1 }).payouts.create(createBody(15_000, 'timeout-1'))).rejects.toThrow();
    await stillServes('after-timeout-1');
  });

  it('accepts a 15,000-item create and refuses a body over 16 MB with 413 REQUEST_ENTITY_TOO_LARGE, paying nothing', async () => {
    paypal = await startLocalPayPal();
    await expect(clientFor().payouts.create(createBody(15_000, 'big-1'))).resolves.toBeDefined();
    const call = await rawCaller({ baseUrl: paypal.url, clientId: paypal.clientId, clientSecret: paypal.clientSecret });
    const answer = await call('POST', '/v1/payments/payouts', { body: `{"x":"${'a'.repeat(17 * 1024 * 1024)}"}` }).catch(() => undefined);
    // Either the answer arrived before the upload was cut, or the cut came first; both pay nothing.
    if (answer) expect(answer).toMatchObject({ status: 413, body: { name: 'REQUEST_ENTITY_TOO_LARGE' } });
    expect(paypal.ledger.batches()).toHaveLength(1);
    await stillServes('after-big-1');
  });

  it('40 slow 15 MB uploads hold at most the 64 MB read budget; the rest are refused with 503', async () => {
    paypal = await startLocalPayPal();
    const mb = Buffer.alloc(1024 * 1024, 'a');
    const sockets = Array.from({ length: 40 }, () => partialUpload(15 * 1024 * 1024, mb));
    const answers = sockets.map(() => '');
    sockets.forEach((socket, index) => socket.on('data', (chunk: Buffer) => (answers[index] = `${answers[index]}${chunk}`)));
    // Each upload goes on slowly, 1 MB at a time; the budget is spent by the 65th MB.
    for (let round = 1; round < 14; round++) for (const socket of sockets) if (!socket.destroyed) socket.write(mb);
    await expect.poll(() => answers.filter((text) => text.startsWith('HTTP/1.1 503')).length, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(answers.find((text) => text.startsWith('HTTP/1.1 503')) ?? '').toContain('SERVICE_UNAVAILABLE');
    expect(paypal.requests).toEqual([]); // no upload reached a handler
    for (const socket of sockets) socket.destroy();
    await stillServes('after-slow-1');
  });

  it('listening on every interface gives a URL the client accepts', async () => {
    paypal = await startLocalPayPal({ host: '0.0.0.0' });
    expect(new URL(paypal.url).hostname).toBe('127.0.0.1');
    await stillServes('any-host-1');
  });
});
