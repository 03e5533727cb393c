// payouts.items walks every page, lazily, and stops on the last one.
import { afterEach, expect, it } from 'vitest';
import { PayoutsClient, PayPalError } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, json, startServer, withTokens, type LocalServer } from './support/local-server.js';

const PATH = '/v1/payments/payouts/B1';
const item = (n: number) => ({ payout_item_id: `I${n}`, payout_batch_id: 'B1', payout_item: { receiver: `r${n}@example.com`, amount: { currency: 'USD', value: '1.00' } } });

let server: LocalServer;
afterEach(() => server?.close());

/** A batch of `total` items, paged as PayPal pages it; totals only when asked for. */
async function clientForBatch(total: number, { reportTotals = true } = {}) {
  server = await startServer(
    withTokens((request, res) => {
      const page = Number(request.query.get('page') ?? 1);
      const size = Number(request.query.get('page_size') ?? 1000);
      const items = Array.from({ length: total }, (_, n) => item(n)).slice((page - 1) * size, page * size);
      const totals = reportTotals && request.query.get('total_required') === 'true' ? { total_items: total, total_pages: Math.ceil(total / size) } : {};
      json(res, 200, { ...totals, batch_header: { payout_batch_id: 'B1', batch_status: 'SUCCESS', sender_batch_header: {} }, items });
    }),
  );
  return new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url });
}

const collect = async <T>(items: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const value of items) all.push(value);
  return all;
};
const pagesAsked = () => server.requestsTo(PATH).map((request) => Object.fromEntries(request.query));

it('yields every item of every page, in order, and stops on the last page', async () => {
  const client = await clientForBatch(5);
  const ids = (await collect(client.payouts.items('B1', { pageSize: 2 }))).map((i) => i.payout_item_id);
  expect(ids).toEqual(['I0', 'I1', 'I2', 'I3', 'I4']);
  expect(pagesAsked()).toEqual([1, 2, 3].map((page) => ({ page: String(page), page_size: '2', total_required: 'true' })));
});

it('does not ask for a page past the last when the last page is full', async () => {
  const client = await clientForBatch(4);
  expect(await collect(client.payouts.items('B1', { pageSize: 2 }))).toHaveLength(4);
  expect(server.requestsTo(PATH)).toHaveLength(2);
});

it('stops on a short page when PayPal gives no totals', async () => {
  const client = await clientForBatch(5, { reportTotals: false });
  expect(await collect(client.payouts.items('B1', { pageSize: 2 }))).toHaveLength(5);
  expect(server.requestsTo(PATH)).toHaveLength(3);
});

it('stops on an empty batch after one request', async () => {
  const client = await clientForBatch(0);
  expect(await collect(client.payouts.items('B1', { pageSize: 10 }))).toEqual([]);
  expect(server.requestsTo(PATH)).toHaveLength(1);
});

it('fetches a page only when the loop reaches it', async () => {
  const client = await clientForBatch(6);
  for await (const first of client.payouts.items('B1', { pageSize: 2 })) {
    expect(first.payout_item_id).toBe('I0');
    break;
  }
  expect(server.requestsTo(PATH)).toHaveLength(1);
});

it('throws before the first item, instead of truncating, when the batch has more than 1,000 pages', async () => {
  const client = await clientForBatch(1_005);
  const seen: unknown[] = [];
  const error = await (async () => {
    for await (const value of client.payouts.items('B1', { pageSize: 1 })) seen.push(value);
  })().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PayPalError);
  expect((error as Error).message).toMatch(/more than 1000 pages at pageSize 1.*pass a larger pageSize/);
  expect(seen).toHaveLength(0);
  expect(server.requestsTo(PATH)).toHaveLength(1);
});

it('throws after page 1,000 rather than stopping silently when PayPal gives no totals', async () => {
  const client = await clientForBatch(1_005, { reportTotals: false });
  let count = 0;
  const error = await (async () => {
    for await (const _ of client.payouts.items('B1', { pageSize: 1 })) count++;
  })().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PayPalError);
  expect(count).toBe(1_000);
}, 120_000);
