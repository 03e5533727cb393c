// Bad input never leaves the process: every problem is reported with its path, and the server sees nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayoutsClient, ValidationError, type CreatePayoutRequest } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, createBody, json, PAYOUT_CREATED, startServer, withTokens, type LocalServer } from './support/local-server.js';

let server: LocalServer;
let client: PayoutsClient;
beforeAll(async () => {
  server = await startServer(withTokens((_, res) => json(res, 201, PAYOUT_CREATED)));
  client = new PayoutsClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: server.url });
});
afterAll(() => server.close());

/** The issues of a rejected call, after checking that nothing reached the server. */
async function issuesOf(call: PromiseLike<unknown>) {
  const before = server.requests.length;
  const error = await Promise.resolve(call).then(() => expect.fail('should be rejected'), (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect(server.requests.length).toBe(before);
  return (error as ValidationError).issues;
}

function withItem(change: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const body = createBody(1);
  return { ...body, sender_batch_header: { ...body.sender_batch_header, ...header }, items: [{ ...body.items[0], ...change }] } as CreatePayoutRequest;
}

describe('create body validation', () => {
  it('sends a valid body exactly as given', async () => {
    const body = createBody(3);
    await client.payouts.create(body);
    expect(JSON.parse(server.requests.at(-1)!.body)).toEqual(body);
  });

  it('lists every problem with its path', async () => {
    const body = createBody(5) as CreatePayoutRequest;
    body.items[1]!.amount.value = '12.345';
    body.items[3]!.amount = { value: '500', currency: 'JPY' };
    body.items[4]!.amount = { value: '50.5', currency: 'JPY' };
    body.items[4]!.sender_item_id = 'item-0';
    delete (body.items[2] as { receiver?: string }).receiver;
    expect(await issuesOf(client.payouts.create(body))).toEqual([
      { path: 'items[2].receiver', message: expect.stringContaining('expected string') },
      { path: 'items[1].amount.value', message: 'must be at most 2 decimals for USD' },
      { path: 'items[4].amount.value', message: 'must be whole JPY, no decimals' },
      { path: 'items[4].sender_item_id', message: 'duplicates items[0].sender_item_id' },
    ]);
  });

  it.each([
    ['no items', { ...createBody(1), items: [] }, 'items'],
    ['15,001 items', createBody(15_001), 'items'],
    ['no header', { items: createBody(1).items }, 'sender_batch_header'],
  ])('rejects %s', async (_, body, path) => {
    const issues = await issuesOf(client.payouts.create(body as CreatePayoutRequest));
    expect(issues.map((issue) => issue.path)).toContain(path);
  });

  it('accepts 15,000 items', async () => {
    await expect(client.payouts.create(createBody(15_000))).resolves.toEqual(PAYOUT_CREATED);
  });

  it.each([
    ['a negative amount', { amount: { value: '-1.00', currency: 'USD' } }, 'items[0].amount.value'],
    ['a zero amount', { amount: { value: '0.00', currency: 'USD' } }, 'items[0].amount.value'],
    ['an exponent', { amount: { value: '1e3', currency: 'USD' } }, 'items[0].amount.value'],
    ['decimals for HUF', { amount: { value: '100.50', currency: 'HUF' } }, 'items[0].amount.value'],
    ['decimals for TWD', { amount: { value: '1.5', currency: 'TWD' } }, 'items[0].amount.value'],
    ['a lower-case currency', { amount: { value: '1.00', currency: 'usd' } }, 'items[0].amount.currency'],
    ['an unknown recipient type', { recipient_type: 'FAX' }, 'items[0].recipient_type'],
    ['an overlong receiver', { receiver: `${'x'.repeat(120)}@example.com` }, 'items[0].receiver'],
    // PayPal's currency-code table (paypal-facts.md #8): BTC is no currency PayPal pays.
    ['a currency PayPal does not pay', { amount: { value: '10.00', currency: 'BTC' } }, 'items[0].amount.currency'],
    // Our per-item cap (paypal-facts.md #9, low confidence): 20,000 USD; elsewhere at most 9 whole digits.
    ['an amount over the per-item cap', { amount: { value: '20000.01', currency: 'USD' } }, 'items[0].amount.value'],
    ['an absurd amount', { amount: { value: '99000000000000000000000000000', currency: 'EUR' } }, 'items[0].amount.value'],
    ['an email receiver that is no address', { receiver: 'not an address' }, 'items[0].receiver'],
    ['a phone receiver that is no number', { recipient_type: 'PHONE', receiver: 'call me' }, 'items[0].receiver'],
    ['a PayPal ID that is not 13 characters', { recipient_type: 'PAYPAL_ID', receiver: 'ABC123' }, 'items[0].receiver'],
    ['a handle outside Venmo', { recipient_type: 'USER_HANDLE', receiver: '@some-handle' }, 'items[0].recipient_wallet'],
    ['a wallet outside the contract', { recipient_wallet: '3.00' }, 'items[0].recipient_wallet'],
    ['a NUL in the note', { note: 'thanks\u0000' }, 'items[0].note'],
    ['a tab in the sender_item_id', { sender_item_id: 'id\t1' }, 'items[0].sender_item_id'],
    // Venmo (paypal-facts.md #7): USD only, a note required, a US mobile number or a handle.
    ['Venmo in EUR', { recipient_wallet: 'VENMO', recipient_type: 'USER_HANDLE', receiver: '@some-handle', note: 'hi', amount: { value: '1.00', currency: 'EUR' } }, 'items[0].amount.currency'],
    ['Venmo without a note', { recipient_wallet: 'VENMO', recipient_type: 'USER_HANDLE', receiver: '@some-handle' }, 'items[0].note'],
    ['Venmo to a non-US phone', { recipient_wallet: 'VENMO', recipient_type: 'PHONE', receiver: '+44 20 7946 0958', note: 'hi' }, 'items[0].receiver'],
    ['Venmo to an email', { recipient_wallet: 'VENMO', note: 'hi' }, 'items[0].recipient_type'],
  ])('rejects %s', async (_, change, path) => {
    expect((await issuesOf(client.payouts.create(withItem(change)))).map((issue) => issue.path)).toEqual([path]);
  });

  it('requires a recipient type on the item when the header has none', async () => {
    const issues = await issuesOf(client.payouts.create(withItem({}, { recipient_type: undefined })));
    expect(issues).toEqual([{ path: 'items[0].recipient_type', message: 'required when sender_batch_header.recipient_type is not set' }]);
    await expect(client.payouts.create(withItem({ recipient_type: 'USER_HANDLE', recipient_wallet: 'VENMO', receiver: '@some-handle', note: 'thanks' }, { recipient_type: undefined }))).resolves.toBeDefined();
  });

  it('accepts whole amounts for whole-unit currencies, and up to 2 decimals otherwise', async () => {
    await expect(client.payouts.create(withItem({ amount: { value: '1500', currency: 'JPY' } }))).resolves.toBeDefined();
    await expect(client.payouts.create(withItem({ amount: { value: '0.5', currency: 'EUR' } }))).resolves.toBeDefined();
  });

  it.each([
    ['a Venmo payment to a US phone', { recipient_wallet: 'VENMO', recipient_type: 'PHONE', receiver: '+1 (408) 555-0100', note: 'lunch' }],
    ['a PayPal ID', { recipient_type: 'PAYPAL_ID', receiver: 'QZXDF8J3K7B2M' }],
    ['a phone number', { recipient_type: 'PHONE', receiver: '+49 30 901820' }],
    ['20,000 USD', { amount: { value: '20000.00', currency: 'USD' } }],
  ])('accepts %s', async (_, change) => {
    await expect(client.payouts.create(withItem(change))).resolves.toBeDefined();
  });

  it('shows the value at fault, and refuses it through client.request too', async () => {
    const body = withItem({ amount: { value: '10.00', currency: 'BTC' } });
    const issues = await issuesOf(client.payouts.create(body));
    expect(issues[0]?.message).toContain('"BTC"');
    const viaRequest = await issuesOf(client.request('POST', '/v1/payments/payouts', { body }));
    expect(viaRequest).toEqual(issues.map((issue) => ({ ...issue, path: `body.${issue.path}` })));
  });

  it('names the message in the error text', async () => {
    const error = await client.payouts.create(withItem({ amount: { value: '1.999', currency: 'USD' } })).then(undefined, (e: unknown) => e);
    expect(String(error)).toBe('ValidationError: Invalid request, nothing was sent: items[0].amount.value: must be at most 2 decimals for USD');
  });
});

describe('parameter validation', () => {
  it.each([
    [() => client.payouts.get(''), 'batchId'],
    [() => client.payouts.get('B1', { pageSize: 0 }), 'pageSize'],
    [() => client.payouts.get('B1', { page: 1001 }), 'page'],
    [() => client.payouts.get('B1', { page: 1.5 }), 'page'],
    [() => client.payoutItems.get('x'.repeat(33)), 'itemId'],
    [() => client.payoutItems.cancel(''), 'itemId'],
    [() => client.payouts.create(createBody(), { requestId: '' }), 'requestId'],
  ])('names the option at fault (%#)', async (call, path) => {
    expect((await issuesOf(call())).map((issue) => issue.path)).toEqual([path]);
  });
});
