// Which operations a retry may repeat, for the resource methods and `client.request` alike.

/**
 * Not retried: PATCH (PayPal does not promise to treat it idempotently), and webhook create (PayPal
 * takes no request ID there; a retry after a lost answer would report "URL already exists").
 */
const NOT_RETRY_SAFE = new Set(['POST /v1/notifications/webhooks']);

/** Whether `method` on the contract path `path` (such as `/v1/notifications/webhooks/{webhook_id}`) may be retried. */
export function isRetrySafe(method: string, path: string): boolean {
  return method !== 'PATCH' && !NOT_RETRY_SAFE.has(`${method} ${path}`);
}
