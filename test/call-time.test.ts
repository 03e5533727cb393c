// A call is fixed when the method is called: the body is validated and serialised then, once, and
// every attempt sends those bytes. Changing the caller's objects afterwards, even during a retry's
// backoff, changes nothing that is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { PayoutsClient, ValidationError } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, createBody, json, PAYOUT_CREATED, startServer, withTokens, type Handler, type LocalServer } from './support/local-server.js';

const CREATE_PATH = '/v1/payments/payouts';
let server: LocalServer;
afterEach(() => server?.close());

async function clientFor(handler: Handler) {
  server = await startServer(withTokens(handler));
  return new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url });
}

const sentCreates = () => server.requestsTo(CREATE_PATH).map((request) => ({ id: request.headers['paypal-request-id'], body: JSON.parse(request.body) }));

describe('the body is taken when the method is called', () => {
  it('sends each payee of a reused template object, not the last one three times', async () => {
    const client = await clientFor((_, res) => json(res, 201, PAYOUT_CREATED));
    const payees = [
      { email: 'a@example.com', value: '100.00' },
      { email: 'b@example.com', value: '250.00' },
      { email: 'c@example.com', value: '900.00' },
    ];
    const template = createBody(1, 'template');
    const calls = [];
    for (const [index, payee] of payees.entries()) {
      template.sender_batch_header.sender_batch_id = `run-7-${index}`;
      template.items[0]!.receiver = payee.email;
      template.items[0]!.amount.value = payee.value;
      calls.push(client.payouts.create(template));
    }
    await Promise.all(calls);
    const sent = sentCreates();
    expect(sent.map(({ body }) => [body.items[0].receiver, body.items[0].amount.value])).toEqual(payees.map((p) => [p.email, p.value]));
    expect(new Set(sent.map(({ id }) => id)).size).toBe(3);
  });

  it('sends the same bytes on a retry, even when the caller changes the body during the backoff', async () => {
    let attempts = 0;
    const body = createBody(1, 'retry-1');
    const client = await clientFor((_, res) => {
      if (attempts++ > 0) return json(res, 201, PAYOUT_CREATED);
      body.items[0]!.amount.value = '10.999'; // invalid, and not what was asked for
      json(res, 503, { name: 'SERVICE_UNAVAILABLE' }, { 'retry-after': '0' });
    });
    await client.payouts.create(body);
    const [first, second] = server.requestsTo(CREATE_PATH);
    expect(second?.body).toBe(first?.body);
    expect(JSON.parse(first!.body).items[0].amount.value).toBe('1.00');
    expect(second?.headers['paypal-request-id']).toBe(first?.headers['paypal-request-id']);
  });

  it('validates at call time: a fix made after the call does not unblock it, a break made after does not block it', async () => {
    const client = await clientFor((_, res) => json(res, 201, PAYOUT_CREATED));
    const invalid = createBody(1, 'late-fix');
    invalid.items[0]!.amount.value = '10.999';
    const rejected = client.payouts.create(invalid);
    invalid.items[0]!.amount.value = '10.99';
    await expect(rejected).rejects.toBeInstanceOf(ValidationError);

    const valid = createBody(1, 'late-break');
    const accepted = client.payouts.create(valid);
    valid.items[0]!.amount.value = '10.999';
    await expect(accepted).resolves.toEqual(PAYOUT_CREATED);
    expect(sentCreates().map(({ body }) => body.items[0].amount.value)).toEqual(['1.00']);
  });

  it('takes a cancel’s requestId when the method is called', async () => {
    const client = await clientFor((_, res) => json(res, 200, { payout_item_id: 'I1', payout_batch_id: 'B1', payout_item: {} }));
    const options = { requestId: 'cancel-first' };
    const call = client.payoutItems.cancel('I1', options);
    options.requestId = 'cancel-second';
    await call;
    expect(server.requestsTo('/v1/payments/payouts-item/I1/cancel').map((request) => request.headers['paypal-request-id'])).toEqual(['cancel-first']);
  });

  it('rejects a body JSON cannot hold with a ValidationError, sending nothing', async () => {
    const client = await clientFor((_, res) => json(res, 201, PAYOUT_CREATED));
    const body = createBody(1, 'cyclic') as ReturnType<typeof createBody> & { self?: unknown };
    body.self = body;
    await expect(client.payouts.create(body)).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});
