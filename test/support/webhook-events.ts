// Webhook event bodies as PayPal sends them: pretty-printed, `1.0` as a string, links.
// Shapes from PayPal's Payouts webhooks reference (../shared/webhooks/README.md: Payouts events).

/** A PAYMENT.PAYOUTSBATCH.SUCCESS event, as raw text with PayPal's spacing. */
export function batchEventBody(overrides: { id?: string; eventType?: string } = {}): string {
  const id = overrides.id ?? 'WH-7YX49823S2290830K-0JE13296W68552352';
  const eventType = overrides.eventType ?? 'PAYMENT.PAYOUTSBATCH.SUCCESS';
  return `{
  "id": "${id}",
  "event_version": "1.0",
  "create_time": "2026-11-21T10:00:42.000Z",
  "resource_type": "payouts",
  "event_type": "${eventType}",
  "summary": "Payouts batch completed successfully.",
  "resource": {
    "batch_header": {
      "payout_batch_id": "5UXD2E8A7EBQJ",
      "batch_status": "SUCCESS",
      "time_created": "2026-11-21T09:59:12Z",
      "time_completed": "2026-11-21T10:00:40Z",
      "sender_batch_header": { "sender_batch_id": "Payouts_2026_100007", "email_subject": "You have a payout!" },
      "amount": { "currency": "USD", "value": "1.00" },
      "fees": { "currency": "USD", "value": "0.00" },
      "payments": 1
    },
    "links": [
      { "href": "https://api.sandbox.paypal.com/v1/payments/payouts/5UXD2E8A7EBQJ", "rel": "self", "method": "GET" }
    ]
  },
  "links": [
    { "href": "https://api.sandbox.paypal.com/v1/notifications/webhooks-events/${id}", "rel": "self", "method": "GET" },
    { "href": "https://api.sandbox.paypal.com/v1/notifications/webhooks-events/${id}/resend", "rel": "resend", "method": "POST" }
  ]
}
`;
}
