// The local PayPal on its own: lifecycle, outcomes, idempotency, tokens, faults, ledger, validation.
// The client's calls go through Prism, which checks each against the contract.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, DuplicateBatchError, PayoutsClient, type ClientOptions } from '../src/index.js';
import { startLocalPayPal, type LocalPayPal, type LocalPayPalOptions } from '../src/testing/index.js';
import { createBody } from './support/local-server.js';
import { rawCaller } from './support/raw-paypal.js';
import { exchanges, throughPrism, violations } from './support/through-prism.js';

let paypal: LocalPayPal;
afterEach(() => paypal?.close());
afterAll(() => {
  expect(exchanges.count).toBeGreaterThan(50);
  expect(violations).toEqual([]);
});

async function setUp(options: LocalPayPalOptions = {}, client: ClientOptions = {}) {
  paypal = await startLocalPayPal(options);
  return new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, ...throughPrism(paypal), ...client });
}

/** A raw call with a token, straight to the local PayPal: for what the client would refuse to send. */
async function raw(path: string, { method = 'GET', body, headers }: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const call = await rawCaller({ baseUrl: paypal.url, clientId: paypal.clientId, clientSecret: paypal.clientSecret });
  const answer = await call(method, path, { body, headers });
  return { ...answer, body: answer.body ?? {} };
}

