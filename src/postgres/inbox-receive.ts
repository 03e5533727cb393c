// The HTTP side of the webhook inbox: verify a delivery, record its event once, answer.
import { WebhookVerificationError } from '../errors.js';
import type { DeliveryHeaders } from '../webhook-delivery.js';
import { verifyWebhookSignature, type VerifyOptions } from '../webhooks/verify.js';
import { inTransaction, type Database } from './database.js';
import { eventCreateTime, eventSubject } from './webhook-event-key.js';

/** The answer to a delivery: a status and a short text saying why. */
export interface DeliveryAnswer {
  status: 200 | 400 | 503;
  text: string;
}

export interface ReceiveContext {
  database: Database;
  ready: () => Promise<void>;
  webhookId: string;
  verifyOptions: VerifyOptions | undefined;
}

/**
 * 200 once the event is committed (or was already), 400 when verification fails, 503 when the database
 * cannot be reached or PayPal's certificate cannot be fetched: PayPal delivers again on any status but
 * 2xx, 25 times over three days (paypal-facts.md #12), so nothing acknowledged is ever lost.
 */
export async function receiveDelivery(context: ReceiveContext, headers: DeliveryHeaders, body: Uint8Array): Promise<DeliveryAnswer> {
  let event;
  try {
    event = await verifyWebhookSignature({ headers, body, webhookId: context.webhookId }, context.verifyOptions);
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    if (error.reason === 'certificate_fetch_failed') return { status: 503, text: 'cannot fetch the signing certificate now' };
    return { status: 400, text: `refused: ${error.reason}` };
  }
  const { pool, schema } = context.database;
  try {
    await context.ready();
    await inTransaction(pool, async (client) => {
      const subject = eventSubject(event);
      // The event row is the queue entry: recording and enqueuing are one insert; the subject row is what workers lock.
      await client.query(`INSERT INTO ${schema}.webhook_items (item_key) VALUES ($1) ON CONFLICT DO NOTHING`, [subject]);
      await client.query(
        `INSERT INTO ${schema}.webhook_events (event_id, event_type, item_key, create_time, body)
         VALUES ($1, $2, $3, coalesce($4::timestamptz, now()), $5) ON CONFLICT (event_id) DO NOTHING`,
        [event.id, event.event_type, subject, eventCreateTime(event) ?? null, new TextDecoder().decode(body)],
      );
    });
  } catch {
    return { status: 503, text: 'the event store cannot be reached; deliver again' };
  }
  return { status: 200, text: 'recorded' };
}
