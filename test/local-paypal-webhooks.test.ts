// Webhook deliveries from the local PayPal: signed with the webhooks test kit, verified end to end with
// verifyWebhookSignature, redelivered while a listener fails; and the Webhooks API calls. Every client
// call goes through Prism.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PayoutsClient } from '../src/index.js';
import { RETRY_DELAYS_MS, startLocalPayPal, type LocalPayPal } from '../src/testing/index.js';
import { verifyWebhookSignature } from '../src/webhooks/index.js';
import { createBody, startServer, type LocalServer, type RecordedRequest } from './support/local-server.js';
import { exchanges, throughPrism, violations } from './support/through-prism.js';

let paypal: LocalPayPal;
let listener: LocalServer;
afterEach(async () => {
  await paypal?.close();
  await listener?.close();
});
// Every call went through Prism, and none broke the contract. The Webhooks API test alone makes 19 calls;
// the Payouts calls that cause deliveries make the rest.
afterAll(() => {
  expect(exchanges.count).toBeGreaterThan(25);
  expect(violations).toEqual([]);
});

/** A listener that answers each delivery with the next of `statuses` (then 200). */
async function startListener(statuses: number[] = []) {
  listener = await startServer((_, res) => void res.writeHead(statuses.shift() ?? 200).end());
  return listener;
}

const client = () => new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, ...throughPrism(paypal) });

