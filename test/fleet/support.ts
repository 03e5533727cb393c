// Signed webhook deliveries for the inbox suites: PAYMENT.PAYOUTS-ITEM events of chosen items, with
// chosen create_times, signed by a test kit the inbox is told to trust.
import { createWebhookTestKit, type WebhookTestKit } from '../../src/webhooks/index.js';
import pg from 'pg';

export const WEBHOOK_ID = '8PT597110X687430LKGECATA';

/** A payout-item event as PayPal shapes it (paypal-facts.md #11): the item is the resource. */
export function itemEventBody(eventId: string, payoutItemId: string, createTime: Date): string {
  return JSON.stringify({
    id: eventId,
    event_version: '1.0',
    create_time: createTime.toISOString(),
    resource_type: 'payouts_item',
    event_type: 'PAYMENT.PAYOUTS-ITEM.SUCCEEDED',
    summary: 'A payout item has succeeded',
    resource: { payout_item_id: payoutItemId, transaction_status: 'SUCCESS', payout_batch_id: 'BATCH1' },
  });
}

export interface Signer {
  kit: WebhookTestKit;
  /** verifyOptions for an inbox that trusts the kit. */
  verifyOptions: { trustAnchors: string[]; fetchCertificate: (url: string) => Promise<string> };
  /** POSTs `body`, signed, to `url`; resolves with the status. */
  deliver: (url: string, body: string) => Promise<number>;
}

export async function createSigner(): Promise<Signer> {
  const kit = await createWebhookTestKit();
  return {
    kit,
    verifyOptions: { trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate },
    deliver: async (url, body) => {
      const headers = await kit.sign({ body, webhookId: WEBHOOK_ID });
      const response = await fetch(url, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } });
      await response.arrayBuffer();
      return response.status;
    },
  };
}

/** Runs one query on its own connection. */
export async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Resolves once `check` is true, polling. */
export async function until(check: () => Promise<boolean>, pollMs = 100): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, pollMs));
}