describe('batch lifecycle', () => {
  it('moves PENDING -> PROCESSING -> SUCCESS on reads, with fees after PROCESSING and time_completed at the end', async () => {
    const client = await setUp();
    const body = createBody(2, 'life-1');
    const created = await client.payouts.create(body);
    expect(created.batch_header?.batch_status).toBe('PENDING');
    const id = created.batch_header!.payout_batch_id;

    const processing = await client.payouts.get(id);
    // PayPal's flat 0.25 USD per domestic item, once PROCESSING (paypal-facts.md #5).
    expect(processing.batch_header).toMatchObject({ batch_status: 'PROCESSING', amount: { currency: 'USD', value: '3.00' }, fees: { currency: 'USD', value: '0.50' } });
    expect(processing.batch_header?.time_completed).toBeUndefined();
    const done = await client.payouts.get(id);
    expect(done.batch_header?.batch_status).toBe('SUCCESS');
    expect(done.batch_header?.time_completed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(done.items?.map((item) => item.transaction_status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(done.items?.[0]?.payout_item_fee).toEqual({ currency: 'USD', value: '0.25' });
  });

  it("'instant' completes a batch before its first read; 'manual' only on tick()", async () => {
    const client = await setUp({ clock: 'instant' });
    const { batch_header } = await client.payouts.create(createBody(1, 'instant-1'));
    expect((await client.payouts.get(batch_header!.payout_batch_id)).batch_header?.batch_status).toBe('SUCCESS');
    await paypal.close();

    const manual = await setUp({ clock: 'manual' });
    const created = await manual.payouts.create(createBody(1, 'manual-1'));
    const id = created.batch_header!.payout_batch_id;
    expect((await manual.payouts.get(id)).batch_header?.batch_status).toBe('PENDING');
    paypal.clock.tick();
    expect((await manual.payouts.get(id)).batch_header?.batch_status).toBe('PROCESSING');
    paypal.clock.settle();
    expect((await manual.payouts.get(id)).batch_header?.batch_status).toBe('SUCCESS');
  });

  it('a timed clock completes a batch on its own', async () => {
    const client = await setUp({ clock: { stepMs: 20 } });
    const { batch_header } = await client.payouts.create(createBody(1, 'timed-1'));
    await expect.poll(() => paypal.ledger.batches()[0]?.status).toBe('SUCCESS');
    expect((await client.payouts.get(batch_header!.payout_batch_id)).batch_header?.batch_status).toBe('SUCCESS');
  });
});

describe('item outcomes', () => {
  it('are chosen by the receiver, and an unclaimed item is cancelled once', async () => {
    const client = await setUp({ clock: 'instant' });
    const body = createBody(5, 'outcomes-1');
    ['unclaimed-1@example.com', 'fail-1@example.com', 'hold-1@example.com', 'block-1@example.com'].forEach((receiver, i) => (body.items[i + 1]!.receiver = receiver));
    const { batch_header } = await client.payouts.create(body);
    const items = (await client.payouts.get(batch_header!.payout_batch_id)).items!;
    expect(items.map((item) => item.transaction_status)).toEqual(['SUCCESS', 'UNCLAIMED', 'FAILED', 'ONHOLD', 'BLOCKED']);
    expect(items[2]?.errors?.name).toBe('RECEIVER_UNREGISTERED');

    const unclaimed = items[1]!.payout_item_id;
    expect((await client.payoutItems.cancel(unclaimed)).transaction_status).toBe('RETURNED');
    await expect(client.payoutItems.cancel(unclaimed)).rejects.toMatchObject({ status: 400, code: 'ITEM_ALREADY_CANCELLED' });
    await expect(client.payoutItems.cancel(items[0]!.payout_item_id)).rejects.toMatchObject({ status: 400, code: 'ITEM_INCORRECT_STATUS' });
    expect((await client.payoutItems.get(unclaimed)).transaction_status).toBe('RETURNED');
  });

  it.each([
    ['ERRPYO005', 422, 'INSUFFICIENT_FUNDS'],
    ['ERRPYO006', 500, 'INTERNAL_ERROR'],
    ['ERRPYO002', 403, 'SENDER_EMAIL_UNCONFIRMED'],
  ])("PayPal's sandbox test value %s in items[0].note fails with %i %s and pays nothing", async (note, status, name) => {
    const client = await setUp({}, { maxRetries: 0 });
    const body = createBody(1, `sandbox-${note}`);
    Object.assign(body.items[0]!, { note });
    await expect(client.payouts.create(body)).rejects.toMatchObject({ status, code: name });
    expect(paypal.ledger.items()).toEqual([]);
  });
});

describe('idempotency', () => {
  it('answers a repeated PayPal-Request-Id with the original batch (200), refuses a reused sender_batch_id with a link', async () => {
    const client = await setUp();
    const first = await client.payouts.create(createBody(1, 'idem-1'), { requestId: 'request-1' }).withResponse();
    const again = await client.payouts.create(createBody(1, 'idem-1'), { requestId: 'request-1' }).withResponse();
    expect(first.response.status).toBe(201);
    expect(again.response.status).toBe(200);
    expect(again.data.batch_header?.payout_batch_id).toBe(first.data.batch_header?.payout_batch_id);

    const error = await client.payouts.create(createBody(1, 'idem-1')).then(undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateBatchError);
    expect((error as DuplicateBatchError).originalBatchId).toBe(first.data.batch_header?.payout_batch_id);
    expect(paypal.ledger.batches()).toHaveLength(1);
  });

  it('refuses the second of two concurrent requests with one PayPal-Request-Id (409)', async () => {
    await setUp();
    paypal.faults.add({ operation: 'payouts.create', kind: 'delay', delayMs: 200 });
    const call = await rawCaller({ baseUrl: paypal.url, clientId: paypal.clientId, clientSecret: paypal.clientSecret }); // one token, fetched before
    const send = () => call('POST', '/v1/payments/payouts', { headers: { 'paypal-request-id': 'same' }, body: JSON.stringify(createBody(1, 'twin-1')) });
    const [first, second] = await Promise.all([send(), new Promise((r) => setTimeout(r, 50)).then(send)]);
    expect(first.status).toBe(201);
    // PayPal's 409 for a request still in progress (developer.paypal.com/api/payments/v2/errors/previous_request_in_progress).
    expect(second).toMatchObject({ status: 409, body: { name: 'PREVIOUS_REQUEST_IN_PROGRESS', details: [{ issue: 'PREVIOUS_REQUEST_IN_PROGRESS' }] } });
    expect(paypal.ledger.batches()).toHaveLength(1);
  });
});

describe('answers', () => {
  it('carry a Paypal-Debug-Id, and the same debug_id in an error', async () => {
    await setUp();
    const missing = await raw('/v1/payments/payouts/NOPE');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('paypal-debug-id')).toBe(missing.body.debug_id);
    const found = await raw('/v1/payments/payouts', { method: 'POST', body: JSON.stringify(createBody(1, 'debug-1')) });
    expect(found.headers.get('paypal-debug-id')).toMatch(/^[0-9a-f]{13}$/);
  });

  it('refuse a request the contract forbids with VALIDATION_ERROR naming the field', async () => {
    await setUp();
    const body = createBody(1, 'invalid-1') as { items: Array<Record<string, unknown>> };
    delete body.items[0]!.receiver;
    const answer = await raw('/v1/payments/payouts', { method: 'POST', body: JSON.stringify(body) });
    expect(answer).toMatchObject({ status: 400, body: { name: 'VALIDATION_ERROR', details: [{ field: '/items/0/receiver', location: 'body' }] } });
    expect((await raw('/v1/payments/payouts/B1?page_size=0')).body.details).toEqual([expect.objectContaining({ field: '/page_size', location: 'query' })]);
    expect((await raw('/v1/payments/payouts', { method: 'POST', body: '{' })).body.name).toBe('MALFORMED_REQUEST_JSON');
    const form = await raw('/v1/payments/payouts', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(createBody(1, 'text-1')) });
    expect(form).toMatchObject({ status: 415, body: { name: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(paypal.ledger.items()).toEqual([]);
  });
});

describe('what PayPal refuses', () => {
  it.each([
    // The issue's examples, which PayPal refuses and the emulator used to pay as SUCCESS.
    ['USD 9.9e28', { amount: { value: '99000000000000000000000000000.00', currency: 'USD' } }, 'items[0].amount.value'],
    ['BTC 10.00', { amount: { value: '10.00', currency: 'BTC' } }, 'items[0].amount.currency'],
    ['wallet "3.00"', { recipient_wallet: '3.00' }, 'items[0].recipient_wallet'],
    ['Venmo without a note', { recipient_wallet: 'VENMO', recipient_type: 'PHONE', receiver: '4085550100' }, 'items[0].note'],
  ])('refuses %s with 400 VALIDATION_ERROR naming the field, and pays nothing (paypal-facts.md #13)', async (_, change, field) => {
    await setUp();
    const body = createBody(2, 'refused-1');
    Object.assign(body.items[1]!, change);
    const answer = await raw('/v1/payments/payouts', { method: 'POST', body: JSON.stringify(body) });
    expect(answer).toMatchObject({ status: 400, body: { name: 'VALIDATION_ERROR', details: [{ field: field.replace('[0]', '[1]'), location: 'body', issue: expect.any(String) }] } });
    expect(paypal.ledger.items()).toEqual([]);
  });
});

describe('tokens', () => {
  it('expire, and can be revoked', async () => {
    const client = await setUp({ tokenTtlSeconds: 1 });
    const { batch_header } = await client.payouts.create(createBody(1, 'token-1'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await client.payouts.get(batch_header!.payout_batch_id); // the client sees the expiry coming and fetches a new token
    paypal.tokens.revokeAll();
    await client.payouts.get(batch_header!.payout_batch_id); // 401, new token, replay
    const tokenCalls = paypal.requests.filter((request) => request.operation === 'oauth2.token');
    expect(tokenCalls).toHaveLength(3);
    expect(paypal.requests.filter((request) => request.status === 401)).toHaveLength(1);
  });

  it('refuses wrong credentials as PayPal does', async () => {
    const client = await setUp({}, { clientSecret: 'wrong' });
    await expect(client.payouts.get('B1')).rejects.toMatchObject({ status: 401, code: 'invalid_client' });
  });
});

describe('faults', () => {
  it('error-after-commit pays once; the retry with the same PayPal-Request-Id gets the batch', async () => {
    const client = await setUp();
    paypal.faults.add({ operation: 'payouts.create', kind: 'error-after-commit', status: 503 });
    const { data, response } = await client.payouts.create(createBody(1, 'after-1')).withResponse();
    expect(response.status).toBe(200);
    expect(paypal.requests.map((request) => request.status)).toEqual([200, 503, 200]);
    expect(paypal.ledger.batches()).toEqual([expect.objectContaining({ payoutBatchId: data.batch_header?.payout_batch_id })]);
  });

  it('reset-after-commit drops the connection after paying; error-before-commit pays nothing', async () => {
    const client = await setUp({}, { maxRetries: 0 });
    paypal.faults.add({ operation: 'payouts.create', kind: 'reset-after-commit' });
    await expect(client.payouts.create(createBody(1, 'reset-1'))).rejects.toThrow();
    expect(paypal.ledger.batches()).toHaveLength(1);
    paypal.faults.add({ operation: 'payouts.create', kind: 'error-before-commit', times: 2 });
    await expect(client.payouts.create(createBody(1, 'before-1'))).rejects.toMatchObject({ status: 500 });
    expect(paypal.ledger.batches()).toHaveLength(1);
  });

  it('rate-limit answers 429 with and without Retry-After; token endpoint failures', async () => {
    await setUp();
    paypal.faults.add({ operation: 'payouts.get', kind: 'rate-limit', retryAfterSeconds: 3 }).add({ operation: 'payouts.get', kind: 'rate-limit' });
    const limited = await raw('/v1/payments/payouts/B1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    const bare = await raw('/v1/payments/payouts/B1');
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();

    paypal.faults.add({ operation: 'oauth2.token', kind: 'error-before-commit', status: 503, times: Infinity });
    const client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, maxRetries: 0, ...throughPrism(paypal) });
    await expect(client.payouts.get('B1')).rejects.toMatchObject({ status: 503 });
  });
});

describe('ledger', () => {
  it('lists every committed item with its amount and status, and totals by currency', async () => {
    const client = await setUp({ clock: 'instant' });
    const body = createBody(2, 'ledger-1');
    body.items[1] = { amount: { value: '1500', currency: 'JPY' }, receiver: 'unclaimed@example.com', sender_item_id: 'jp' };
    const { batch_header } = await client.payouts.create(body);
    await client.payouts.get(batch_header!.payout_batch_id);
    expect(paypal.ledger.items()).toEqual([
      expect.objectContaining({ senderBatchId: 'ledger-1', senderItemId: 'item-0', amount: { value: '1.00', currency: 'USD' }, status: 'SUCCESS' }),
      expect.objectContaining({ senderItemId: 'jp', receiver: 'unclaimed@example.com', amount: { value: '1500', currency: 'JPY' }, status: 'UNCLAIMED' }),
    ]);
    expect(paypal.ledger.totals()).toEqual({ USD: '1.00', JPY: '1500' });
    expect(paypal.ledger.totals(['SUCCESS'])).toEqual({ USD: '1.00' });
  });
});

describe('errors the client maps', () => {
  it('a reused sender_batch_id is a BadRequestError subclass', async () => {
    const client = await setUp();
    await client.payouts.create(createBody(1, 'dup-2'));
    await expect(client.payouts.create(createBody(1, 'dup-2'))).rejects.toBeInstanceOf(BadRequestError);
  });
});
