// The local PayPal models PayPal's facts: fees, the rate limit, the item lifecycle after a batch
// completes (cancel, DENIED, the 30-day return), each on the emulator's clock. Calls go through Prism.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PayoutsClient, type ClientOptions } from '../src/index.js';
import { startLocalPayPal, type LocalPayPal, type LocalPayPalOptions } from '../src/testing/index.js';
import { createBody } from './support/local-server.js';
import { rawCaller } from './support/raw-paypal.js';
import { exchanges, throughPrism, violations } from './support/through-prism.js';

let paypal: LocalPayPal;
afterEach(() => paypal?.close());
afterAll(() => {
  expect(exchanges.count).toBeGreaterThan(10);
  expect(violations).toEqual([]);
});

const DAY_MS = 24 * 60 * 60 * 1000;

async function setUp(options: LocalPayPalOptions = {}, client: ClientOptions = {}) {
  paypal = await startLocalPayPal({ clock: 'instant', ...options });
  return new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, ...throughPrism(paypal), ...client });
}

describe('fees (paypal-facts.md #5)', () => {
  it('0.25 USD per paid domestic item, 0.00 for a failed one, 2% in USD with currency_conversion for another currency', async () => {
    const client = await setUp({ clock: 'on-read' });
    const body = createBody(3, 'fees-1');
    body.items[1]!.receiver = 'fail-1@example.com';
    body.items[2]!.amount = { value: '15000', currency: 'JPY' };
    const { batch_header } = await client.payouts.create(body);
    const id = batch_header!.payout_batch_id;
    expect(paypal.ledger.batches()[0]?.status).toBe('PENDING');
    const done = await client.payouts.get(id).then(() => client.payouts.get(id));
    expect(done.items?.map((item) => item.payout_item_fee)).toEqual([
      { currency: 'USD', value: '0.25' },
      { currency: 'USD', value: '0.00' },
      { currency: 'USD', value: '2.00' }, // 2% of 100.00 USD (15,000 JPY at our fixed 150 per USD)
    ]);
    expect(done.items?.[2]?.currency_conversion).toEqual({ from_amount: { currency: 'USD', value: '100.00' }, to_amount: { currency: 'JPY', value: '15000' }, exchange_rate: '150' });
    expect(done.items?.[0]?.currency_conversion).toBeUndefined();
    expect(done.batch_header?.fees).toEqual({ currency: 'USD', value: '2.25' });
  });

  it('are 0 in the header until the batch is PROCESSING', async () => {
    const client = await setUp({ clock: 'manual' });
    const { batch_header } = await client.payouts.create(createBody(1, 'fees-2'));
    expect((await client.payouts.get(batch_header!.payout_batch_id)).batch_header?.fees).toEqual({ currency: 'USD', value: '0' });
  });

  it('come from the fees option when given', async () => {
    const client = await setUp({ fees: (item) => ({ currency: 'USD', value: item.amount.currency === 'USD' ? '1.00' : '3.00' }) });
    const { batch_header } = await client.payouts.create(createBody(2, 'fees-3'));
    const done = await client.payouts.get(batch_header!.payout_batch_id);
    expect(done.items?.map((item) => item.payout_item_fee?.value)).toEqual(['1.00', '1.00']);
    expect(done.batch_header?.fees).toEqual({ currency: 'USD', value: '2.00' });
  });
});

