// Typed payouts events: a discriminated union on event_type that keeps unknown fields and types.
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { zPayoutsBatchEvent, zPayoutsItemEvent } from '../generated/zod.js';
import {
  createWebhookTestKit,
  isPayoutsEvent,
  verifyWebhookSignature,
  type UnknownWebhookEvent,
  type WebhookEvent,
  type WebhookTestKit,
} from '../src/webhooks/index.js';
import { batchEventBody } from './support/webhook-events.js';

let kit: WebhookTestKit;
beforeAll(async () => {
  kit = await createWebhookTestKit();
});

async function deliver(body: string): Promise<WebhookEvent> {
  const headers = await kit.sign({ body, webhookId: 'EVENTSTEST' });
  return verifyWebhookSignature({ headers, body, webhookId: 'EVENTSTEST' }, { trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate });
}

/** The payout item field a handler reads, by event type; compiles only if narrowing works. */
function describeEvent(event: WebhookEvent): string {
  if (!isPayoutsEvent(event)) return `other ${event.event_type}`;
  switch (event.event_type) {
    case 'PAYMENT.PAYOUTSBATCH.SUCCESS':
    case 'PAYMENT.PAYOUTSBATCH.DENIED':
    case 'PAYMENT.PAYOUTSBATCH.PROCESSING':
      return `batch ${event.resource.batch_header?.payout_batch_id} ${event.resource.batch_header?.batch_status}`;
    case 'PAYMENT.PAYOUTS-ITEM.UNCLAIMED':
    case 'PAYMENT.PAYOUTS-ITEM.RETURNED':
      return `item ${event.resource.payout_item_id} ${event.resource.transaction_status}`;
    default:
      return `payouts ${event.event_type}`;
  }
}

const ITEM_EVENT = `{"id":"WH-1AB23456CD789012E-3FG45678HI901234J","event_version":"1.0","create_time":"2026-11-21T10:05:00.000Z",
"resource_type":"payouts_item","event_type":"PAYMENT.PAYOUTS-ITEM.UNCLAIMED","summary":"A payout item is unclaimed.",
"resource":{"payout_item_id":"9NKBTQZXDQ4WE","transaction_id":"1DG93452WK758815H","transaction_status":"UNCLAIMED",
"payout_batch_id":"5UXD2E8A7EBQJ","sender_batch_id":"Payouts_2026_100007","payout_item_fee":{"currency":"USD","value":"0.00"},
"payout_item":{"recipient_type":"EMAIL","amount":{"currency":"USD","value":"1.00"},"receiver":"someone@example.com","sender_item_id":"item-1"},
"time_processed":"2026-11-21T10:04:59Z","links":[]},"links":[]}`;

describe('typed events', () => {
  it('narrows batch and item events on event_type, keeping fields the contract lacks', async () => {
    const batch = await deliver(batchEventBody());
    expect(describeEvent(batch)).toBe('batch 5UXD2E8A7EBQJ SUCCESS');
    expect(isPayoutsEvent(batch)).toBe(true);
    // `payments` is sent in events but absent from the Payouts document; it stays.
    if (isPayoutsEvent(batch) && batch.event_type === 'PAYMENT.PAYOUTSBATCH.SUCCESS') expect(batch.resource.batch_header?.payments).toBe(1);
    else expect.fail('a batch event');
    const item = await deliver(ITEM_EVENT);
    expect(describeEvent(item)).toBe('item 9NKBTQZXDQ4WE UNCLAIMED');
  });

  it('returns unknown event types and extra fields as they came, typed as unknown', async () => {
    const body = batchEventBody({ eventType: 'PAYMENT.CAPTURE.COMPLETED' }).replace('"summary"', '"brand_new_field": {"x": 1}, "summary"');
    const event = await deliver(body);
    expect(describeEvent(event)).toBe('other PAYMENT.CAPTURE.COMPLETED');
    expect(isPayoutsEvent(event)).toBe(false);
    expect(event).toMatchObject({ brand_new_field: { x: 1 } });
    if (!isPayoutsEvent(event)) expectTypeOf(event).toEqualTypeOf<UnknownWebhookEvent>();
  });

  it("the contract's validators accept the events PayPal sends", () => {
    expect(zPayoutsBatchEvent.safeParse(JSON.parse(batchEventBody())).success).toBe(true);
    expect(zPayoutsItemEvent.safeParse(JSON.parse(ITEM_EVENT)).success).toBe(true);
    expect(zPayoutsItemEvent.safeParse(JSON.parse(batchEventBody())).success).toBe(false);
  });
});
