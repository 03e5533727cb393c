// Review of issue 15's bulk runner: ways a row can still be paid twice, or not at all while the run
// says it was. Each test drives the library against the local PayPal, whose ledger is the truth.
// These tests FAIL on the merged code (5f8d23d); each names the hole it shows.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PayoutsClient } from '../../src/index.js';
import { AlreadyPaidError, BatchMismatchError, BatchRefusedError, planFile, sendPayoutFile, type SendResult } from '../../src/bulk/index.js';
import { send as sendCommand } from '../../src/bulk/cli.js';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { tempDir, writeWebFile } from './support.js';

let paypal: LocalPayPal;
let store: string;
const client = () => new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url, maxRetries: 1 });
const fastWait = { intervalMs: 1, maxIntervalMs: 5, timeoutMs: 2_000 };
const send = (file: string, options: { runId?: string; batchSize?: number } = {}): Promise<SendResult | Error> =>
  sendPayoutFile(file, { client: client(), storeDir: store, wait: fastWait, ...options }).catch((error: Error) => error);

/** sender_item_ids PayPal holds more than once. */
const paidTwice = () => {
  const ids = paypal.ledger.items().map((item) => item.senderItemId);
  return ids.filter((id, index) => ids.indexOf(id) !== index);
};
/** Items PayPal holds for this receiver, whatever its case. */
const paidTo = (receiver: string) => paypal.ledger.items().filter((item) => item.receiver.toLowerCase() === receiver.toLowerCase());

beforeEach(async () => {
  paypal = await startLocalPayPal({ clock: 'instant' });
  store = tempDir();
});
afterEach(async () => {
  vi.useRealTimers();
  await paypal.close();
});

describe('review of issue 15: pays twice', () => {
  it('a mismatched batch releases its rows, so a re-run with another --batch-size pays rows PayPal already holds', async () => {
    const dir = tempDir();
    const file = writeWebFile(dir, 6, 'may.csv', 'RVM');
    const planned = (await planFile(file)).batches[0]!.senderBatchId;
    // PayPal holds a batch under the planned sender_batch_id (sent by this account: the namespace is
    // the account's) with the same rows but one amount written differently.
    const items = readFileSync(file, 'utf8').trim().split('\n').map((line, index) => {
      const [receiver, value, currency, id] = line.split(',');
      return { receiver: receiver!, amount: { value: index === 2 ? '999' : value!, currency: currency! }, sender_item_id: id, recipient_type: 'EMAIL' };
    });
    await client().payouts.create({ sender_batch_header: { sender_batch_id: planned }, items });
    expect(await send(file)).toBeInstanceOf(BatchMismatchError);
    // The tired operator resumes with another batch size, as docs/bulk.md says one may.
    await send(file, { batchSize: 3 });
    expect(paidTwice(), 'rows PayPal held under the mismatched batch were paid again').toEqual([]);
  });

  it('a row without sender_item_id dodges the ledger when its receiver is written in another case', async () => {
    const first = tempDir();
    const second = tempDir();
    writeFileSync(join(first, 'june.csv'), 'ana@Example.COM,10.00,USD,,June payout,PAYPAL\n');
    writeFileSync(join(second, 'june-fixed.csv'), 'ana@example.com,10,USD,,June payout,PAYPAL\n');
    expect(await send(join(first, 'june.csv'))).not.toBeInstanceOf(Error);
    const again = await send(join(second, 'june-fixed.csv'));
    // Domain names are case-insensitive (RFC 5321 §2.4): one PayPal account, paid twice.
    expect(paidTo('ana@example.com'), 'one person paid twice').toHaveLength(1);
    expect(again).toBeInstanceOf(AlreadyPaidError);
  });

  it('a row sent with a sender_item_id is paid again when the file is re-saved without the ID column', async () => {
    const first = tempDir();
    const second = tempDir();
    writeFileSync(join(first, 'june.csv'), 'bo@example.com,25.00,USD,INV-1,June payout,PAYPAL\n');
    writeFileSync(join(second, 'june.csv'), 'bo@example.com,25.00,USD,,June payout,PAYPAL\n');
    expect(await send(join(first, 'june.csv'))).not.toBeInstanceOf(Error);
    await send(join(second, 'june.csv'));
    expect(paidTo('bo@example.com'), 'same receiver, amount, currency and note within 30 days: paid twice').toHaveLength(1);
  });
});

