// client.webhooks against Prism serving the contract: every operation, conforming requests (no
// sl-violations), and verifyOnline sending the event text exactly as received.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NotFoundError, PayoutsClient, RateLimitError, ValidationError } from '../src/index.js';
import { createWebhookTestKit, type WebhookTestKit } from '../src/webhooks/index.js';
import { batchEventBody } from './support/webhook-events.js';

const prismUrl = inject('prismUrl');
const exchanges: Array<{ method: string; path: string; body: string; status: number; violations: string | null }> = [];

function client(prefer?: string) {
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = await request.clone().text();
    if (prefer && !request.url.endsWith('/v1/oauth2/token')) request.headers.set('Prefer', prefer);
    const response = await fetch(request);
    exchanges.push({ method: request.method, path: new URL(request.url).pathname, body, status: response.status, violations: response.headers.get('sl-violations') });
    return response;
  };
  return new PayoutsClient({ clientId: 'prism-client', clientSecret: 'prism-secret', baseUrl: prismUrl, fetch: recordingFetch, maxRetries: 0 });
}

let kit: WebhookTestKit;
beforeAll(async () => {
  kit = await createWebhookTestKit();
});

afterAll(() => {
  expect(exchanges.length).toBeGreaterThan(0);
  expect(exchanges.filter((exchange) => exchange.violations !== null)).toEqual([]);
});

describe('client.webhooks against the contract', () => {
  const webhooks = client().webhooks;

  it('creates, lists, shows and deletes a webhook', async () => {
    const created = await webhooks.create({ url: 'https://example.com/paypal/webhooks', event_types: [{ name: 'PAYMENT.PAYOUTSBATCH.SUCCESS' }] });
    expect(created.id).toBe('0EH40505U7160970P');
    expect((await webhooks.list()).webhooks?.[0]?.id).toBe(created.id);
    expect((await webhooks.list({ anchorType: 'ACCOUNT' })).webhooks).toHaveLength(1);
    expect((await webhooks.get(created.id!)).url).toBe('https://example.com/paypal/webhooks');
    const { data, response } = await webhooks.delete(created.id!).withResponse();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });

  it('lists event types, shows and resends an event, simulates an item event', async () => {
    const types = await webhooks.listEventTypes();
    expect(types.event_types?.map((type) => type.name)).toContain('PAYMENT.PAYOUTS-ITEM.UNCLAIMED');
    const eventId = 'WH-7YX49823S2290830K-0JE13296W68552352';
    expect((await webhooks.getEvent(eventId)).event_type).toBe('PAYMENT.PAYOUTSBATCH.SUCCESS');
    expect((await webhooks.resendEvent(eventId, { webhookIds: ['0EH40505U7160970P'] })).id).toBe(eventId);
    const sample = await webhooks.simulateEvent({ eventType: 'PAYMENT.PAYOUTS-ITEM.UNCLAIMED', webhookId: '0EH40505U7160970P' });
    expect(sample.id).toMatch(/^WH-/);
  });

  it('verifyOnline sends the raw event unchanged inside the JSON body', async () => {
    const body = batchEventBody().replace('"Payouts batch completed successfully."', '"Auszahlung \\u20ac 1.0 an Jürgen"');
    const headers = await kit.sign({ body, webhookId: '0EH40505U7160970P' });
    const before = exchanges.length;
    const result = await webhooks.verifyOnline({ headers, body: new TextEncoder().encode(body), webhookId: '0EH40505U7160970P' });
    expect(result.verification_status).toBe('SUCCESS');
    const sent = exchanges.slice(before).find((exchange) => exchange.path === '/v1/notifications/verify-webhook-signature')!;
    expect(sent.body).toContain(`"webhook_event":${body}}`);
    expect(JSON.parse(sent.body)).toMatchObject({ webhook_id: '0EH40505U7160970P', transmission_sig: headers['PAYPAL-TRANSMISSION-SIG'], auth_algo: 'SHA256withRSA' });
  });

  it('refuses what PayPal would refuse, before sending', async () => {
    const body = batchEventBody();
    const headers = await kit.sign({ body, webhookId: 'WEBHOOK_ID' });
    const before = exchanges.length;
    await expect(webhooks.verifyOnline({ headers, body, webhookId: 'WEBHOOK_ID' })).rejects.toThrow(ValidationError);
    await expect(webhooks.verifyOnline({ headers, body: JSON.parse(body) as string, webhookId: 'X1' })).rejects.toThrow(ValidationError);
    await expect(webhooks.verifyOnline({ headers: {}, body, webhookId: 'X1' })).rejects.toMatchObject({ reason: 'missing_header' });
    await expect(webhooks.simulateEvent({ eventType: 'PAYMENT PAYOUTS' })).rejects.toThrow(/eventType/);
    expect(exchanges.length).toBe(before);
  });

  it('maps documented errors to their classes', async () => {
    await expect(client('code=404').webhooks.get('0EH40505U7160970P')).rejects.toThrow(NotFoundError);
    await expect(client('code=429').webhooks.listEventTypes()).rejects.toThrow(RateLimitError);
  });
});

describe('the Webhooks API through client.request', () => {
  it('calls webhook operations by method and path, checked against their validators', async () => {
    const paypal = client();
    const types = await paypal.request('GET', '/v1/notifications/webhooks-event-types', {});
    expect(types.event_types?.length).toBeGreaterThan(0);
    const event = await paypal.request('GET', '/v1/notifications/webhooks-events/{event_id}', {
      params: { path: { event_id: 'WH-7YX49823S2290830K-0JE13296W68552352' } },
    });
    expect(event.event_type).toBe('PAYMENT.PAYOUTSBATCH.SUCCESS');
    await expect(paypal.request('DELETE', '/v1/notifications/webhooks/{webhook_id}', { params: { path: { webhook_id: '0EH40505U7160970P' } } })).resolves.toBeUndefined();
    await expect(paypal.request('POST', '/v1/notifications/simulate-event', { body: { event_type: 'PAYMENT PAYOUTS' } })).rejects.toThrow(ValidationError);
  });
});