describe('rate limit (paypal-facts.md #1)', () => {
  it('answers the 401st POST of a minute with 429 RATE_LIMIT_REACHED, the token endpoint too, until the minute passes', async () => {
    paypal = await startLocalPayPal({ rateLimit: { postsPerMinute: 3 } });
    const call = await rawCaller({ baseUrl: paypal.url, clientId: paypal.clientId, clientSecret: paypal.clientSecret }); // POST 1: the token
    const create = (id: string) => call('POST', '/v1/payments/payouts', { body: createBody(1, id) });
    expect((await create('limit-1')).status).toBe(201);
    expect((await create('limit-2')).status).toBe(201);
    expect(await create('limit-3')).toMatchObject({ status: 429, body: { name: 'RATE_LIMIT_REACHED' } });
    expect((await call('GET', `/v1/payments/payouts/${paypal.ledger.batches()[0]!.payoutBatchId}`)).status).toBe(200); // reads are not counted
    const token = await fetch(`${paypal.url}/v1/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${paypal.clientId}:${paypal.clientSecret}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(429);
    paypal.clock.advance(60_000);
    expect((await create('limit-3')).status).toBe(201);
    expect(paypal.ledger.batches()).toHaveLength(3);
  });

  it('is 400 POSTs a minute by default, and can be turned off', async () => {
    paypal = await startLocalPayPal();
    const call = await rawCaller({ baseUrl: paypal.url, clientId: paypal.clientId, clientSecret: paypal.clientSecret });
    const statuses = [];
    for (let i = 0; i < 400; i++) statuses.push((await call('POST', '/v1/payments/payouts', { body: createBody(1, `many-${i}`) })).status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(399); // the token was POST 1
    expect(statuses.at(-1)).toBe(429);
    await paypal.close();

    paypal = await startLocalPayPal({ rateLimit: false });
    const unlimited = await rawCaller({ baseUrl: paypal.url, clientId: paypal.clientId, clientSecret: paypal.clientSecret });
    for (let i = 0; i < 401; i++) expect((await unlimited('POST', '/v1/payments/payouts', { body: createBody(1, `free-${i}`) })).status).toBe(201);
  });
});

describe('item lifecycle (paypal-facts.md #4, #6)', () => {
  it('a cancelled item reads RETURNED with a new transaction ID', async () => {
    const client = await setUp();
    const body = createBody(1, 'cancel-1');
    body.items[0]!.receiver = 'unclaimed-1@example.com';
    const { batch_header } = await client.payouts.create(body);
    const [item] = (await client.payouts.get(batch_header!.payout_batch_id)).items!;
    const cancelled = await client.payoutItems.cancel(item!.payout_item_id);
    expect(cancelled.transaction_status).toBe('RETURNED');
    expect(cancelled.transaction_id).toMatch(/^[A-Z0-9]{13}$/);
    expect(cancelled.transaction_id).not.toBe(item!.transaction_id);
  });

  it('an unclaimed item is returned after 30 days of the emulator clock, with a new transaction ID', async () => {
    const client = await setUp();
    const body = createBody(1, 'return-1');
    body.items[0]!.receiver = 'unclaimed-2@example.com';
    const { batch_header } = await client.payouts.create(body);
    const [item] = (await client.payouts.get(batch_header!.payout_batch_id)).items!;
    paypal.clock.advance(29 * DAY_MS);
    expect((await client.payoutItems.get(item!.payout_item_id)).transaction_status).toBe('UNCLAIMED');
    paypal.clock.advance(DAY_MS);
    const returned = await client.payoutItems.get(item!.payout_item_id);
    expect(returned.transaction_status).toBe('RETURNED');
    expect(returned.transaction_id).not.toBe(item!.transaction_id);
    await expect(client.payoutItems.cancel(item!.payout_item_id)).rejects.toMatchObject({ code: 'ITEM_ALREADY_CANCELLED' });
  });

  it('a denied item is FAILED with error DENIED and costs nothing', async () => {
    const client = await setUp();
    const body = createBody(1, 'deny-1');
    body.items[0]!.receiver = 'deny-1@example.com';
    const { batch_header } = await client.payouts.create(body);
    const [item] = (await client.payouts.get(batch_header!.payout_batch_id)).items!;
    expect(item).toMatchObject({ transaction_status: 'FAILED', errors: { name: 'DENIED' }, payout_item_fee: { value: '0.00' } });
  });
});