describe('review of issue 15: never pays, or misleads', () => {
  it('the same file without IDs sent again after 30 days pays nobody and still says every row is paid', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-01T10:00:00Z') });
    const dir = tempDir();
    const file = join(dir, 'monthly.csv');
    writeFileSync(file, 'cy@example.com,40.00,USD,,Monthly retainer,PAYPAL\n');
    expect(await send(file)).not.toBeInstanceOf(Error);
    // docs/bulk.md: "Such a row counts as paid for 30 days ... and paid again after."
    vi.setSystemTime(new Date('2026-07-05T10:00:00Z'));
    const july = await send(file);
    const paidAgain = paidTo('cy@example.com').length === 2;
    const saysNotPaid = july instanceof Error || july.outcome !== 'done' || !july.summary.allPaid;
    expect(paidAgain || saysNotPaid, 'July: nothing sent, and the result says every row is paid (exit 0)').toBe(true);
  });

  it('the same rows under a new run ID after 30 days are never sent: the new run finds the old batch and sends nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-01T10:00:00Z') });
    const dir = tempDir();
    const file = join(dir, 'monthly.csv');
    writeFileSync(file, 'di@example.com,40.00,USD,,Monthly retainer,PAYPAL\n');
    expect(await send(file, { runId: 'june' })).not.toBeInstanceOf(Error);
    vi.setSystemTime(new Date('2026-07-05T10:00:00Z'));
    await send(file, { runId: 'july' });
    await send(file, { runId: 'july' }); // "run the same command again"
    expect(paidTo('di@example.com'), 'documented: paid again after 30 days').toHaveLength(2);
  });

  it('a refused batch re-sent from a re-exported file (another run) is taken over, not sent, and then refused as "already sent"', async () => {
    const dir = tempDir();
    const rows = ['eve@example.com,5.00,USD,REF1,June,PAYPAL', 'fay@example.com,6.00,USD,REF2,June,PAYPAL'];
    writeFileSync(join(dir, 'june.csv'), `${rows.join('\n')}\n`);
    // PayPal refuses the first create (422: nothing paid), as INSUFFICIENT_FUNDS does.
    paypal.faults.add({ operation: 'payouts.create', kind: 'error-before-commit', status: 422 });
    expect(await send(join(dir, 'june.csv'))).toBeInstanceOf(BatchRefusedError);
    // Funds topped up; the operator exports the file again (CRLF this time: other bytes, another run).
    writeFileSync(join(dir, 'june-export.csv'), `${rows.join('\r\n')}\r\n`);
    const retry = await send(join(dir, 'june-export.csv'));
    const again = await send(join(dir, 'june-export.csv'));
    expect(paypal.ledger.items().map((item) => item.senderItemId).sort(), `retry: ${String(retry instanceof Error ? retry.message : retry.outcome)}; again: ${String(again instanceof Error ? again.message : again.outcome)}`).toEqual([
      'REF1',
      'REF2',
    ]);
  });
});

/** The local PayPal behind a proxy that drops the HATEOAS links of its 400 answers. */
async function withoutErrorLinks(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url!, target);
      const upstream = request(url, { method: incoming.method, headers: { ...incoming.headers, host: url.host } }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          let text = Buffer.concat(body).toString('utf8');
          if (answer.statusCode === 400) {
            const json = JSON.parse(text) as { details?: Array<{ link?: unknown }>; links?: unknown };
            for (const detail of json.details ?? []) delete detail.link;
            delete json.links;
            text = JSON.stringify(json);
          }
          const headers = { ...answer.headers };
          delete headers['content-length'];
          outgoing.writeHead(answer.statusCode!, headers).end(text);
        });
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('review of issue 15: advice', () => {
  it('"sender_batch_id already exists" without a link to the original: the run says "run the same command again", which only repeats it', async () => {
    const dir = tempDir();
    const file = writeWebFile(dir, 3, 'aug.csv', 'DUP');
    // Machine A sends the file; machine B (its own store) sends it too, through a PayPal answer
    // that names no original batch.
    expect(await send(file)).not.toBeInstanceOf(Error);
    const proxy = await withoutErrorLinks(paypal.url);
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    const args = ['--store', tempDir(), '--client-id', paypal.clientId, '--client-secret', paypal.clientSecret, '--base-url', proxy.url, '--poll-interval', '0.01'];
    try {
      const first = await sendCommand([file, ...args]);
      const firstSaid = stderr.join('');
      stderr.length = 0;
      const second = await sendCommand([file, ...args]);
      const advisedRerun = /run the same command again/.test(firstSaid);
      expect(!advisedRerun || second <= 1, `first run exit ${first}: ${firstSaid.split('\n').filter((line) => line.startsWith('error')).join(' ')}; second run exit ${second}`).toBe(true);
    } finally {
      spy.mockRestore();
      await new Promise((resolve) => proxy.server.close(resolve));
    }
    expect(paypal.ledger.items()).toHaveLength(3);
  });
});

describe('review of issue 15: legacy journals', () => {
  it('a partial run of the earlier version, re-run from another folder after the upgrade, pays its sent rows again', async () => {
    const dir = tempDir();
    const file = writeWebFile(dir, 20, 'legacy.csv', 'LEG');
    const plan = await planFile(file);
    // What the earlier version left in `dir`: batch 1 of 2 (rows 1 to 10) sent as `<run>-1`.
    const items = readFileSync(file, 'utf8').trim().split('\n').slice(0, 10).map((line) => {
      const [receiver, value, currency, id] = line.split(',');
      return { receiver: receiver!, amount: { value: value!, currency: currency! }, sender_item_id: id, recipient_type: 'EMAIL', note: 'Monthly payout', recipient_wallet: 'PAYPAL' };
    });
    const created = await client().payouts.create({ sender_batch_header: { sender_batch_id: `${plan.runId}-1` }, items }, { requestId: 'legacy-r1' });
    mkdirSync(join(dir, '.paypal-payouts'));
    const journal = [
      { t: 'plan', at: '2026-11-30T10:00:00.000Z', plan: { runId: plan.runId, file, sha256: plan.sha256, batchSize: 10, rows: 20 } },
      { t: 'sending', batch: 0, requestId: 'legacy-r1' },
      { t: 'sent', batch: 0, payoutBatchId: created.batch_header!.payout_batch_id },
    ];
    writeFileSync(join(dir, '.paypal-payouts', `${plan.runId}.journal`), journal.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    // After the upgrade the operator resumes from their home folder (the CLI looks in ./.paypal-payouts only).
    const elsewhere = tempDir();
    await sendPayoutFile(file, { client: client(), storeDir: store, legacyDir: join(elsewhere, '.paypal-payouts'), wait: fastWait }).catch((error: Error) => error);
    expect(paidTwice(), 'rows the earlier version sent are paid again').toEqual([]);
  });
});