describe('deliveries', () => {
  it('announce a batch and its items, each verified by verifyWebhookSignature with the kit', async () => {
    const { url } = await startListener();
    paypal = await startLocalPayPal({ clock: 'manual', webhooks: { listeners: [{ url: `${url}/paypal` }] } });
    const body = createBody(2, 'webhooks-1');
    body.items[1]!.receiver = 'unclaimed-1@example.com';
    await client().payouts.create(body);
    paypal.clock.settle();
    const unclaimed = paypal.ledger.items().find((item) => item.status === 'UNCLAIMED')!;
    await client().payoutItems.cancel(unclaimed.payoutItemId);
    await paypal.deliveries.settled();

    const kit = await paypal.deliveries.kit();
    const webhookId = paypal.deliveries.listeners[0]!.webhookId;
    const received = listener.requestsTo('/paypal');
    const events = await Promise.all(
      received.map((request: RecordedRequest) =>
        verifyWebhookSignature({ headers: request.headers, body: request.body, webhookId }, { trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate }),
      ),
    );
    // A cancel announces CANCELED, not RETURNED (paypal-facts.md #4, #6).
    expect(events.map((event) => event.event_type).sort()).toEqual([
      'PAYMENT.PAYOUTS-ITEM.CANCELED',
      'PAYMENT.PAYOUTS-ITEM.SUCCEEDED',
      'PAYMENT.PAYOUTS-ITEM.UNCLAIMED',
      'PAYMENT.PAYOUTSBATCH.PROCESSING',
      'PAYMENT.PAYOUTSBATCH.SUCCESS',
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(5);
    expect(paypal.deliveries.list.every((delivery) => delivery.delivered)).toBe(true);

    // A delivery that was tampered with, or checked against another subscription, does not verify.
    const [first] = received;
    const options = { trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate };
    await expect(verifyWebhookSignature({ headers: first!.headers, body: first!.body.replace('PAYMENT', 'PAYMENX'), webhookId }, options)).rejects.toThrow();
    await expect(verifyWebhookSignature({ headers: first!.headers, body: first!.body, webhookId: 'OTHER1' }, options)).rejects.toThrow();
  });

  it('are retried while the listener fails, and only go to the event types asked for', async () => {
    const { url } = await startListener([500, 503]);
    paypal = await startLocalPayPal({ clock: 'instant', webhooks: { listeners: [{ url, eventTypes: ['PAYMENT.PAYOUTSBATCH.SUCCESS'] }] } });
    const { batch_header } = await client().payouts.create(createBody(1, 'webhooks-2'));
    await client().payouts.get(batch_header!.payout_batch_id);
    await paypal.deliveries.settled();
    const seen = () => paypal.deliveries.list.map(({ eventType, attempts, delivered }) => ({ eventType, statuses: attempts.map((attempt) => attempt.status), delivered }));
    expect(seen()).toEqual([{ eventType: 'PAYMENT.PAYOUTSBATCH.SUCCESS', statuses: [500], delivered: false }]);
    // Redeliveries follow the emulator's clock: 1 minute, then 2 (RETRY_DELAYS_MS).
    paypal.clock.advance(60_000);
    await expect.poll(() => seen()[0]?.statuses).toEqual([500, 503]);
    paypal.clock.advance(120_000);
    await expect.poll(() => seen()[0]).toEqual({ eventType: 'PAYMENT.PAYOUTSBATCH.SUCCESS', statuses: [500, 503, 200], delivered: true });
    expect(paypal.deliveries.list[0]!.attempts[0]).toMatchObject({ at: expect.stringMatching(/Z$/), answer: expect.any(String) });
  });

  it("follow PayPal's schedule: 25 attempts over about three days, then no more (paypal-facts.md #12)", async () => {
    expect(RETRY_DELAYS_MS).toHaveLength(24);
    const days = RETRY_DELAYS_MS.reduce((total, ms) => total + ms, 0) / 86_400_000;
    expect(days).toBeGreaterThan(2.5);
    expect(days).toBeLessThanOrEqual(3);
    const { url } = await startListener(Array(30).fill(500));
    paypal = await startLocalPayPal({ clock: 'instant', webhooks: { listeners: [{ url, eventTypes: ['PAYMENT.PAYOUTSBATCH.SUCCESS'] }] } });
    const { batch_header } = await client().payouts.create(createBody(1, 'webhooks-3'));
    await client().payouts.get(batch_header!.payout_batch_id);
    for (const ms of RETRY_DELAYS_MS) {
      await paypal.deliveries.settled();
      expect(paypal.deliveries.list[0]!.nextAttemptAt).toBeDefined();
      paypal.clock.advance(ms);
    }
    await expect.poll(() => paypal.deliveries.list[0]!.attempts.length).toBe(25);
    await paypal.deliveries.settled();
    expect(paypal.deliveries.list[0]).toMatchObject({ delivered: false, nextAttemptAt: undefined });
  });

  it('can deliver each event twice, and out of order', async () => {
    const { url } = await startListener();
    paypal = await startLocalPayPal({ clock: 'instant', webhooks: { listeners: [{ url }], duplicates: true, outOfOrder: true } });
    const { batch_header } = await client().payouts.create(createBody(1, 'webhooks-4'));
    await client().payouts.get(batch_header!.payout_batch_id);
    await expect.poll(() => listener.requests.length, { timeout: 15_000 }).toBe(6); // PROCESSING, SUCCESS, SUCCEEDED, each twice
    await paypal.deliveries.settled();
    const types = listener.requests.map((request) => (JSON.parse(request.body) as { event_type: string }).event_type);
    expect(new Set(types).size).toBe(3);
    // The batch's PROCESSING event, sent first, is held, so a later event arrives before it.
    expect(types[0]).not.toBe('PAYMENT.PAYOUTSBATCH.PROCESSING');
  });
});

describe('closing', () => {
  // A listener that never answers would hold each attempt for 5 s; close() ends the attempt in flight
  // and makes no other.
  it('stops deliveries: no attempt after close()', { timeout: 12_000 }, async () => {
    listener = await startServer(() => undefined);
    paypal = await startLocalPayPal({ clock: 'instant', webhooks: { listeners: [{ url: listener.url }] } });
    const { batch_header } = await client().payouts.create(createBody(1, 'webhooks-close'));
    await client().payouts.get(batch_header!.payout_batch_id);
    await expect.poll(() => listener.requests.length, { timeout: 8_000 }).toBeGreaterThan(0);
    await paypal.close();
    await paypal.deliveries.settled();
    expect(paypal.deliveries.list.map((delivery) => delivery.attempts.length).every((attempts) => attempts <= 1)).toBe(true);
    expect(paypal.deliveries.list.some((delivery) => delivery.delivered)).toBe(false);
  });
});

describe('the Webhooks API, through Prism', () => {

  it("serves client.webhooks: subscriptions, event types, events, resend, the simulator and verifyOnline", async () => {
    const { url } = await startListener();
    paypal = await startLocalPayPal({ clock: 'instant' });
    const webhooks = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, maxRetries: 0, ...throughPrism(paypal) }).webhooks;

    const created = await webhooks.create({ url, event_types: [{ name: '*' }] });
    expect(created).toMatchObject({ url, event_types: [{ name: '*' }] });
    const id = created.id!;
    expect((await webhooks.list()).webhooks).toHaveLength(1);
    expect((await webhooks.get(id)).id).toBe(id);
    await expect(webhooks.create({ url, event_types: [{ name: '*' }] })).rejects.toMatchObject({ status: 400, code: 'WEBHOOK_URL_ALREADY_EXISTS' });
    expect((await webhooks.listEventTypes()).event_types?.map((type) => type.name)).toContain('PAYMENT.PAYOUTS-ITEM.UNCLAIMED');

    // A batch's events reach the subscription; each can be read back, resent, and verified by postback.
    const { batch_header } = await client().payouts.create(createBody(1, 'webhooks-3'));
    await client().payouts.get(batch_header!.payout_batch_id);
    await paypal.deliveries.settled();
    const delivered = listener.requests[0]!;
    const event = JSON.parse(delivered.body) as { id: string; event_type: string };
    expect(await webhooks.getEvent(event.id)).toEqual(event);
    expect((await webhooks.resendEvent(event.id, { webhookIds: [id] })).id).toBe(event.id);
    await paypal.deliveries.settled();
    expect(listener.requests.filter((request) => request.body === delivered.body)).toHaveLength(2);
    expect(await webhooks.verifyOnline({ headers: delivered.headers, body: delivered.body, webhookId: id })).toEqual({ verification_status: 'SUCCESS' });
    expect(await webhooks.verifyOnline({ headers: delivered.headers, body: delivered.body.replace('"summary":"', '"summary":"forged '), webhookId: id })).toEqual({ verification_status: 'FAILURE' });
    expect(await webhooks.verifyOnline({ headers: delivered.headers, body: delivered.body, webhookId: 'OTHER1' })).toEqual({ verification_status: 'FAILURE' });

    // The simulator's sample event is signed with the webhook ID WEBHOOK_ID, as PayPal's is.
    const before = listener.requests.length;
    const sample = await webhooks.simulateEvent({ eventType: 'PAYMENT.PAYOUTS-ITEM.UNCLAIMED', url: `${url}/simulated` });
    await paypal.deliveries.settled();
    const simulated = listener.requests.slice(before).find((request) => request.path === '/simulated')!;
    const kit = await paypal.deliveries.kit();
    const verified = await verifyWebhookSignature({ headers: simulated.headers, body: simulated.body, webhookId: 'WEBHOOK_ID' }, { trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate });
    expect(verified).toMatchObject({ id: sample.id, event_type: 'PAYMENT.PAYOUTS-ITEM.UNCLAIMED', resource: { transaction_status: 'UNCLAIMED' } });

    await webhooks.delete(id);
    await expect(webhooks.get(id)).rejects.toMatchObject({ status: 404 });
    await expect(webhooks.getEvent('WH-NO-SUCH-EVENT')).rejects.toMatchObject({ status: 404 });
  });
});
